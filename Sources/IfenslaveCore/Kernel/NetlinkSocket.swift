// SPDX-License-Identifier: GPL-2.0-or-later
internal import CNetlink
internal import Glibc

/// The run's one rtnetlink socket, through libnl: libnl numbers, sends and receives the
/// messages and matches the answers; this adds the kernel's extended-ACK text, which libnl
/// 3.7 does not read.
final class NetlinkSocket {
  private let socket: OpaquePointer

  init() throws(KernelError) {
    guard let socket = nl_socket_alloc() else { throw KernelError(.ENOMEM) }
    self.socket = socket
    let status = nl_connect(socket, NETLINK_ROUTE)
    guard status >= 0 else {
      nl_socket_free(socket)
      throw KernelError(Errno(libnl: status), message: "cannot open an rtnetlink socket")
    }
    // Ask for the kernel's explanation with each error (4.12+), and for no copy of our own
    // request in it. Older kernels refuse the options; errors then carry the errno alone.
    var on: Int32 = 1
    let fd = nl_socket_get_fd(socket)
    _ = setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &on, socklen_t(MemoryLayout<Int32>.size))
    _ = setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &on, socklen_t(MemoryLayout<Int32>.size))
    // A dump of thousands of links must not be cut off by a small receive buffer.
    nl_socket_enable_msg_peek(socket)
  }

  deinit { nl_socket_free(socket) }

  /// What one request collects: its replies and how it ended.
  private final class Exchange {
    let onReply: (UnsafePointer<nlmsghdr>) -> Void
    var error: KernelError?
    var done = false
    /// The kernel marked a part of the dump `NLM_F_DUMP_INTR`.
    var interrupted = false
    init(onReply: @escaping (UnsafePointer<nlmsghdr>) -> Void) { self.onReply = onReply }
  }

  /// Sends `message` (and frees it), hands each reply to `onReply`, and returns once the
  /// kernel has acknowledged the request or finished the dump.
  func exchange(_ message: OpaquePointer, onReply: (UnsafePointer<nlmsghdr>) -> Void)
    throws(KernelError)
  {
    defer { nlmsg_free(message) }
    try withoutActuallyEscaping(onReply) { (escapable) throws(KernelError) in
      let exchange = Exchange(onReply: escapable)
      guard let callbacks = nl_cb_alloc(NL_CB_DEFAULT) else { throw KernelError(.ENOMEM) }
      defer { nl_cb_put(callbacks) }
      let context = Unmanaged.passUnretained(exchange).toOpaque()
      nl_cb_set(
        callbacks, NL_CB_VALID, NL_CB_CUSTOM,
        { message, context in
          let exchange = Unmanaged<Exchange>.fromOpaque(context!).takeUnretainedValue()
          exchange.onReply(UnsafePointer(nlmsg_hdr(message)))
          return Int32(NL_OK.rawValue)
        }, context)
      // The ACK ends a request, NLMSG_DONE a dump.
      let finished: nl_recvmsg_msg_cb_t = { _, context in
        Unmanaged<Exchange>.fromOpaque(context!).takeUnretainedValue().done = true
        return Int32(NL_STOP.rawValue)
      }
      // Read on to NLMSG_DONE, so that the socket is clean for the next dump.
      nl_cb_set(
        callbacks, NL_CB_DUMP_INTR, NL_CB_CUSTOM,
        { _, context in
          Unmanaged<Exchange>.fromOpaque(context!).takeUnretainedValue().interrupted = true
          return Int32(NL_OK.rawValue)
        }, context)
      nl_cb_set(callbacks, NL_CB_ACK, NL_CB_CUSTOM, finished, context)
      nl_cb_set(callbacks, NL_CB_FINISH, NL_CB_CUSTOM, finished, context)
      nl_cb_err(
        callbacks, NL_CB_CUSTOM,
        { _, error, context in
          let exchange = Unmanaged<Exchange>.fromOpaque(context!).takeUnretainedValue()
          exchange.error = KernelErrorMessage.decode(error!)
          exchange.done = true
          return Int32(NL_STOP.rawValue)
        }, context)

      var status = nl_send_auto(socket, message)
      guard status >= 0 else { throw KernelError(Errno(libnl: status)) }
      while !exchange.done {
        status = nl_recvmsgs(socket, callbacks)
        if let error = exchange.error { throw error }
        if status < 0 {
          // EINTR from a signal: keep reading, the kernel's answer is still coming.
          if status == -NLE_INTR { continue }
          throw KernelError(receiving: status)
        }
      }
      if exchange.interrupted { throw Dump.interrupted }
    }
  }
}

extension KernelError {
  /// The error behind a negative status from `nl_recvmsgs`. libnl reports the socket's
  /// ENOBUFS (messages dropped) as NLE_NOMEM; errno still tells them apart, and the callers
  /// must read again after ENOBUFS, not give up as for a lack of memory.
  init(receiving status: Int32) {
    let dropped = status == -NLE_NOMEM && Glibc.errno == ENOBUFS
    self.init(dropped ? .ENOBUFS : Errno(libnl: status))
  }
}

extension Errno {
  /// The errno behind a negative libnl error code, for the few libnl reports itself
  /// (kernel errors arrive through the error callback with their exact errno).
  init(libnl status: Int32) {
    switch -status {
    case NLE_NOMEM: self = .ENOMEM
    case NLE_INTR: self = .EINTR
    case NLE_PERM: self = .EPERM
    case NLE_NOACCESS: self = .EACCES
    case NLE_NODEV: self = .ENODEV
    case NLE_OPNOTSUPP: self = .EOPNOTSUPP
    case NLE_BUSY: self = .EBUSY
    case NLE_EXIST: self = .EEXIST
    case NLE_INVAL: self = .EINVAL
    case NLE_RANGE: self = .ERANGE
    case NLE_AF_NOSUPPORT: self = .EAFNOSUPPORT
    case NLE_PROTO_MISMATCH: self = .EPROTONOSUPPORT
    case NLE_NOADDR: self = .EADDRNOTAVAIL
    default: self = .EINVAL
    }
  }
}
