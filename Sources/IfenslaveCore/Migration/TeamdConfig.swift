// SPDX-License-Identifier: GPL-2.0-or-later
/// A teamd configuration (teamd.conf(5), as `teamdctl TEAM config dump` prints it) turned
/// into the bond that does the same: the runner into a mode, the link watchers into MII or
/// ARP/NS monitoring, the LACP settings, and the ports as slaves with their own options.
/// What bonding has no equivalent for is refused by its key, so that nothing is built that
/// behaves otherwise than the team did.
struct TeamdConfig {
  /// The bond to build.
  struct Bond: Equatable {
    var master: InterfaceName
    var settings: [BondSetting]
    var slaves: [InterfaceName]
    var slaveSettings: [InterfaceName: [SlaveSetting]]
    /// How a teamd setting was translated where the two differ, for the user to know.
    var notes: [String]
  }

  struct Refusal: Error, Equatable, CustomStringConvertible {
    let reason: String
    var description: String { reason }
  }

  /// The bond for `text`; `master` names it instead of the configuration's `device`.
  static func bond(from text: [UInt8], master: InterfaceName?) throws(Refusal) -> Bond {
    let root: JSON
    do { root = try JSONReader.read(text) } catch { throw Refusal(reason: "not JSON: \(error)") }
    var reader = TeamdConfig(root: root)
    return try reader.convert(master: master)
  }

  private let root: JSON
  private var values: [BondOption: OptionValue] = [:]
  private var notes: [String] = []

  private init(root: JSON) { self.root = root }

  // MARK: - Reading the JSON

  private static func members(_ value: JSON?, at path: String) throws(Refusal) -> [JSON.Member] {
    guard let value else { return [] }
    guard case .object(let members) = value else {
      throw Refusal(reason: "\(path) is not an object")
    }
    return members
  }

  private static func child(_ value: JSON?, _ key: String) -> JSON? {
    guard case .object(let members)? = value else { return nil }
    return members.first { $0.key == key }?.value
  }

  private static func string(_ value: JSON?, at path: String) throws(Refusal) -> String? {
    guard let value, value != .null else { return nil }
    guard case .string(let text) = value else { throw Refusal(reason: "\(path) is not a string") }
    return text
  }

  private static func int(_ value: JSON?, at path: String) throws(Refusal) -> Int64? {
    guard let value, value != .null else { return nil }
    guard case .int(let n) = value else { throw Refusal(reason: "\(path) is not a number") }
    return n
  }

  private static func bool(_ value: JSON?, at path: String) throws(Refusal) -> Bool? {
    guard let value, value != .null else { return nil }
    guard case .bool(let b) = value else { throw Refusal(reason: "\(path) is not true or false") }
    return b
  }

  /// Refuses every key of `object` not in `known`: a setting this translation does not know
  /// would be lost without a word.
  private static func onlyKnown(_ object: JSON?, at path: String, _ known: Set<String>)
    throws(Refusal)
  {
    for member in try members(object, at: path) where !known.contains(member.key) {
      throw Refusal(
        reason: "\(path.isEmpty ? "" : path + ".")\(member.key) has no bonding equivalent")
    }
  }

  private mutating func set(_ option: BondOption, _ text: String, from path: String) throws(Refusal)
  {
    do { values[option] = try option.parse(text) } catch {
      throw Refusal(reason: "\(path): \(text) is not a valid --\(option.name) (\(error.reason))")
    }
  }

  // MARK: - The translation

