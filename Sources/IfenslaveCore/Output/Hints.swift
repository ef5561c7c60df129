// SPDX-License-Identifier: GPL-2.0-or-later
/// Something wrong with a bond that the kernel's own state shows: what, in plain words, and
/// the fix. Status prints them after the slaves; `--json` gives them as `hints`.
struct Hint: Equatable, Sendable {
  enum Severity: String, Sendable {
    /// Traffic fails or will fail now.
    case error
    /// It works, but not as an admin would expect, or it will not survive a failure.
    case warning
  }

  /// Stable, for scripts: `lacp-no-partner`, `no-link-monitoring`, ...
  let code: String
  let severity: Severity
  let message: String

  init(_ code: String, _ severity: Severity, _ message: String) {
    self.code = code
    self.severity = severity
    self.message = message
  }

  var json: JSON {
    .object([
      .init("code", .string(code)), .init("severity", .string(severity.rawValue)),
      .init("message", .string(message)),
    ])
  }
}

/// What status knows beyond the link dump, read only for the bonds whose hints need it.
struct HintFacts: Sendable {
  /// The bond's IPv4 addresses (for bonds with ARP targets).
  var addresses: [InterfaceAddress]
  /// The primary slave as configured (sysfs), which netlink reports only while it is a slave.
  var configuredPrimary: String?

  init(addresses: [InterfaceAddress] = [], configuredPrimary: String? = nil) {
    self.addresses = addresses
    self.configuredPrimary = configuredPrimary
  }
}

extension BondStatus {
  /// Whether `hints(with:)` would look at the bond's addresses.
  var hintsNeedAddresses: Bool {
    if case .ipv4(let targets)? = bond.bond?.value(.arpIPTarget), !targets.isEmpty,
      (bond.bond?.number(.arpInterval) ?? 0) > 0
    {
      return true
    }
    return false
  }

  /// Whether `hints(with:)` would look at the configured primary: the mode has one, and
  /// netlink reports none (it does not report a primary that is not a slave).
  var hintsNeedConfiguredPrimary: Bool {
    (mode?.hasActiveSlave ?? false) && primary == nil
  }

  /// The hints for this bond, most serious first.
  func hints(with facts: HintFacts = HintFacts()) -> [Hint] {
    var hints: [Hint] = []
    let name = bond.name
    let slaveNames = { (list: [SlaveStatus]) in
      list.map(\.link.name.rawValue).joined(separator: ", ")
    }
    let up = slaves.filter { $0.link.bondSlave.map { $0.miiStatus == 0 } ?? $0.link.isUp }

    if slaves.isEmpty {
      hints.append(
        Hint(
          "no-slaves", .warning,
          "\(name) has no slaves, so it carries no traffic: enslave one with `ifenslave \(name) IFACE`"
        ))
    } else if !bond.isUp {
      hints.append(
        Hint(
          "bond-down", .error,
          "\(name) is down although it has slaves: bring it up with `ip link set \(name) up`"))
    }
    guard let info = bond.bond else { return hints }

    if mode == .activeBackup, !slaves.isEmpty, up.isEmpty {
      hints.append(
        Hint(
          "all-slaves-down", .error,
          "every slave of \(name) is down (\(slaveNames(slaves))), so it has no active slave: check the cables and the switch ports"
        ))
    }
    if hintsNeedConfiguredPrimary, let configured = facts.configuredPrimary, !configured.isEmpty {
      hints.append(
        Hint(
          "primary-not-slave", .warning,
          "the primary \(configured) is not a slave of \(name), so it is ignored: enslave it, or set another with `ifenslave --primary SLAVE \(name)`"
        ))
    }
    if let minLinks = info.number(.minLinks), minLinks > 0, UInt64(up.count) < minLinks {
      hints.append(
        Hint(
          "min-links-not-met", .error,
          "min_links is \(minLinks) but only \(up.count) slave(s) of \(name) are up, so the bond reports no carrier: bring more slaves up or lower --min-links"
        ))
    }
    if mode == .ieee8023ad { hints += lacpHints(info) }
    if (info.number(.miimon) ?? 0) == 0 && (info.number(.arpInterval) ?? 0) == 0 {
      hints.append(
        Hint(
          "no-link-monitoring", .warning,
          "\(name) has no link monitoring (miimon 0, arp_interval 0): a slave that loses its link is never failed over; set --miimon 100"
        ))
    }
    if let mode, [.ieee8023ad, .balanceRR].contains(mode) {
      let speeds = Set(
        slaves.compactMap { s in s.speed?.megabits.map { "\($0) Mb/s \(s.speed?.duplex ?? "")" } })
      if speeds.count > 1 {
        let each = slaves.map {
          "\($0.link.name) \($0.speed?.megabits.map { "\($0) Mb/s" } ?? "unknown")\($0.speed?.duplex.map { " \($0)" } ?? "")"
        }
        hints.append(
          Hint(
            "speed-mismatch", .warning,
            "the slaves of \(name) differ in speed or duplex (\(each.joined(separator: ", "))); \(mode) needs them equal"
              + (mode == .ieee8023ad
                ? ": ports of another speed go to another aggregator"
                : ": the slowest link sets the pace and packets arrive out of order")))
      }
    }
    if hintsNeedAddresses, case .ipv4(let targets)? = info.value(.arpIPTarget),
      !facts.addresses.isEmpty
    {
      for target in targets where !facts.addresses.contains(where: { $0.subnetContains(target) }) {
        let subnets = facts.addresses.map(\.subnetDescription).joined(separator: ", ")
        hints.append(
          Hint(
            "arp-target-unreachable", .warning,
            "arp_ip_target \(target) is outside \(name)'s subnets (\(subnets)): unless a route leads there through \(name), ARP monitoring marks every slave down"
          ))
      }
    }
    if mode == .activeBackup,
      info.value(.failOverMAC).map(BondOption.failOverMAC.format) == "active",
      let active = slaves.first(where: { $0.link.index == info.activeSlave }),
      let mac = bond.hardwareAddress, let activeMAC = active.link.hardwareAddress, mac != activeMAC
    {
      hints.append(
        Hint(
          "mac-not-following", .warning,
          "\(name)'s MAC \(mac) is not its active slave \(active.link.name)'s (\(activeMAC)), which fail_over_mac active makes it follow: something set the bond's MAC, such as udev's MACAddressPolicy (set MACAddressPolicy=none for bonds)"
        ))
    }
    return hints.filter { $0.severity == .error } + hints.filter { $0.severity == .warning }
  }

