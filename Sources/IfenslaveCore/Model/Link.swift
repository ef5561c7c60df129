// SPDX-License-Identifier: GPL-2.0-or-later
/// Interface flags (`IFF_*` in `<linux/if.h>`) that ifenslave looks at.
struct LinkFlags: OptionSet, Hashable, Sendable {
  let rawValue: UInt32
  /// `IFF_UP`: administratively up.
  static let up = LinkFlags(rawValue: 0x1)
  /// `IFF_LOOPBACK`
  static let loopback = LinkFlags(rawValue: 0x8)
  /// `IFF_RUNNING`: the operational state is up.
  static let running = LinkFlags(rawValue: 0x40)
  /// `IFF_MASTER`: a bond, bridge or team master.
  static let master = LinkFlags(rawValue: 0x400)
  /// `IFF_SLAVE`: a bond's slave.
  static let slave = LinkFlags(rawValue: 0x800)
}

/// RFC 2863 operational state (`IF_OPER_*`), as `IFLA_OPERSTATE` and sysfs give it.
enum OperState: UInt8, Sendable, CustomStringConvertible {
  case unknown = 0
  case notPresent, down, lowerLayerDown, testing, dormant, up

  var description: String {
    ["unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant", "up"][
      Int(rawValue)]
  }
}

/// What the kernel reports about one interface in an `RTM_NEWLINK` message.
struct Link: Hashable, Sendable {
  var index: InterfaceIndex
  var name: InterfaceName
  var flags: LinkFlags
  var mtu: UInt32
  /// `IFLA_MASTER`: the bond, bridge or team this interface belongs to.
  var master: InterfaceIndex?
  /// `IFLA_LINK`: the device a VLAN or macvlan sits on, in this namespace.
  var lowerLink: InterfaceIndex?
  var operState: OperState?
  var hardwareAddress: HardwareAddress?
  /// `IFLA_INFO_KIND`, such as "bond" or "dummy".
  var kind: String?
  /// `IFLA_INFO_SLAVE_KIND`: "bond" for a bond's slave.
  var slaveKind: String?
  /// The bond's `IFLA_INFO_DATA`. Nil on a kernel that does not report it (before 3.13).
  var bond: BondInfo?
  /// The slave's `IFLA_INFO_SLAVE_DATA` (3.14 and later).
  var bondSlave: BondSlaveInfo?

  init(
    index: InterfaceIndex, name: InterfaceName, flags: LinkFlags = [],
    mtu: UInt32 = 1500, master: InterfaceIndex? = nil, operState: OperState? = nil,
    hardwareAddress: HardwareAddress? = nil, kind: String? = nil, slaveKind: String? = nil,
    bond: BondInfo? = nil, bondSlave: BondSlaveInfo? = nil
  ) {
    self.index = index
    self.name = name
    self.flags = flags
    self.mtu = mtu
    self.master = master
    self.operState = operState
    self.hardwareAddress = hardwareAddress
    self.kind = kind
    self.slaveKind = slaveKind
    self.bond = bond
    self.bondSlave = bondSlave
  }

  var ref: LinkRef { LinkRef(name, index: index) }
  var isBond: Bool { kind == "bond" }
  var isUp: Bool { flags.contains(.up) }
}

/// A bond's options and LACP state, decoded from `IFLA_INFO_DATA`.
struct BondInfo: Hashable, Sendable {
  /// Option values by `IFLA_BOND_*` attribute; an interface is kept as its ifindex.
  var values: [UInt16: OptionValue]
  /// `IFLA_BOND_ACTIVE_SLAVE`, sent only while there is one.
  var activeSlave: InterfaceIndex?
  /// `IFLA_BOND_AD_INFO`, sent in 802.3ad mode while an aggregator is active.
  var adInfo: ADInfo?

  init(
    values: [UInt16: OptionValue] = [:], activeSlave: InterfaceIndex? = nil, adInfo: ADInfo? = nil
  ) {
    self.values = values
    self.activeSlave = activeSlave
    self.adInfo = adInfo
  }

  var mode: BondMode? { number(BondOption.mode).flatMap { BondMode(rawValue: UInt8($0)) } }

  func value(_ option: BondOption) -> OptionValue? {
    option.bondAttribute.flatMap { values[$0] }
  }

  func number(_ option: BondOption) -> UInt64? {
    if case .number(let number)? = value(option) { return number }
    return nil
  }

  /// The primary slave's ifindex (`IFLA_BOND_PRIMARY`), sent once it is enslaved.
  var primary: InterfaceIndex? {
    number(BondOption.primary).map { InterfaceIndex(Int32(truncatingIfNeeded: $0)) }
  }
}