  private mutating func convert(master: InterfaceName?) throws(Refusal) -> Bond {
    try Self.onlyKnown(
      root, at: "",
      [
        "device", "debug_level", "hwaddr", "runner", "link_watch", "link_watch_policy", "ports",
        "notify_peers",
        "mcast_rejoin",
      ])
    let device = try Self.string(Self.child(root, "device"), at: "device")
    let name: InterfaceName
    if let master {
      name = master
    } else if let device, let valid = try? InterfaceName(validating: device) {
      name = valid
    } else {
      throw Refusal(reason: "the configuration names no device; give MASTER")
    }
    if let hwaddr = try Self.string(Self.child(root, "hwaddr"), at: "hwaddr") {
      try set(.hwaddr, hwaddr, from: "hwaddr")
    }

    let mode = try runner()
    try peers()
    let ports = try Self.members(Self.child(root, "ports"), at: "ports")
    try linkWatch(ports: ports, mode: mode)

    var slaves: [InterfaceName] = []
    var slaveSettings: [InterfaceName: [SlaveSetting]] = [:]
    var keys: Set<Int64> = []
    var sticky = false
    for port in ports {
      let path = "ports.\(port.key)"
      guard let slave = try? InterfaceName(validating: port.key) else {
        throw Refusal(reason: "\(path): not an interface name")
      }
      try Self.onlyKnown(
        port.value, at: path, ["prio", "sticky", "queue_id", "lacp_prio", "lacp_key", "link_watch"])
      var settings: [SlaveSetting] = []
      if let queue = try Self.int(Self.child(port.value, "queue_id"), at: path + ".queue_id") {
        settings.append(try slaveSetting(.queueID, queue, at: path + ".queue_id"))
      }
      if let prio = try Self.int(Self.child(port.value, "prio"), at: path + ".prio"), prio != 0 {
        guard mode == .activeBackup else {
          throw Refusal(
            reason:
              "\(path).prio: bonding has slave priorities in active-backup mode only, not \(mode)")
        }
        settings.append(try slaveSetting(.prio, prio, at: path + ".prio"))
      }
      if let lacpPrio = try Self.int(Self.child(port.value, "lacp_prio"), at: path + ".lacp_prio"),
        lacpPrio != 255
      {
        settings.append(try slaveSetting(.actorPortPrio, lacpPrio, at: path + ".lacp_prio"))
      }
      keys.insert(try Self.int(Self.child(port.value, "lacp_key"), at: path + ".lacp_key") ?? 0)
      sticky =
        try Self.bool(Self.child(port.value, "sticky"), at: path + ".sticky") ?? false || sticky
      slaves.append(slave)
      if !settings.isEmpty { slaveSettings[slave] = settings }
    }
    // bonding has one user port key for all its ports.
    if keys.count > 1 {
      throw Refusal(
        reason:
          "ports.*.lacp_key: bonding has one key for every port (ad_user_port_key), and the ports have \(keys.count)"
      )
    }
    if let key = keys.first, key != 0 {
      try set(.adUserPortKey, String(key), from: "ports.*.lacp_key")
    }
    if sticky {
      // A sticky port stays active when a port of higher priority comes back.
      try set(.primaryReselect, "failure", from: "ports.*.sticky")
      notes.append("ports.*.sticky: primary_reselect failure, which bonding applies to every slave")
    }
    let settings = BondOption.all.compactMap { option in
      values[option].map { BondSetting(option, $0) }
    }
    return Bond(
      master: name, settings: settings, slaves: slaves, slaveSettings: slaveSettings, notes: notes)
  }

  private func slaveSetting(_ option: SlaveOption, _ value: Int64, at path: String) throws(Refusal)
    -> SlaveSetting
  {
    guard option.range.contains(value) else {
      throw Refusal(
        reason:
          "\(path): \(value) is outside --\(option.name)'s \(option.range.lowerBound)-\(option.range.upperBound)"
      )
    }
    return SlaveSetting(option, value)
  }

