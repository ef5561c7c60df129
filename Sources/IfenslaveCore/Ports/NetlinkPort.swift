// SPDX-License-Identifier: GPL-2.0-or-later
/// rtnetlink, which every kernel ifenslave supports has: each call is one request and its
/// answer (or one dump).
protocol NetlinkPort {
  /// The interface named `name` (`RTM_GETLINK`), or nil when there is none.
  func link(named name: InterfaceName) throws(KernelError) -> Link?
  /// The interface with index `index`, or nil when there is none.
  func link(at index: InterfaceIndex) throws(KernelError) -> Link?
  /// Every interface, from one `RTM_GETLINK` dump.
  func links() throws(KernelError) -> [Link]
  /// The addresses of `family` on `links`, from one `RTM_GETADDR` dump, primary addresses
  /// first.
  func addresses(of links: [LinkRef], family: AddressFamily) throws(KernelError)
    -> [InterfaceAddress]
  /// The routes whose one next hop is one of `links`, in every table, from one
  /// `RTM_GETROUTE` dump of both families.
  func routes(through links: [LinkRef]) throws(KernelError) -> [Route]
  /// Sends one change and waits for the kernel's answer.
  func perform(_ request: KernelRequest) throws(KernelError)
  /// Starts listening to the kernel's link announcements (`RTNLGRP_LINK`).
  func subscribeToLinks() throws(KernelError) -> any LinkNotifications
}

extension NetlinkPort {
  /// The IPv4 addresses on `link`, primary addresses first.
  func addresses(of link: LinkRef) throws(KernelError) -> [InterfaceAddress] {
    try addresses(of: [link], family: .ipv4)
  }

  /// The IPv4 addresses on `links`, primary addresses first.
  func addresses(of links: [LinkRef]) throws(KernelError) -> [InterfaceAddress] {
    try addresses(of: links, family: .ipv4)
  }
}

/// Which addresses a dump asks for.
enum AddressFamily: Sendable {
  /// What ifenslave 1.1.0 moved and cleared: an enslaved device's IPv4 addresses.
  case ipv4
  /// IPv4 and IPv6, what a bond taken down and up again must keep.
  case any

  var words: String { self == .ipv4 ? "IPv4 addresses" : "addresses" }
}

/// One link announcement.
enum LinkNotification: Sendable {
  /// RTM_NEWLINK: an interface appeared or changed; this is all of it now.
  case changed(Link)
  /// RTM_DELLINK.
  case removed(InterfaceIndex)
}

/// The kernel's link announcements as they come.
protocol LinkNotifications: AnyObject {
  /// Waits up to `milliseconds` for announcements and returns them (none when the time ran
  /// out). Throws ENOBUFS when the kernel had to drop some: the caller must read again.
  func next(waitingAtMost milliseconds: Int32) throws(KernelError) -> [LinkNotification]
  /// Drops the announcements still queued. After ENOBUFS they are older than a read made
  /// now, and would take the reader's view back to a state the links have left.
  func discardQueued()
}
