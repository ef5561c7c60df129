// SPDX-License-Identifier: GPL-2.0-or-later
import CNetlink

@testable import IfenslaveCore

/// The bonding driver's options as the kernel defines them: names, values, flags and modes
/// from drivers/net/bonding/bond_options.c, attribute numbers from <linux/if_link.h>. Written
/// out here on their own, never read from ifenslave's `BondOption.all`: the fake applies
/// what it is asked by this table, so a wrong entry in ifenslave's makes a test fail instead
/// of agreeing with itself.
struct DriverOption {
  enum Values {
    /// The driver's names, numbered from 0 in this order; it takes a name or its number.
    case names([String])
    /// A number from BOND_VALFLAG_MIN to BOND_VALFLAG_MAX.
    case range(ClosedRange<UInt64>)
    /// A device name through sysfs; netlink sends its ifindex.
    case interface
    /// Up to 16 addresses: netlink replaces the list, sysfs adds "+ADDR" and removes "-ADDR".
    case ipv4Targets, ipv6Targets
    case mac
  }

  /// The long option ifenslave has for it: the only thing the fake takes from a setting to
  /// know which option it is. Nil for what ifenslave sets by a request of its own.
  let flag: String?
  /// The file in /sys/class/net/BOND/bonding/.
  let file: String
  /// `IFLA_BOND_*`
  let attribute: UInt16
  let values: Values
  /// `BOND_OPTFLAG_NOSLAVES`: ENOTEMPTY while the bond has slaves.
  var noSlaves = false
  /// `BOND_OPTFLAG_IFDOWN`: EBUSY while the bond is up.
  var ifDown = false
  /// The modes (`BOND_MODE_*`) the driver takes it in; EACCES in the others (`unsuppmodes`).
  var modes: Set<UInt64>?
  /// Kept as a count of miimon intervals (`_bond_option_delay_set`): EPERM while miimon is 0,
  /// and rounded down to a multiple of it.
  var miimonMultiple = false
  /// What a new bond reports; nil: nothing until it is set.
  var initial: UInt64?

  // BOND_MODE_*
  static let roundRobin: UInt64 = 0, activeBackup: UInt64 = 1, xor: UInt64 = 2,
    broadcast: UInt64 = 3
  static let ieee8023ad: UInt64 = 4, tlb: UInt64 = 5, alb: UInt64 = 6
  /// `bond_mode_uses_arp()`
  static let arpModes: Set<UInt64> = [roundRobin, activeBackup, xor, broadcast]
  /// `bond_uses_primary()`
  static let primaryModes: Set<UInt64> = [activeBackup, tlb, alb]
  static let intMax = UInt64(Int32.max)
  static let offOn = Values.names(["off", "on"])

  static func attribute(_ value: Int) -> UInt16 { UInt16(value) }

  static let mode = DriverOption(
    flag: "mode", file: "mode", attribute: attribute(IFLA_BOND_MODE),
    values: .names([
      "balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb",
      "balance-alb",
    ]),
    noSlaves: true, ifDown: true, initial: 0)
  static let miimon = DriverOption(
    flag: "miimon", file: "miimon", attribute: attribute(IFLA_BOND_MIIMON),
    values: .range(0...intMax), initial: 0)
  static let arpInterval = DriverOption(
    flag: "arp-interval", file: "arp_interval", attribute: attribute(IFLA_BOND_ARP_INTERVAL),
    values: .range(0...intMax), modes: arpModes, initial: 0)
  static let arpValidate = DriverOption(
    flag: "arp-validate", file: "arp_validate", attribute: attribute(IFLA_BOND_ARP_VALIDATE),
    values: .names(["none", "active", "backup", "all", "filter", "filter_active", "filter_backup"]),
    modes: arpModes, initial: 0)
  static let primary = DriverOption(
    flag: "primary", file: "primary", attribute: attribute(IFLA_BOND_PRIMARY), values: .interface,
    modes: primaryModes)
  static let tlbDynamicLB = DriverOption(
    flag: "tlb-dynamic-lb", file: "tlb_dynamic_lb", attribute: attribute(IFLA_BOND_TLB_DYNAMIC_LB),
    values: offOn, ifDown: true, modes: [tlb, alb], initial: 1)
  /// Set by change-active (`IFLA_BOND_ACTIVE_SLAVE`, SIOCBONDCHANGEACTIVE), not by an option.
  static let activeSlave = DriverOption(
    flag: nil, file: "active_slave", attribute: attribute(IFLA_BOND_ACTIVE_SLAVE),
    values: .interface,
    modes: primaryModes)

