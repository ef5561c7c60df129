// SPDX-License-Identifier: GPL-2.0-or-later
/// The bonding driver as 3.10 offers it without netlink: sysfs and the SIOCBOND* ioctls. Each
/// change is one write(2) or one ioctl, nothing more: a bond created here has no options, no
/// MTU and no MAC until the caller gives them, and nothing is undone here.
protocol LegacyDriverPort {
  /// Writes "+NAME" to bonding_masters: a bond with the driver's defaults.
  func createBond(_ name: InterfaceName) throws(KernelError)
  /// Writes "-NAME" to bonding_masters: the driver releases the slaves and deletes the bond.
  func deleteBond(_ name: InterfaceName) throws(KernelError)
  /// One write to the bond's option file `file` (its sysfs name), as the driver parses it.
  func write(_ change: OptionWrite, to file: String, of bond: InterfaceName) throws(KernelError)
  /// The text of the bond's option file `file`, without the trailing newline.
  func read(_ file: String, of bond: InterfaceName) throws(KernelError) -> String
  /// SIOCBONDENSLAVE, SIOCBONDRELEASE or SIOCBONDCHANGEACTIVE on `bond` with `slave`.
  func call(_ ioctl: SlaveIoctl, bond: InterfaceName, slave: InterfaceName) throws(KernelError)
  /// A bond's options and its slaves' states from the SIOCBOND info ioctls, sysfs and
  /// /proc/net/bonding, for kernels whose netlink replies carry no bond data (3.10), and for
  /// `--backend ioctl`.
  func status(of bond: LinkRef) throws(KernelError) -> LegacyBondStatus
}

/// One write to an option file.
enum OptionWrite: Hashable, Sendable {
  /// The file's new value, as the driver parses it: "active-backup", "100", "eth1".
  case value(String)
  /// "+ADDRESS": one target more in a list file (arp_ip_target, ns_ip6_target).
  case add(String)
  /// "-ADDRESS": one target less.
  case remove(String)
}

/// The SIOCBOND* ioctls that change a bond, each naming the bond and one slave.
enum SlaveIoctl: String, Sendable {
  case enslave = "SIOCBONDENSLAVE"
  case release = "SIOCBONDRELEASE"
  /// The same path in the driver as writing sysfs `active_slave`.
  case changeActive = "SIOCBONDCHANGEACTIVE"
}

/// A bond as sysfs and the SIOCBOND info ioctls show it. Whatever they cannot show is nil.
struct LegacyBondStatus: Hashable, Sendable {
  var info: BondInfo
  /// Each slave's state, by name.
  var slaves: [InterfaceName: BondSlaveInfo]
}
