/// Everything ifenslave asks of the kernel.
///
/// `LinuxKernel` is the real one. The orchestration only talks to this protocol, so it
/// can be tested without root against a fake.
public protocol Kernel {
  /// The interface named `name` (`RTM_GETLINK`), or nil when there is none.
  func link(named name: InterfaceName) throws(KernelError) -> Link?
  /// The interface with index `index`, or nil when there is none.
  func link(at index: InterfaceIndex) throws(KernelError) -> Link?
  /// Every interface, from one `RTM_GETLINK` dump.
  func links() throws(KernelError) -> [Link]
  /// The IPv4 addresses on `links`, from one `RTM_GETADDR` dump, primary addresses first.
  func addresses(of links: [LinkRef]) throws(KernelError) -> [InterfaceAddress]
  /// Carries out one change over `backend` and waits for the kernel's answer. A request
  /// without a legacy form goes over netlink whatever `backend` says.
  func perform(_ request: KernelRequest, via backend: Backend) throws(KernelError)
  /// A bond's options and its slaves' states from sysfs and the SIOCBOND info ioctls, for
  /// kernels whose netlink replies carry no bond data (3.10), and for `--backend ioctl`.
  func legacyStatus(of bond: LinkRef) throws(KernelError) -> LegacyBondStatus
  /// The primary slave as configured (sysfs `primary`), or nil when none is or it cannot be
  /// read. Netlink reports the primary only while it is a slave.
  func configuredPrimary(of bond: InterfaceName) -> String?
  /// Speed and duplex as ethtool reports them, or nil when the driver does not say.
  func linkSpeed(of name: InterfaceName) -> LinkSpeed?
  /// Whether this process may change interfaces (`CAP_NET_ADMIN`).
  var mayAdministerNetwork: Bool { get }
  /// Starts listening to the kernel's link announcements (`RTNLGRP_LINK`).
  func subscribeToLinks() throws(KernelError) -> any LinkNotifications
}

extension Kernel {
  /// The IPv4 addresses on `link`, primary addresses first.
  public func addresses(of link: LinkRef) throws(KernelError) -> [InterfaceAddress] {
    try addresses(of: [link])
  }
}

/// One link announcement.
public enum LinkNotification: Sendable {
  /// RTM_NEWLINK: an interface appeared or changed; this is all of it now.
  case changed(Link)
  /// RTM_DELLINK.
  case removed(InterfaceIndex)
}

/// The kernel's link announcements as they come.
public protocol LinkNotifications: AnyObject {
  /// Waits up to `milliseconds` for announcements and returns them (none when the time ran
  /// out). Throws ENOBUFS when the kernel had to drop some: the caller must read again.
  func next(waitingAtMost milliseconds: Int32) throws(KernelError) -> [LinkNotification]
}

/// A bond as sysfs and the SIOCBOND info ioctls show it. Whatever they cannot show is nil.
public struct LegacyBondStatus: Hashable, Sendable {
  public var info: BondInfo
  /// Each slave's state, by name.
  public var slaves: [InterfaceName: BondSlaveInfo]

  public init(info: BondInfo, slaves: [InterfaceName: BondSlaveInfo]) {
    self.info = info
    self.slaves = slaves
  }
}

extension Kernel {
  /// Over netlink, as nearly every caller wants.
  public func perform(_ request: KernelRequest) throws(KernelError) {
    try perform(request, via: .netlink)
  }
}

/// Link speed and duplex (`ETHTOOL_GSET`).
public struct LinkSpeed: Hashable, Sendable {
  /// Megabits per second.
  public var megabits: UInt32?
  /// "full" or "half".
  public var duplex: String?

  public init(megabits: UInt32?, duplex: String?) {
    self.megabits = megabits
    self.duplex = duplex
  }
}

/// One change to the kernel's state: one message, one answer.
///
/// The description is the step as `--dry-run` and `-v` print it, in `ip link` words.
public enum KernelRequest: Hashable, Sendable, CustomStringConvertible {
  /// `RTM_NEWLINK` with `NLM_F_CREATE|NLM_F_EXCL` and kind "bond", the options nested in
  /// `IFLA_INFO_DATA`. Equivalent to `ip link add NAME type bond OPTIONS`.
  case createBond(InterfaceName, [BondSetting])
  /// `RTM_NEWLINK` with `IFLA_INFO_DATA`. Equivalent to `ip link set BOND type bond OPTIONS`.
  case setBondOptions(LinkRef, [BondSetting])
  /// `IFLA_BOND_ACTIVE_SLAVE`. Equivalent to `ip link set BOND type bond active_slave SLAVE`.
  case setActiveSlave(bond: LinkRef, slave: LinkRef)
  /// `ifi_flags`/`ifi_change` on `IFF_UP`. Equivalent to `ip link set NAME up|down`.
  case setUp(LinkRef, Bool)
  /// `IFLA_MASTER`. Equivalent to `ip link set SLAVE master BOND`.
  case enslave(LinkRef, to: LinkRef)
  /// `IFLA_MASTER` 0. Equivalent to `ip link set SLAVE nomaster`.
  case release(LinkRef, from: LinkRef)
  /// `IFLA_MTU`. Equivalent to `ip link set NAME mtu MTU`.
  case setMTU(LinkRef, UInt32)
  /// `IFLA_ADDRESS`. Equivalent to `ip link set NAME address MAC`.
  case setHardwareAddress(LinkRef, HardwareAddress)
  /// `RTM_DELLINK`. Equivalent to `ip link del NAME`; deleting a bond releases its slaves.
  case deleteLink(LinkRef)
  /// `RTM_NEWADDR`. Equivalent to `ip addr add ADDRESS dev NAME`.
  case addAddress(InterfaceAddress)
  /// `RTM_DELADDR`. Equivalent to `ip addr del ADDRESS dev NAME`.
  case deleteAddress(InterfaceAddress)

  public var description: String { meaning.words }

  /// The same request with every interface reference passed through `resolve`.
  func mapLinks(_ resolve: (LinkRef) -> LinkRef) -> KernelRequest {
    func settings(_ list: [BondSetting]) -> [BondSetting] {
      list.map { setting in
        guard case .interface(let ref) = setting.value else { return setting }
        return BondSetting(setting.option, .interface(resolve(ref)))
      }
    }
    func address(_ a: InterfaceAddress) -> InterfaceAddress {
      var a = a
      a.link = resolve(a.link)
      return a
    }
    switch self {
    case .createBond(let name, let list): return .createBond(name, settings(list))
    case .setBondOptions(let bond, let list): return .setBondOptions(resolve(bond), settings(list))
    case .setActiveSlave(let bond, let slave):
      return .setActiveSlave(bond: resolve(bond), slave: resolve(slave))
    case .setUp(let link, let up): return .setUp(resolve(link), up)
    case .enslave(let slave, let bond): return .enslave(resolve(slave), to: resolve(bond))
    case .release(let slave, let bond): return .release(resolve(slave), from: resolve(bond))
    case .setMTU(let link, let mtu): return .setMTU(resolve(link), mtu)
    case .setHardwareAddress(let link, let mac): return .setHardwareAddress(resolve(link), mac)
    case .deleteLink(let link): return .deleteLink(resolve(link))
    case .addAddress(let a): return .addAddress(address(a))
    case .deleteAddress(let a): return .deleteAddress(address(a))
    }
  }
}