  /// runner.*: the mode, and the runner's own settings.
  private mutating func runner() throws(Refusal) -> BondMode {
    let runner = Self.child(root, "runner")
    let name = try Self.string(Self.child(runner, "name"), at: "runner.name") ?? "roundrobin"
    let mode: BondMode
    var known: Set<String> = ["name"]
    switch name {
    case "broadcast": mode = .broadcast
    case "roundrobin": mode = .balanceRR
    case "random":
      // packets_per_slave 0 sends each packet through a slave chosen at random.
      mode = .balanceRR
      try set(.packetsPerSlave, "0", from: "runner.name")
    case "activebackup":
      mode = .activeBackup
      known.insert("hwaddr_policy")
      if let policy = try Self.string(
        Self.child(runner, "hwaddr_policy"), at: "runner.hwaddr_policy")
      {
        let failOverMAC: [String: String] = [
          "same_all": "none", "by_active": "active", "only_active": "follow",
        ]
        guard let value = failOverMAC[policy] else {
          throw Refusal(reason: "runner.hwaddr_policy \(policy) has no bonding equivalent")
        }
        try set(.failOverMAC, value, from: "runner.hwaddr_policy")
      }
    case "loadbalance", "lacp":
      known.formUnion(["tx_hash", "tx_balancer"])
      let balancer = Self.child(runner, "tx_balancer")
      try Self.onlyKnown(balancer, at: "runner.tx_balancer", ["name"])
      let active = try Self.string(Self.child(balancer, "name"), at: "runner.tx_balancer.name")
      if name == "lacp" {
        mode = .ieee8023ad
        if active != nil {
          throw Refusal(
            reason: "runner.tx_balancer: bonding balances 802.3ad transmits by hash only")
        }
        try lacp(runner, known: &known)
      } else if let active {
        guard active == "basic" else {
          throw Refusal(reason: "runner.tx_balancer.name \(active) has no bonding equivalent")
        }
        // Active transmit balancing by load: balance-tlb with its dynamic balancing.
        mode = .balanceTLB
        notes.append("runner.tx_balancer basic: balance-tlb, which balances transmits by load")
      } else {
        mode = .balanceXOR
      }
      try txHash(runner)
    default:
      throw Refusal(reason: "runner.name \(name) is not a teamd runner bonding has")
    }
    try Self.onlyKnown(runner, at: "runner", known)
    try set(.mode, mode.description, from: "runner.name")
    return mode
  }

  /// runner.tx_hash: the fragments teamd hashes on, as the nearest transmit hash policy.
  private mutating func txHash(_ runner: JSON?) throws(Refusal) {
    // teamd's default hashes MAC and IP addresses.
    var fragments: Set<String> = ["eth", "ipv4", "ipv6"]
    if case .array(let items)? = Self.child(runner, "tx_hash") {
      fragments = []
      for item in items {
        guard case .string(let fragment) = item else {
          throw Refusal(reason: "runner.tx_hash holds a non-string")
        }
        fragments.insert(fragment)
      }
    } else if let other = Self.child(runner, "tx_hash"), other != .null {
      throw Refusal(reason: "runner.tx_hash is not an array")
    }
    let known: Set<String> = [
      "eth", "vlan", "ipv4", "ipv6", "ip", "l3", "tcp", "udp", "sctp", "l4",
    ]
    if let unknown = fragments.subtracting(known).sorted().first {
      throw Refusal(reason: "runner.tx_hash \(unknown) is not a teamd hash fragment")
    }
    let policy: String
    if !fragments.isDisjoint(with: ["tcp", "udp", "sctp", "l4"]) {
      policy = "layer3+4"
    } else if !fragments.isDisjoint(with: ["ipv4", "ipv6", "ip", "l3"]) {
      policy = "layer2+3"
    } else {
      policy = "layer2"
    }
    if fragments.contains("vlan") {
      notes.append("runner.tx_hash vlan: bonding's \(policy) does not hash the VLAN ID")
    }
    try set(.xmitHashPolicy, policy, from: "runner.tx_hash")
  }

  /// The lacp runner's own settings.
  private mutating func lacp(_ runner: JSON?, known: inout Set<String>) throws(Refusal) {
    known.formUnion(["active", "fast_rate", "sys_prio", "min_ports", "agg_select_policy"])
    if let active = try Self.bool(Self.child(runner, "active"), at: "runner.active"), !active {
      try set(.lacpActive, "off", from: "runner.active")
    }
    if let fast = try Self.bool(Self.child(runner, "fast_rate"), at: "runner.fast_rate"), fast {
      try set(.lacpRate, "fast", from: "runner.fast_rate")
    }
    if let prio = try Self.int(Self.child(runner, "sys_prio"), at: "runner.sys_prio"), prio != 65535
    {
      try set(.adActorSysPrio, String(prio), from: "runner.sys_prio")
    }
    if let ports = try Self.int(Self.child(runner, "min_ports"), at: "runner.min_ports"), ports > 1
    {
      try set(.minLinks, String(ports), from: "runner.min_ports")
    }
    switch try Self.string(Self.child(runner, "agg_select_policy"), at: "runner.agg_select_policy")
    {
    case nil, "lacp_prio", "lacp_prio_stable":
      // teamd's default: the aggregator of the best LACP priority. bonding's stable keeps the
      // active aggregator while it is usable, as lacp_prio_stable does.
      notes.append(
        "runner.agg_select_policy lacp_prio: ad_select stable, which keeps the active aggregator while it has a port up"
      )
    case "bandwidth"?: try set(.adSelect, "bandwidth", from: "runner.agg_select_policy")
    case "count"?: try set(.adSelect, "count", from: "runner.agg_select_policy")
    case let other?:
      throw Refusal(reason: "runner.agg_select_policy \(other) has no bonding equivalent")
    }
  }

