// SPDX-License-Identifier: GPL-2.0-or-later
/// One change to the kernel's state: one message, one answer.
///
/// The description is the step as `--dry-run` and `-v` print it, in `ip link` words.
enum KernelRequest: Hashable, Sendable, CustomStringConvertible {
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
  /// `IFLA_INFO_SLAVE_DATA` of a slave of `bond`. Equivalent to
  /// `ip link set SLAVE type bond_slave OPTIONS`.
  case setSlaveOptions(LinkRef, of: LinkRef, [SlaveSetting])
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
  /// `RTM_NEWROUTE` with `NLM_F_CREATE|NLM_F_EXCL`. Equivalent to `ip route add ROUTE`.
  case addRoute(Route)

  var description: String { meaning.words }

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
    case .setSlaveOptions(let slave, let bond, let list):
      return .setSlaveOptions(resolve(slave), of: resolve(bond), list)
    case .release(let slave, let bond): return .release(resolve(slave), from: resolve(bond))
    case .setMTU(let link, let mtu): return .setMTU(resolve(link), mtu)
    case .setHardwareAddress(let link, let mac): return .setHardwareAddress(resolve(link), mac)
    case .deleteLink(let link): return .deleteLink(resolve(link))
    case .addAddress(let a): return .addAddress(address(a))
    case .deleteAddress(let a): return .deleteAddress(address(a))
    case .addRoute(var route):
      route.link = resolve(route.link)
      return .addRoute(route)
    }
  }
}
