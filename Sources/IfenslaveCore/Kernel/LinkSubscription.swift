// SPDX-License-Identifier: GPL-2.0-or-later
internal import CNetlink
internal import Glibc

/// The kernel's link announcements (`RTNLGRP_LINK`) through libnl: every RTM_NEWLINK and
/// RTM_DELLINK, as they happen. A socket of its own, beside the run's request socket, so
/// that announcements never mix with the answers to a dump.
final class LinkSubscription: LinkNotifications {
  private let socket: OpaquePointer
  private final class Batch { var notifications: [LinkNotification] = [] }
  private let batch = Batch()
  private let callbacks: OpaquePointer

  init() throws(KernelError) {
    guard let socket = nl_socket_alloc() else { throw KernelError(.ENOMEM) }
    guard let callbacks = nl_cb_alloc(NL_CB_DEFAULT) else {
      nl_socket_free(socket)
      throw KernelError(.ENOMEM)
    }
    self.socket = socket
    self.callbacks = callbacks
    var status = nl_connect(socket, NETLINK_ROUTE)
    if status >= 0 { status = nl_socket_add_membership(socket, Int32(RTNLGRP_LINK.rawValue)) }
    guard status >= 0 else {
      nl_cb_put(callbacks)
      nl_socket_free(socket)
      throw KernelError(Errno(libnl: status), message: "cannot listen to link announcements")
    }
    // A burst (a bond of many slaves coming up) must not overflow the queue; when it does
    // anyway, the monitor says so and reads everything again.
    _ = nl_socket_set_buffer_size(socket, 4 << 20, 0)
    // The kernel caps that (SO_RCVBUF) at net.core.rmem_max, 208 KiB by default on 6.1, which
    // a reader blocked on a slow pipe overflows within seconds of flapping. SO_RCVBUFFORCE
    // passes the cap where we may (CAP_NET_ADMIN); elsewhere the capped buffer stands.
    var size: Int32 = 4 << 20
    _ = setsockopt(
      nl_socket_get_fd(socket), SOL_SOCKET, SO_RCVBUFFORCE, &size,
      socklen_t(MemoryLayout<Int32>.size))
    nl_socket_enable_msg_peek(socket)
    // Announcements carry no sequence number of ours.
    nl_cb_set(callbacks, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, { _, _ in Int32(NL_OK.rawValue) }, nil)
    let context = Unmanaged.passUnretained(batch).toOpaque()
    nl_cb_set(
      callbacks, NL_CB_VALID, NL_CB_CUSTOM,
      { message, context in
        let batch = Unmanaged<Batch>.fromOpaque(context!).takeUnretainedValue()
        let header = UnsafePointer(nlmsg_hdr(message)!)
        if header.pointee.nlmsg_type == UInt16(RTM_DELLINK) {
          let info = nlmsg_data(header)!.assumingMemoryBound(to: ifinfomsg.self)
          batch.notifications.append(.removed(InterfaceIndex(rawValue: info.pointee.ifi_index)))
        } else if let link = LinkMessage.decode(header) {
          batch.notifications.append(.changed(link))
        }
        return Int32(NL_OK.rawValue)
      }, context)
  }

  deinit {
    nl_cb_put(callbacks)
    nl_socket_free(socket)
  }

  func next(waitingAtMost milliseconds: Int32) throws(KernelError) -> [LinkNotification] {
    var fd = pollfd(fd: nl_socket_get_fd(socket), events: Int16(POLLIN), revents: 0)
    let ready = poll(&fd, 1, milliseconds)
    if ready < 0 && errno != EINTR { throw KernelError(Errno(rawValue: errno)) }
    guard ready > 0 else { return [] }
    batch.notifications = []
    let status = nl_recvmsgs(socket, callbacks)
    if status < 0 && status != -NLE_INTR {
      throw KernelError(receiving: status)
    }
    return batch.notifications
  }

  func discardQueued() {
    // A datagram read into one byte is consumed whole (MSG_TRUNC): no message is decoded.
    // A further overflow meanwhile is covered by the read that follows.
    let fd = nl_socket_get_fd(socket)
    var byte: UInt8 = 0
    while recv(fd, &byte, 1, Int32(MSG_DONTWAIT | MSG_TRUNC)) >= 0 || errno == EINTR
      || errno == ENOBUFS
    {}
  }
}