  /// notify_peers and mcast_rejoin: counts bonding has; intervals only at their defaults.
  private mutating func peers() throws(Refusal) {
    let notify = Self.child(root, "notify_peers")
    let rejoin = Self.child(root, "mcast_rejoin")
    try Self.onlyKnown(notify, at: "notify_peers", ["count", "interval"])
    try Self.onlyKnown(rejoin, at: "mcast_rejoin", ["count", "interval"])
    if let count = try Self.int(Self.child(notify, "count"), at: "notify_peers.count") {
      try set(.numGratARP, String(count), from: "notify_peers.count")
    }
    if let interval = try Self.int(Self.child(notify, "interval"), at: "notify_peers.interval"),
      interval != 0
    {
      try set(.peerNotifyDelay, String(interval), from: "notify_peers.interval")
    }
    if let count = try Self.int(Self.child(rejoin, "count"), at: "mcast_rejoin.count") {
      try set(.resendIGMP, String(count), from: "mcast_rejoin.count")
    }
    if let interval = try Self.int(Self.child(rejoin, "interval"), at: "mcast_rejoin.interval"),
      interval != 0
    {
      throw Refusal(
        reason: "mcast_rejoin.interval has no bonding equivalent (bonding resends every 200 ms)")
    }
  }

  /// link_watch (one watcher or a list), at the top or per port: bonding watches links one way
  /// for the whole bond, so every port must watch the same way.
  private mutating func linkWatch(ports: [JSON.Member], mode: BondMode) throws(Refusal) {
    let shared = Self.child(root, "link_watch")
    var own: JSON?
    for port in ports {
      let mine = Self.child(port.value, "link_watch")
      if let mine, let shared, mine != shared {
        throw Refusal(
          reason:
            "ports.\(port.key).link_watch differs from link_watch: bonding watches every slave the same way"
        )
      }
      if shared == nil, mine != own, port.key != ports.first?.key {
        throw Refusal(
          reason:
            "ports.\(port.key).link_watch: the ports watch their links differently; bonding watches every slave the same way"
        )
      }
      if shared == nil { own = mine }
    }
    var watchers: [JSON] = []
    switch shared ?? own {
    case .array(let list)?: watchers = list
    case let one?: watchers = [one]
    case nil: break
    }
    // teamd's default watcher is ethtool.
    if watchers.isEmpty { watchers = [.object([JSON.Member("name", .string("ethtool"))])] }
    let names = try watchers.map { watcher throws(Refusal) in
      try Self.string(Self.child(watcher, "name"), at: "link_watch.name") ?? ""
    }
    let policy =
      try Self.string(Self.child(root, "link_watch_policy"), at: "link_watch_policy") ?? "any"
    guard policy == "any" || policy == "all" else {
      throw Refusal(reason: "link_watch_policy \(policy) is not any or all")
    }

    if names.allSatisfy({ $0 == "ethtool" }) {
      guard watchers.count == 1 else {
        throw Refusal(reason: "link_watch: bonding has one MII monitor")
      }
      let watcher = watchers[0]
      try Self.onlyKnown(watcher, at: "link_watch", ["name", "delay_up", "delay_down"])
      try set(.miimon, "100", from: "link_watch.name")
      if let up = try Self.int(Self.child(watcher, "delay_up"), at: "link_watch.delay_up"), up != 0
      {
        try set(.updelay, String(up), from: "link_watch.delay_up")
      }
      if let down = try Self.int(Self.child(watcher, "delay_down"), at: "link_watch.delay_down"),
        down != 0
      {
        try set(.downdelay, String(down), from: "link_watch.delay_down")
      }
      return
    }
    guard names.allSatisfy({ $0 == "arp_ping" }) || names.allSatisfy({ $0 == "nsna_ping" }) else {
      let other = names.first { !["ethtool", "arp_ping", "nsna_ping"].contains($0) }
      throw Refusal(
        reason: other.map { "link_watch.name \($0) has no bonding equivalent" }
          ?? "link_watch: bonding monitors links with MII or with ARP/NS probes, not both")
    }
    guard BondOption.arpInterval.modes?.contains(mode) ?? true else {
      throw Refusal(reason: "link_watch \(names[0]): bonding has no ARP monitoring in mode \(mode)")
    }
    var interval: Int64?
    var missed: Int64?
    var targets: [String] = []
    var validate: (active: Bool, inactive: Bool)?
    for watcher in watchers {
      try Self.onlyKnown(
        watcher, at: "link_watch",
        [
          "name", "interval", "missed_max", "source_host", "target_host", "validate_active",
          "validate_inactive",
          "init_wait", "send_always",
        ])
      let each = try Self.int(Self.child(watcher, "interval"), at: "link_watch.interval") ?? 1000
      guard interval == nil || interval == each else {
        throw Refusal(
          reason:
            "link_watch.interval: bonding probes every target at one interval, and these differ")
      }
      interval = each
      let max = try Self.int(Self.child(watcher, "missed_max"), at: "link_watch.missed_max")
      guard watcher == watchers.first || missed == max else {
        throw Refusal(reason: "link_watch.missed_max: the watchers differ")
      }
      missed = max
      guard
        let target = try Self.string(
          Self.child(watcher, "target_host"), at: "link_watch.target_host")
      else {
        throw Refusal(reason: "link_watch.target_host is missing")
      }
      targets.append(target)
      if let wait = try Self.int(Self.child(watcher, "init_wait"), at: "link_watch.init_wait"),
        wait != 0
      {
        throw Refusal(reason: "link_watch.init_wait has no bonding equivalent")
      }
      if try Self.bool(Self.child(watcher, "send_always"), at: "link_watch.send_always") == true {
        throw Refusal(reason: "link_watch.send_always has no bonding equivalent")
      }
      if try Self.string(Self.child(watcher, "source_host"), at: "link_watch.source_host") != nil {
        notes.append("link_watch.source_host: bonding sends its probes from the bond's own address")
      }
      let active =
        try Self.bool(Self.child(watcher, "validate_active"), at: "link_watch.validate_active")
        ?? false
      let inactive =
        try Self.bool(Self.child(watcher, "validate_inactive"), at: "link_watch.validate_inactive")
        ?? false
      guard validate == nil || validate! == (active, inactive) else {
        throw Refusal(reason: "link_watch.validate_*: the watchers differ")
      }
      validate = (active, inactive)
    }
    let list = targets.joined(separator: ",")
    if names[0] == "arp_ping" {
      try set(.arpIPTarget, list, from: "link_watch.target_host")
    } else {
      try set(.nsIP6Target, list, from: "link_watch.target_host")
    }
    try set(.arpInterval, String(interval ?? 1000), from: "link_watch.interval")
    if let missed {
      if missed < 1 {
        notes.append("link_watch.missed_max \(missed): arp_missed_max 1, the fewest bonding takes")
      }
      try set(.missedMax, String(Swift.max(1, missed)), from: "link_watch.missed_max")
    } else {
      notes.append(
        "link_watch.missed_max: teamd's default is 3 missed replies, bonding's (arp_missed_max) 2")
    }
    switch validate {
    case (true, true)?: try set(.arpValidate, "all", from: "link_watch.validate_*")
    case (true, false)?: try set(.arpValidate, "active", from: "link_watch.validate_active")
    case (false, true)?: try set(.arpValidate, "backup", from: "link_watch.validate_inactive")
    default: break
    }
    if targets.count > 1 && policy == "all" {
      try set(.arpAllTargets, "all", from: "link_watch_policy")
    }
  }
}