  static let all: [DriverOption] = [
    mode, miimon,
    DriverOption(
      flag: "updelay", file: "updelay", attribute: attribute(IFLA_BOND_UPDELAY),
      values: .range(0...intMax),
      miimonMultiple: true, initial: 0),
    DriverOption(
      flag: "downdelay", file: "downdelay", attribute: attribute(IFLA_BOND_DOWNDELAY),
      values: .range(0...intMax),
      miimonMultiple: true, initial: 0),
    DriverOption(
      flag: "peer-notify-delay", file: "peer_notif_delay",
      attribute: attribute(IFLA_BOND_PEER_NOTIF_DELAY),
      values: .range(0...300_000), miimonMultiple: true, initial: 0),
    DriverOption(
      flag: "use-carrier", file: "use_carrier", attribute: attribute(IFLA_BOND_USE_CARRIER),
      values: offOn,
      initial: 1),
    arpInterval,
    DriverOption(
      flag: "arp-ip-target", file: "arp_ip_target", attribute: attribute(IFLA_BOND_ARP_IP_TARGET),
      values: .ipv4Targets),
    DriverOption(
      flag: "ns-ip6-target", file: "ns_ip6_target", attribute: attribute(IFLA_BOND_NS_IP6_TARGET),
      values: .ipv6Targets),
    arpValidate,
    DriverOption(
      flag: "arp-all-targets", file: "arp_all_targets",
      attribute: attribute(IFLA_BOND_ARP_ALL_TARGETS),
      values: .names(["any", "all"]), initial: 0),
    DriverOption(
      flag: "missed-max", file: "arp_missed_max", attribute: attribute(IFLA_BOND_MISSED_MAX),
      values: .range(1...255), modes: arpModes, initial: 2),
    primary,
    DriverOption(
      flag: "primary-reselect", file: "primary_reselect",
      attribute: attribute(IFLA_BOND_PRIMARY_RESELECT),
      values: .names(["always", "better", "failure"]), initial: 0),
    DriverOption(
      flag: "fail-over-mac", file: "fail_over_mac", attribute: attribute(IFLA_BOND_FAIL_OVER_MAC),
      values: .names(["none", "active", "follow"]), noSlaves: true, initial: 0),
    DriverOption(
      flag: "xmit-hash-policy", file: "xmit_hash_policy",
      attribute: attribute(IFLA_BOND_XMIT_HASH_POLICY),
      values: .names(["layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac"]),
      initial: 0),
    DriverOption(
      flag: "resend-igmp", file: "resend_igmp", attribute: attribute(IFLA_BOND_RESEND_IGMP),
      values: .range(0...255), initial: 1),
    // Two files for one setting: num_unsol_na is the option, num_grat_arp its alias.
    DriverOption(
      flag: "num-grat-arp", file: "num_grat_arp", attribute: attribute(IFLA_BOND_NUM_PEER_NOTIF),
      values: .range(0...255), initial: 1),
    DriverOption(
      flag: "num-unsol-na", file: "num_unsol_na", attribute: attribute(IFLA_BOND_NUM_PEER_NOTIF),
      values: .range(0...255), initial: 1),
    DriverOption(
      flag: "all-slaves-active", file: "all_slaves_active",
      attribute: attribute(IFLA_BOND_ALL_SLAVES_ACTIVE),
      values: offOn, initial: 0),
    DriverOption(
      flag: "min-links", file: "min_links", attribute: attribute(IFLA_BOND_MIN_LINKS),
      values: .range(0...intMax),
      initial: 0),
    DriverOption(
      flag: "lp-interval", file: "lp_interval", attribute: attribute(IFLA_BOND_LP_INTERVAL),
      values: .range(1...intMax), initial: 1),
    DriverOption(
      flag: "packets-per-slave", file: "packets_per_slave",
      attribute: attribute(IFLA_BOND_PACKETS_PER_SLAVE),
      values: .range(0...65535), modes: [roundRobin], initial: 1),
    DriverOption(
      flag: "lacp-active", file: "lacp_active", attribute: attribute(IFLA_BOND_AD_LACP_ACTIVE),
      values: offOn,
      ifDown: true, modes: [ieee8023ad], initial: 1),
    DriverOption(
      flag: "lacp-rate", file: "lacp_rate", attribute: attribute(IFLA_BOND_AD_LACP_RATE),
      values: .names(["slow", "fast"]), ifDown: true, modes: [ieee8023ad], initial: 0),
    DriverOption(
      flag: "ad-select", file: "ad_select", attribute: attribute(IFLA_BOND_AD_SELECT),
      values: .names(["stable", "bandwidth", "count", "actor_port_prio"]), ifDown: true, initial: 0),
    DriverOption(
      flag: "ad-actor-sys-prio", file: "ad_actor_sys_prio",
      attribute: attribute(IFLA_BOND_AD_ACTOR_SYS_PRIO),
      values: .range(1...65535), modes: [ieee8023ad]),
    DriverOption(
      flag: "ad-user-port-key", file: "ad_user_port_key",
      attribute: attribute(IFLA_BOND_AD_USER_PORT_KEY),
      values: .range(0...1023), ifDown: true, modes: [ieee8023ad]),
    DriverOption(
      flag: "ad-actor-system", file: "ad_actor_system",
      attribute: attribute(IFLA_BOND_AD_ACTOR_SYSTEM),
      values: .mac, modes: [ieee8023ad]),
    tlbDynamicLB,
    DriverOption(
      flag: "coupled-control", file: "coupled_control",
      attribute: attribute(IFLA_BOND_COUPLED_CONTROL),
      values: offOn, ifDown: true, modes: [ieee8023ad], initial: 1),
    // IFLA_BOND_BROADCAST_NEIGH and IFLA_BOND_LACP_STRICT: 33 and 34 in 7.2's if_link.h,
    // which the build host's headers predate.
    DriverOption(
      flag: "broadcast-neighbor", file: "broadcast_neighbor", attribute: 33, values: offOn,
      modes: [ieee8023ad], initial: 0),
    DriverOption(
      flag: "lacp-strict", file: "lacp_strict", attribute: 34, values: offOn, modes: [ieee8023ad],
      initial: 0),
    activeSlave,
  ]

