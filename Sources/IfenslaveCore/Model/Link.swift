/// Interface flags (`IFF_*` in `<linux/if.h>`) that ifenslave looks at.
public struct LinkFlags: OptionSet, Hashable, Sendable {
  public let rawValue: UInt32
  public init(rawValue: UInt32) { self.rawValue = rawValue }
  /// `IFF_UP`: administratively up.
  public static let up = LinkFlags(rawValue: 0x1)
  /// `IFF_LOOPBACK`
  public static let loopback = LinkFlags(rawValue: 0x8)
  /// `IFF_RUNNING`: the operational state is up.
  public static let running = LinkFlags(rawValue: 0x40)
  /// `IFF_MASTER`: a bond, bridge or team master.
  public static let master = LinkFlags(rawValue: 0x400)
  /// `IFF_SLAVE`: a bond's slave.
  public static let slave = LinkFlags(rawValue: 0x800)
}

/// RFC 2863 operational state (`IF_OPER_*`), as `IFLA_OPERSTATE` and sysfs give it.
public enum OperState: UInt8, Sendable, CustomStringConvertible {
  case unknown = 0, notPresent, down, lowerLayerDown, testing, dormant, up

  public var description: String {
    ["unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant", "up"][
      Int(rawValue)]
  }
}

/// What the kernel reports about one interface in an `RTM_NEWLINK` message.
public struct Link: Hashable, Sendable {
  public var index: InterfaceIndex
  public var name: InterfaceName
  public var flags: LinkFlags
  public var mtu: UInt32
  /// `IFLA_MASTER`: the bond, bridge or team this interface belongs to.
  public var master: InterfaceIndex?
  /// `IFLA_LINK`: the device a VLAN or macvlan sits on, in this namespace.
  public var lowerLink: InterfaceIndex?
  public var operState: OperState?
  public var hardwareAddress: HardwareAddress?
  /// `IFLA_INFO_KIND`, such as "bond" or "dummy".
  public var kind: String?
  /// `IFLA_INFO_SLAVE_KIND`: "bond" for a bond's slave.
  public var slaveKind: String?
  /// The bond's `IFLA_INFO_DATA`. Nil on a kernel that does not report it (before 3.13).
  public var bond: BondInfo?
  /// The slave's `IFLA_INFO_SLAVE_DATA` (3.14 and later).
  public var bondSlave: BondSlaveInfo?

  public init(
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

  public var ref: LinkRef { LinkRef(name, index: index) }
  public var isBond: Bool { kind == "bond" }
  public var isUp: Bool { flags.contains(.up) }
}

/// A bond's options and LACP state, decoded from `IFLA_INFO_DATA`.
public struct BondInfo: Hashable, Sendable {
  /// Option values by `IFLA_BOND_*` attribute; an interface is kept as its ifindex.
  public var values: [UInt16: OptionValue]
  /// `IFLA_BOND_ACTIVE_SLAVE`, sent only while there is one.
  public var activeSlave: InterfaceIndex?
  /// `IFLA_BOND_AD_INFO`, sent in 802.3ad mode while an aggregator is active.
  public var adInfo: ADInfo?

  public init(
    values: [UInt16: OptionValue] = [:], activeSlave: InterfaceIndex? = nil, adInfo: ADInfo? = nil
  ) {
    self.values = values
    self.activeSlave = activeSlave
    self.adInfo = adInfo
  }

  public var mode: BondMode? { number(BondOption.mode).flatMap { BondMode(rawValue: UInt8($0)) } }

  public func value(_ option: BondOption) -> OptionValue? {
    option.bondAttribute.flatMap { values[$0] }
  }

  public func number(_ option: BondOption) -> UInt64? {
    if case .number(let number)? = value(option) { return number }
    return nil
  }

  /// The primary slave's ifindex (`IFLA_BOND_PRIMARY`), sent once it is enslaved.
  public var primary: InterfaceIndex? {
    number(BondOption.primary).map { InterfaceIndex(Int32(truncatingIfNeeded: $0)) }
  }
}

/// The active 802.3ad aggregator (`IFLA_BOND_AD_INFO_*`).
public struct ADInfo: Hashable, Sendable {
  public var aggregator: UInt16
  public var numPorts: UInt16
  public var actorKey: UInt16
  public var partnerKey: UInt16
  public var partnerMAC: HardwareAddress

  public init(
    aggregator: UInt16, numPorts: UInt16, actorKey: UInt16, partnerKey: UInt16,
    partnerMAC: HardwareAddress
  ) {
    self.aggregator = aggregator
    self.numPorts = numPorts
    self.actorKey = actorKey
    self.partnerKey = partnerKey
    self.partnerMAC = partnerMAC
  }
}

/// A slave's state in its bond, decoded from `IFLA_INFO_SLAVE_DATA`.
public struct BondSlaveInfo: Hashable, Sendable {
  /// `IFLA_BOND_SLAVE_STATE`: 0 active, 1 backup.
  public var state: UInt8
  /// `IFLA_BOND_SLAVE_MII_STATUS`: 0 up, 1 going down, 2 down, 3 going back.
  public var miiStatus: UInt8
  public var linkFailureCount: UInt32
  public var permanentAddress: HardwareAddress?
  public var queueID: UInt16?
  public var prio: Int32?
  /// The 802.3ad fields, sent while the port is in an aggregator.
  public var aggregatorID: UInt16?
  public var actorOperPortState: UInt8?
  public var partnerOperPortState: UInt16?
  /// `IFLA_BOND_SLAVE_ACTOR_PORT_PRIO` (6.18), sent in 802.3ad mode.
  public var actorPortPrio: UInt16?
  /// `IFLA_BOND_SLAVE_AD_CHURN_*_STATE` (7.2), sent while the port is in an aggregator:
  /// 0 monitoring, 1 churned, 2 no churn.
  public var churnActorState: UInt8?
  public var churnPartnerState: UInt8?
  /// The speed and duplex the bond keeps for the slave, where the legacy status read them
  /// (/proc/net/bonding, before 3.14); nil: ethtool is asked.
  public var speed: LinkSpeed?

  public init(
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

  public var stateName: String { state == 0 ? "active" : state == 1 ? "backup" : "unknown" }

  /// The churn detection state's name, as bond_procfs.c prints it.
  public static func churnName(_ state: UInt8) -> String {
    switch state {
    case 0: return "monitoring"
    case 1: return "churned"
    case 2: return "none"
    default: return "unknown"
    }
  }

  public var miiStatusName: String {
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
public struct InterfaceAddress: Hashable, Sendable, CustomStringConvertible {
  public var link: LinkRef
  public var local: IPAddress
  /// `IFA_ADDRESS` when it differs from the local address: the peer of a point-to-point link.
  public var peer: IPAddress?
  public var prefixLength: UInt8
  public var broadcast: IPv4Address?
  public var label: String?
  public var scope: UInt8
  /// `IFA_F_*`; only the flags userspace may set are put back.
  public var flags: UInt32
  /// Lifetimes in seconds; nil for forever.
  public var validLifetime: UInt32?
  public var preferredLifetime: UInt32?

  public init(
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

  public var description: String {
    (peer.map { "\(local) peer \($0)" } ?? local.description) + "/\(prefixLength)"
  }
}