/// The active 802.3ad aggregator (`IFLA_BOND_AD_INFO_*`).
struct ADInfo: Hashable, Sendable {
  var aggregator: UInt16
  var numPorts: UInt16
  var actorKey: UInt16
  var partnerKey: UInt16
  var partnerMAC: HardwareAddress
}

/// A slave's state in its bond, decoded from `IFLA_INFO_SLAVE_DATA`.
struct BondSlaveInfo: Hashable, Sendable {
  /// `IFLA_BOND_SLAVE_STATE`: 0 active, 1 backup.
  var state: UInt8
  /// `IFLA_BOND_SLAVE_MII_STATUS`: 0 up, 1 going down, 2 down, 3 going back.
  var miiStatus: UInt8
  var linkFailureCount: UInt32
  var permanentAddress: HardwareAddress?
  var queueID: UInt16?
  var prio: Int32?
  /// The 802.3ad fields, sent while the port is in an aggregator.
  var aggregatorID: UInt16?
  var actorOperPortState: UInt8?
  var partnerOperPortState: UInt16?
  /// `IFLA_BOND_SLAVE_ACTOR_PORT_PRIO` (6.18), sent in 802.3ad mode.
  var actorPortPrio: UInt16?
  /// `IFLA_BOND_SLAVE_AD_CHURN_*_STATE` (7.2), sent while the port is in an aggregator:
  /// 0 monitoring, 1 churned, 2 no churn.
  var churnActorState: UInt8?
  var churnPartnerState: UInt8?
  /// The speed and duplex the bond keeps for the slave, where the legacy status read them
  /// (/proc/net/bonding, before 3.14); nil: ethtool is asked.
  var speed: LinkSpeed?

  init(
    state: UInt8, miiStatus: UInt8, linkFailureCount: UInt32,
    permanentAddress: HardwareAddress? = nil, queueID: UInt16? = nil, prio: Int32? = nil,
    aggregatorID: UInt16? = nil, actorOperPortState: UInt8? = nil,
    partnerOperPortState: UInt16? = nil
  ) {
    self.state = state
    self.miiStatus = miiStatus
    self.linkFailureCount = linkFailureCount
    self.permanentAddress = permanentAddress
    self.queueID = queueID
    self.prio = prio
    self.aggregatorID = aggregatorID
    self.actorOperPortState = actorOperPortState
    self.partnerOperPortState = partnerOperPortState
  }

  var stateName: String { state == 0 ? "active" : state == 1 ? "backup" : "unknown" }

  /// The churn detection state's name, as bond_procfs.c prints it.
  static func churnName(_ state: UInt8) -> String {
    switch state {
    case 0: return "monitoring"
    case 1: return "churned"
    case 2: return "none"
    default: return "unknown"
    }
  }

  var miiStatusName: String {
    switch miiStatus {
    case 0: return "up"
    case 1: return "going_down"
    case 2: return "down"
    case 3: return "going_back"
    default: return "unknown"
    }
  }
}

/// An address on an interface (`RTM_NEWADDR`), IPv4 or IPv6, with what it takes to put it back.
struct InterfaceAddress: Hashable, Sendable, CustomStringConvertible {
  var link: LinkRef
  var local: IPAddress
  /// `IFA_ADDRESS` when it differs from the local address: the peer of a point-to-point link.
  var peer: IPAddress?
  var prefixLength: UInt8
  var broadcast: IPv4Address?
  var label: String?
  var scope: UInt8
  /// `IFA_F_*`; only the flags userspace may set are put back.
  var flags: UInt32
  /// Lifetimes in seconds; nil for forever.
  var validLifetime: UInt32?
  var preferredLifetime: UInt32?

  init(
    link: LinkRef, local: IPAddress, peer: IPAddress? = nil, prefixLength: UInt8,
    broadcast: IPv4Address? = nil, label: String? = nil, scope: UInt8 = 0, flags: UInt32 = 0,
    validLifetime: UInt32? = nil, preferredLifetime: UInt32? = nil
  ) {
    self.link = link
    self.local = local
    self.peer = peer
    self.prefixLength = prefixLength
    self.broadcast = broadcast
    self.label = label
    self.scope = scope
    self.flags = flags
    self.validLifetime = validLifetime
    self.preferredLifetime = preferredLifetime
  }

  var description: String {
    (peer.map { "\(local) peer \($0)" } ?? local.description) + "/\(prefixLength)"
  }
}
