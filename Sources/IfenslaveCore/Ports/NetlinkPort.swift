/// rtnetlink, which every kernel ifenslave supports has: each call is one request and its
/// answer (or one dump).
public protocol NetlinkPort {
  /// The interface named `name` (`RTM_GETLINK`), or nil when there is none.
  func link(named name: InterfaceName) throws(KernelError) -> Link?
  /// The interface with index `index`, or nil when there is none.
  func link(at index: InterfaceIndex) throws(KernelError) -> Link?
  /// Every interface, from one `RTM_GETLINK` dump.
  func links() throws(KernelError) -> [Link]
  /// The IPv4 addresses on `links`, from one `RTM_GETADDR` dump, primary addresses first.
  func addresses(of links: [LinkRef]) throws(KernelError) -> [InterfaceAddress]
  /// Sends one change and waits for the kernel's answer.
  func perform(_ request: KernelRequest) throws(KernelError)
  /// Starts listening to the kernel's link announcements (`RTNLGRP_LINK`).
  func subscribeToLinks() throws(KernelError) -> any LinkNotifications
}

extension NetlinkPort {
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
