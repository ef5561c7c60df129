// SPDX-License-Identifier: GPL-2.0-or-later
/// One option a bond can be created or changed with.
///
/// `BondOption.all` is the one table of options: the command-line parser, `--help`, the
/// request encoder, the read-back check, the status output and the man-page and completion
/// drift tests all read it.
struct BondOption: Hashable, Sendable, CustomStringConvertible {
  /// Where the option lives in an `RTM_NEWLINK` message.
  enum Target: Hashable, Sendable {
    /// An `IFLA_BOND_*` attribute nested in `IFLA_LINKINFO` → `IFLA_INFO_DATA`.
    case bond(attribute: UInt16)
    /// A top-level `IFLA_*` attribute of the link itself.
    case link(attribute: UInt16)
  }

  /// What the option's value is, and how it is written on the command line.
  enum Value: Hashable, Sendable {
    /// One of the kernel's names; the kernel's number is the name's index. A number is
    /// accepted too, as iproute2 and sysfs accept it.
    case names([String])
    /// 0 or 1; `off` and `on` are accepted too. Shown as a number, as sysfs shows it.
    case toggle
    /// A decimal number in the kernel's range.
    case number(ClosedRange<UInt64>)
    /// An interface name; the kernel takes its ifindex.
    case interface
    /// Up to `max` IPv4 addresses, comma-separated or given repeatedly.
    case ipv4List(max: Int)
    /// Up to `max` IPv6 addresses, comma-separated or given repeatedly.
    case ipv6List(max: Int)
    /// A MAC address.
    case hardwareAddress
  }

  /// How wide the attribute is on the wire.
  enum Width: Hashable, Sendable { case u8, u16, u32, other }

  /// The state the bond must be in for the kernel to accept a change of this option.
  struct Needs: OptionSet, Hashable, Sendable {
    let rawValue: UInt8
    /// `BOND_OPTFLAG_IFDOWN`: the kernel answers EBUSY while the bond is up.
    static let bondDown = Needs(rawValue: 1)
    /// `BOND_OPTFLAG_NOSLAVES`: the kernel answers ENOTEMPTY while the bond has slaves.
    static let noSlaves = Needs(rawValue: 2)
    /// The kernel answers EPERM ("MII monitoring is disabled") unless miimon is set.
    static let miimon = Needs(rawValue: 4)
  }

  /// The long option, without the dashes: the kernel's name with dashes.
  let name: String
  /// The kernel's sysfs name, used as the JSON key.
  let kernelName: String
  let target: Target
  let value: Value
  let width: Width
  /// The modes in which the kernel accepts the option; nil for every mode.
  let modes: [BondMode]?
  let needs: Needs
  /// The first kernel release whose netlink interface has the attribute.
  let since: String
  /// The kernel's default, as shown in the help.
  let defaultValue: String
  /// The placeholder in the help, such as `MS`.
  let metavar: String
  let help: String

  var description: String { name }

  static func == (lhs: BondOption, rhs: BondOption) -> Bool { lhs.name == rhs.name }
  func hash(into hasher: inout Hasher) { hasher.combine(name) }

  /// The bond attribute number, or nil for a link-level option.
  var bondAttribute: UInt16? {
    if case .bond(let attribute) = target { return attribute }
    return nil
  }

  /// The values the option accepts, for help texts and error messages.
  var acceptedValues: String {
    switch value {
    case .names(let names): return names.joined(separator: "|") + " or 0-\(names.count - 1)"
    case .toggle: return "0|1 (off|on)"
    case .number(let range): return "\(range.lowerBound)-\(range.upperBound)"
    case .interface: return "an interface name"
    case .ipv4List(let max): return "up to \(max) IPv4 addresses, comma-separated"
    case .ipv6List(let max): return "up to \(max) IPv6 addresses, comma-separated"
    case .hardwareAddress: return "a MAC address like 02:00:00:00:00:01"
    }
  }
}

extension BondOption {
  private static let intMax: UInt64 = 2_147_483_647
  private static let arpModes = BondMode.withARPMonitoring

