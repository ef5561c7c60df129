// SPDX-License-Identifier: GPL-2.0-or-later
/// The kernel as ifenslave reaches it: through three ports, each call one kernel action or
/// one read. The order of the steps, what is put back after a failure and when the legacy
/// path is taken are decided above them (Executor, LegacyPath, Fallback), so a fake that
/// implements the ports tests all of that without root, step by step.
struct Kernel {
  /// rtnetlink: links, addresses, every change netlink can make, and the announcements.
  let netlink: any NetlinkPort
  /// The bonding driver without netlink: bonding_masters, the option files, SIOCBOND*.
  let driver: any LegacyDriverPort
  /// Facts about this host that are not bond state.
  let host: any HostPort
}