  /// The link attributes ifenslave sets on a new bond, by its long option (`IFLA_MTU`,
  /// `IFLA_ADDRESS`): not the driver's, but in the same create request.
  static let linkAttributes: [String: UInt16] = [
    "mtu": attribute(IFLA_MTU), "hwaddr": attribute(IFLA_ADDRESS),
  ]

  static func flag(_ flag: String) -> DriverOption? { all.first { $0.flag == flag } }
  static func file(_ file: String) -> DriverOption? { all.first { $0.file == file } }

  /// What a new bond reports over netlink.
  static var defaults: BondInfo {
    var info = BondInfo()
    for option in all {
      if let initial = option.initial { info.values[option.attribute] = .number(initial) }
    }
    return info
  }

  /// Whether netlink's value is one the driver takes (`bond_opt_parse`).
  func accepts(_ value: OptionValue) -> Bool {
    switch (values, value) {
    case (.names(let names), .number(let n)): n < UInt64(names.count)
    case (.range(let range), .number(let n)): range.contains(n)
    case (.interface, .interface): true
    case (.ipv4Targets, .ipv4(let targets)): targets.count <= 16
    case (.ipv6Targets, .ipv6(let targets)): targets.count <= 16
    case (.mac, .hardwareAddress): true
    default: false
    }
  }

  /// What a sysfs write means, as `bond_opt_parse` reads it: a name or its number, a number
  /// in range, a device name, a MAC; nil: EINVAL. Target lists take "+" and "-" only.
  func parse(_ text: String, interface: (String) -> LinkRef?) -> OptionValue? {
    let number =
      !text.isEmpty && text.utf8.allSatisfy { (0x30...0x39).contains($0) } ? UInt64(text) : nil
    switch values {
    case .names(let names):
      let value = number ?? names.firstIndex(of: text).map(UInt64.init)
      return value.flatMap { $0 < UInt64(names.count) ? .number($0) : nil }
    case .range(let range):
      return number.flatMap { range.contains($0) ? .number($0) : nil }
    case .interface:
      return interface(text).map(OptionValue.interface)
    case .mac:
      return HardwareAddress(parsing: text).map(OptionValue.hardwareAddress)
    case .ipv4Targets, .ipv6Targets:
      return nil
    }
  }

  /// The file's text, as the driver shows it: "active-backup 1", "100", "192.0.2.1 192.0.2.2".
  func show(_ value: OptionValue?, name: (InterfaceIndex) -> String?) -> String {
    switch (values, value) {
    case (.names(let names), .number(let n)?) where n < UInt64(names.count):
      return "\(names[Int(n)]) \(n)"
    case (.interface, .number(let index)?): return name(InterfaceIndex(Int32(index))) ?? ""
    case (_, .number(let n)?): return String(n)
    case (_, .ipv4(let targets)?): return targets.map(\.description).joined(separator: " ")
    case (_, .ipv6(let targets)?): return targets.map(\.description).joined(separator: " ")
    case (_, .hardwareAddress(let mac)?): return mac.description
    default: return ""
    }
  }
}

/// The driver's slave options (`bond_slave_changelink()`, bond_options.c), written out on
/// their own as `DriverOption` is.
struct DriverSlaveOption {
  /// ifenslave's long option for it.
  let flag: String
  /// `IFLA_BOND_SLAVE_*`
  let attribute: UInt16
  /// The modes the driver takes it in; EACCES in the others.
  let modes: Set<UInt64>?

  static let queueID = DriverSlaveOption(
    flag: "queue-id", attribute: DriverOption.attribute(IFLA_BOND_SLAVE_QUEUE_ID), modes: nil)
  static let prio = DriverSlaveOption(
    flag: "prio", attribute: DriverOption.attribute(IFLA_BOND_SLAVE_PRIO),
    modes: DriverOption.primaryModes)
  static let actorPortPrio = DriverSlaveOption(
    flag: "actor-port-prio", attribute: DriverOption.attribute(IFLA_BOND_SLAVE_ACTOR_PORT_PRIO),
    modes: [DriverOption.ieee8023ad])
  /// In `bond_slave_changelink()`'s order, which stops at the first refusal.
  static let all = [queueID, prio, actorPortPrio]
  /// `BOND_DEFAULT_TX_QUEUES`: a queue ID is at most the bond's real number of queues.
  static let txQueues: Int64 = 16
  /// What `ad_initialize_port()` gives a port.
  static let defaultActorPortPrio: UInt16 = 255

  static func flag(_ flag: String) -> DriverSlaveOption? { all.first { $0.flag == flag } }
}