  static let mode = BondOption(
    name: "mode", kernelName: "mode", target: .bond(attribute: 1),
    value: .names(BondMode.names), width: .u8, modes: nil, needs: [.bondDown, .noSlaves],
    since: "3.13", defaultValue: "balance-rr", metavar: "MODE",
    help: "the bonding policy")
  static let miimon = BondOption(
    name: "miimon", kernelName: "miimon", target: .bond(attribute: 3),
    value: .number(0...intMax), width: .u32, modes: nil, needs: [],
    since: "3.14", defaultValue: "0", metavar: "MS",
    help: "MII link monitoring interval in milliseconds, 0 to turn it off")
  static let updelay = BondOption(
    name: "updelay", kernelName: "updelay", target: .bond(attribute: 4),
    value: .number(0...intMax), width: .u32, modes: nil, needs: [.miimon],
    since: "3.14", defaultValue: "0", metavar: "MS",
    help: "wait before enabling a slave whose link came up; a multiple of miimon")
  static let downdelay = BondOption(
    name: "downdelay", kernelName: "downdelay", target: .bond(attribute: 5),
    value: .number(0...intMax), width: .u32, modes: nil, needs: [.miimon],
    since: "3.14", defaultValue: "0", metavar: "MS",
    help: "wait before disabling a slave whose link went down; a multiple of miimon")
  static let peerNotifyDelay = BondOption(
    name: "peer-notify-delay", kernelName: "peer_notif_delay", target: .bond(attribute: 28),
    value: .number(0...300_000), width: .u32, modes: nil, needs: [.miimon],
    since: "5.3", defaultValue: "0", metavar: "MS",
    help: "delay between peer notifications after a failover; a multiple of miimon")
  static let useCarrier = BondOption(
    name: "use-carrier", kernelName: "use_carrier", target: .bond(attribute: 6),
    value: .toggle, width: .u8, modes: nil, needs: [],
    since: "3.14", defaultValue: "1", metavar: "0|1",
    help:
      "let miimon read the carrier state instead of MII/ethtool ioctls (obsolete since 7.2, which takes only 1)"
  )
  static let arpInterval = BondOption(
    name: "arp-interval", kernelName: "arp_interval", target: .bond(attribute: 7),
    value: .number(0...intMax), width: .u32, modes: arpModes, needs: [],
    since: "3.14", defaultValue: "0", metavar: "MS",
    help: "ARP link monitoring interval in milliseconds, 0 to turn it off")
  static let arpIPTarget = BondOption(
    name: "arp-ip-target", kernelName: "arp_ip_target", target: .bond(attribute: 8),
    value: .ipv4List(max: 16), width: .other, modes: nil, needs: [],
    since: "3.14", defaultValue: "none", metavar: "IP[,IP...]",
    help: "the addresses ARP monitoring probes; replaces the whole list")
  static let arpValidate = BondOption(
    name: "arp-validate", kernelName: "arp_validate", target: .bond(attribute: 9),
    value: .names(["none", "active", "backup", "all", "filter", "filter_active", "filter_backup"]),
    width: .u32, modes: arpModes, needs: [],
    since: "3.14", defaultValue: "none", metavar: "POLICY",
    help: "which slaves validate ARP replies")
  static let arpAllTargets = BondOption(
    name: "arp-all-targets", kernelName: "arp_all_targets", target: .bond(attribute: 10),
    value: .names(["any", "all"]), width: .u32, modes: nil, needs: [],
    since: "3.14", defaultValue: "any", metavar: "any|all",
    help: "whether any or all ARP targets must answer for a slave to be up")
  static let missedMax = BondOption(
    name: "missed-max", kernelName: "arp_missed_max", target: .bond(attribute: 30),
    value: .number(1...255), width: .u8, modes: arpModes, needs: [],
    since: "5.17", defaultValue: "2", metavar: "N",
    help: "ARP intervals a slave may miss before it is marked down")
  static let nsIP6Target = BondOption(
    name: "ns-ip6-target", kernelName: "ns_ip6_target", target: .bond(attribute: 31),
    value: .ipv6List(max: 16), width: .other, modes: nil, needs: [],
    since: "5.18", defaultValue: "none", metavar: "IP6[,IP6...]",
    help: "the IPv6 addresses NS monitoring probes; replaces the whole list")
  static let primary = BondOption(
    name: "primary", kernelName: "primary", target: .bond(attribute: 11),
    value: .interface, width: .u32, modes: BondMode.withActiveSlave, needs: [],
    since: "3.14", defaultValue: "none", metavar: "SLAVE",
    help: "the slave that is active whenever it is up")
  static let primaryReselect = BondOption(
    name: "primary-reselect", kernelName: "primary_reselect", target: .bond(attribute: 12),
    value: .names(["always", "better", "failure"]), width: .u8, modes: nil, needs: [],
    since: "3.14", defaultValue: "always", metavar: "POLICY",
    help: "when the primary slave becomes active again after it comes back")
  static let failOverMAC = BondOption(
    name: "fail-over-mac", kernelName: "fail_over_mac", target: .bond(attribute: 13),
    value: .names(["none", "active", "follow"]), width: .u8, modes: nil, needs: [.noSlaves],
    since: "3.14", defaultValue: "none", metavar: "POLICY",
    help: "how active-backup handles the slaves' MAC addresses on failover")
  static let xmitHashPolicy = BondOption(
    name: "xmit-hash-policy", kernelName: "xmit_hash_policy", target: .bond(attribute: 14),
    value: .names(["layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac"]),
    width: .u8, modes: nil, needs: [],
    since: "3.14", defaultValue: "layer2", metavar: "POLICY",
    help: "the transmit hash for " + BondMode.list(BondMode.withTransmitHash))
  static let resendIGMP = BondOption(
    name: "resend-igmp", kernelName: "resend_igmp", target: .bond(attribute: 15),
    value: .number(0...255), width: .u32, modes: nil, needs: [],
    since: "3.14", defaultValue: "1", metavar: "N",
    help: "IGMP membership reports to send after a failover")
  static let numGratARP = BondOption(
    name: "num-grat-arp", kernelName: "num_grat_arp", target: .bond(attribute: 16),
    value: .number(0...255), width: .u8, modes: nil, needs: [],
    since: "3.14", defaultValue: "1", metavar: "N",
    help: "peer notifications (gratuitous ARP and unsolicited NA) after a failover")
  static let numUnsolNA = BondOption(
    name: "num-unsol-na", kernelName: "num_unsol_na", target: .bond(attribute: 16),
    value: .number(0...255), width: .u8, modes: nil, needs: [],
    since: "3.14", defaultValue: "1", metavar: "N",
    help: "the same kernel setting as --num-grat-arp")
  static let allSlavesActive = BondOption(
    name: "all-slaves-active", kernelName: "all_slaves_active", target: .bond(attribute: 17),
    value: .toggle, width: .u8, modes: nil, needs: [],
    since: "3.14", defaultValue: "0", metavar: "0|1",
    help: "deliver duplicate frames received on inactive slaves")
  static let minLinks = BondOption(
    name: "min-links", kernelName: "min_links", target: .bond(attribute: 18),
    value: .number(0...intMax), width: .u32, modes: nil, needs: [],
    since: "3.14", defaultValue: "0", metavar: "N",
    help: "slaves that must be up for the bond to report carrier")
  static let lpInterval = BondOption(
    name: "lp-interval", kernelName: "lp_interval", target: .bond(attribute: 19),
    value: .number(1...intMax), width: .u32, modes: nil, needs: [],
    since: "3.14", defaultValue: "1", metavar: "SECONDS",
    help: "seconds between learning packets sent to the peer switch (tlb, alb)")
  static let packetsPerSlave = BondOption(
    name: "packets-per-slave", kernelName: "packets_per_slave", target: .bond(attribute: 20),
    value: .number(0...65535), width: .u32, modes: [.balanceRR], needs: [],
    since: "3.14", defaultValue: "1", metavar: "N",
    help: "packets to send through a slave before moving to the next, 0 for random")
  static let lacpRate = BondOption(
    name: "lacp-rate", kernelName: "lacp_rate", target: .bond(attribute: 21),
    value: .names(["slow", "fast"]), width: .u8, modes: [.ieee8023ad], needs: [.bondDown],
    since: "3.14", defaultValue: "slow", metavar: "slow|fast",
    help: "how often the partner should send LACPDUs: every 30 s or every second")
  static let lacpActive = BondOption(
    name: "lacp-active", kernelName: "lacp_active", target: .bond(attribute: 29),
    value: .names(["off", "on"]), width: .u8, modes: [.ieee8023ad], needs: [.bondDown],
    since: "5.15", defaultValue: "on", metavar: "off|on",
    help: "send LACPDUs periodically (on) or only answer them (off)")
  static let adSelect = BondOption(
    name: "ad-select", kernelName: "ad_select", target: .bond(attribute: 22),
    value: .names(["stable", "bandwidth", "count", "actor_port_prio"]), width: .u8, modes: nil,
    needs: [.bondDown],
    since: "3.14", defaultValue: "stable", metavar: "POLICY",
    help: "how the active aggregator is chosen")
  static let adActorSysPrio = BondOption(
    name: "ad-actor-sys-prio", kernelName: "ad_actor_sys_prio", target: .bond(attribute: 24),
    value: .number(1...65535), width: .u16, modes: [.ieee8023ad], needs: [],
    since: "4.2", defaultValue: "65535", metavar: "N",
    help: "the LACP system priority")
  static let adUserPortKey = BondOption(
    name: "ad-user-port-key", kernelName: "ad_user_port_key", target: .bond(attribute: 25),
    value: .number(0...1023), width: .u16, modes: [.ieee8023ad], needs: [.bondDown],
    since: "4.2", defaultValue: "0", metavar: "N",
    help: "the user-defined upper bits of the LACP port key")
  static let adActorSystem = BondOption(
    name: "ad-actor-system", kernelName: "ad_actor_system", target: .bond(attribute: 26),
    value: .hardwareAddress, width: .other, modes: [.ieee8023ad], needs: [],
    since: "4.2", defaultValue: "the bond's MAC", metavar: "MAC",
    help: "the LACP system MAC address")
  static let tlbDynamicLB = BondOption(
    name: "tlb-dynamic-lb", kernelName: "tlb_dynamic_lb", target: .bond(attribute: 27),
    value: .toggle, width: .u8, modes: [.balanceTLB, .balanceALB], needs: [.bondDown],
    since: "4.3", defaultValue: "1", metavar: "0|1",
    help: "balance transmit load by current load (1) or by hash only (0)")
  static let coupledControl = BondOption(
    name: "coupled-control", kernelName: "coupled_control", target: .bond(attribute: 32),
    value: .names(["off", "on"]), width: .u8, modes: [.ieee8023ad], needs: [.bondDown],
    since: "6.9", defaultValue: "on", metavar: "off|on",
    help: "couple the LACP collecting and distributing states (off: independent control)")
  static let broadcastNeighbor = BondOption(
    name: "broadcast-neighbor", kernelName: "broadcast_neighbor", target: .bond(attribute: 33),
    value: .names(["off", "on"]), width: .u8, modes: [.ieee8023ad], needs: [],
    since: "6.17", defaultValue: "off", metavar: "off|on",
    help: "send ARP and neighbour discovery packets through every active slave")
  static let lacpStrict = BondOption(
    name: "lacp-strict", kernelName: "lacp_strict", target: .bond(attribute: 34),
    value: .names(["off", "on"]), width: .u8, modes: [.ieee8023ad], needs: [],
    since: "7.2", defaultValue: "off", metavar: "off|on",
    help:
      "with no LACP partner on any slave, carry no traffic (on) instead of keeping one slave active"
  )
  static let mtu = BondOption(
    name: "mtu", kernelName: "mtu", target: .link(attribute: 4),
    value: .number(68...65535), width: .u32, modes: nil, needs: [],
    since: "2.6", defaultValue: "1500", metavar: "BYTES",
    help: "the bond's MTU; the kernel gives it to every slave")
  static let hwaddr = BondOption(
    name: "hwaddr", kernelName: "hwaddr", target: .link(attribute: 1),
    value: .hardwareAddress, width: .other, modes: nil, needs: [],
    since: "2.6", defaultValue: "the first slave's MAC", metavar: "MAC",
    help: "the bond's MAC address")

  /// Every option, in the order the kernel's `bond_changelink()` applies them, so that the
  /// bytes of a request are deterministic and mode comes first.
  static let all: [BondOption] = [
    mode, miimon, updelay, downdelay, peerNotifyDelay, useCarrier, arpInterval, arpIPTarget,
    nsIP6Target, arpValidate, arpAllTargets, primary, primaryReselect, failOverMAC,
    xmitHashPolicy, resendIGMP, numGratARP, numUnsolNA, allSlavesActive, minLinks, lpInterval,
    packetsPerSlave, lacpActive, lacpRate, adSelect, adActorSysPrio, adUserPortKey,
    adActorSystem, tlbDynamicLB, missedMax, coupledControl, broadcastNeighbor, lacpStrict, mtu,
    hwaddr,
  ]
}
