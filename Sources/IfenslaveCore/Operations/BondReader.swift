// SPDX-License-Identifier: GPL-2.0-or-later
/// Bonds as the backend in use sees them: netlink's IFLA_INFO_DATA where the kernel sends it,
/// sysfs and the SIOCBOND info ioctls where it does not (3.10) or where `--backend ioctl`
/// asks for them.
struct BondReader {
  let driver: any LegacyDriverPort
  let backend: BackendChoice

  private func wantsLegacy(_ link: Link) -> Bool {
    guard link.isBond else { return false }
    switch backend {
    case .ioctl: return true
    case .auto: return link.bond == nil
    case .netlink: return false
    }
  }

  /// `bond` with its options from the legacy path when that is the one to use. What the
  /// legacy path cannot read stays unknown.
  func complete(_ bond: Link) -> Link {
    guard wantsLegacy(bond), let status = try? driver.status(of: bond.ref) else { return bond }
    var bond = bond
    bond.bond = status.info
    return bond
  }

  /// Every bond in `links` completed, and its slaves given the legacy path's states.
  func complete(_ links: [Link]) -> [Link] {
    var slaveStates: [InterfaceName: BondSlaveInfo] = [:]
    var links = links
    for i in links.indices where wantsLegacy(links[i]) {
      guard let status = try? driver.status(of: links[i].ref) else { continue }
      links[i].bond = status.info
      slaveStates.merge(status.slaves) { $1 }
    }
    for i in links.indices {
      if let state = slaveStates[links[i].name] { links[i].bondSlave = state }
    }
    return links
  }
}