  private func lacpHints(_ info: BondInfo) -> [Hint] {
    var hints: [Hint] = []
    let name = bond.name
    let lacpSlaves = slaves.filter { $0.link.bondSlave?.aggregatorID != nil }
    guard !lacpSlaves.isEmpty else { return [] }
    let zero = HardwareAddress(bytes: [0, 0, 0, 0, 0, 0])
    let active = info.adInfo?.aggregator
    // A port whose partner never sent an LACPDU has the partner state the bond started with:
    // not in sync (bit 3). The active aggregator's partner MAC is zero then too. Where the
    // kernel shows no port states (3.10), that MAC alone tells: the driver prefers an
    // aggregator with a partner, so if the active one has none, no port has.
    let activeHasNoPartner = info.adInfo?.partnerMAC == zero
    let noPartner = lacpSlaves.filter { slave in
      guard let state = slave.link.bondSlave?.partnerOperPortState else {
        return activeHasNoPartner
      }
      let inActive = slave.link.bondSlave?.aggregatorID == active
      return state & 0x08 == 0 || (inActive && activeHasNoPartner)
    }
    if !noPartner.isEmpty {
      let ports = noPartner.map(\.link.name.rawValue).joined(separator: ", ")
      hints.append(
        Hint(
          "lacp-no-partner", .error,
          "802.3ad: no LACP partner on \(ports) of \(name) (partner MAC 00:00:00:00:00:00 or not in sync): the switch is not running LACP on \(noPartner.count == 1 ? "that port" : "those ports"), or they are a static trunk; enable LACP on the switch ports, or for a static trunk use --mode balance-xor (or balance-rr)"
        ))
    }
    // 7.2's churn detection: a port whose actor or partner did not reach sync within 60 s.
    // Without a partner that is the missing partner, already said.
    let churned = lacpSlaves.filter { slave in
      guard let info = slave.link.bondSlave,
        !noPartner.contains(where: { $0.link.index == slave.link.index })
      else { return false }
      return info.churnActorState == 1 || info.churnPartnerState == 1
    }
    if !churned.isEmpty {
      let ports = churned.map(\.link.name.rawValue).joined(separator: ", ")
      hints.append(
        Hint(
          "lacp-churned", .warning,
          "802.3ad: LACP churn on \(ports) of \(name): the port and its partner did not get in sync within 60 s, so it carries no traffic; the switch's LAG and this bond disagree (port key, speed, duplex, or the ports go to different LAGs)"
        ))
    }
    // Ports without a partner each sit in an aggregator of their own; that is the missing
    // partner, already said, not a split.
    var byAggregator: [UInt16: [String]] = [:]
    var order: [UInt16] = []
    for slave in lacpSlaves where !noPartner.contains(where: { $0.link.index == slave.link.index })
    {
      guard let id = slave.link.bondSlave?.aggregatorID else { continue }
      if byAggregator[id] == nil { order.append(id) }
      byAggregator[id, default: []].append(slave.link.name.rawValue)
    }
    if order.count > 1 {
      let groups = order.map {
        "\($0)\($0 == active ? " (active)" : ""): \(byAggregator[$0]!.joined(separator: ", "))"
      }
      hints.append(
        Hint(
          "lacp-split-aggregators", .warning,
          "802.3ad: the slaves of \(name) are split over \(order.count) aggregators (\(groups.joined(separator: "; "))) and only the active one carries traffic: the ports go to different switches or LAGs, or differ in speed or duplex"
        ))
    }
    return hints
  }
}

extension InterfaceAddress {
  func subnetContains(_ address: IPv4Address) -> Bool {
    let bits = Int(prefixLength)
    func value(_ a: IPv4Address) -> UInt32 { a.octets.reduce(0) { $0 << 8 | UInt32($1) } }
    let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - min(bits, 32))
    guard let local = local.ipv4 else { return false }
    return value(local) & mask == value(address) & mask
  }

  var subnetDescription: String { "\(local)/\(prefixLength)" }
}
