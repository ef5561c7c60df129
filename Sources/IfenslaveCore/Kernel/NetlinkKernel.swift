// SPDX-License-Identifier: GPL-2.0-or-later
internal import CNetlink
internal import Glibc

/// The running kernel's rtnetlink: one socket per run (libnl), each call one request and its
/// answer, traced for `-v`.
final class NetlinkKernel: NetlinkPort {
  /// Opened on first use, so that `--help` and `--version` never touch the kernel.
  private var openSocket: NetlinkSocket?
  /// Called with each kernel step, for `-v`.
  private let trace: ((String) -> Void)?

  init(trace: ((String) -> Void)? = nil) {
    self.trace = trace
  }

  private var socket: NetlinkSocket {
    get throws(KernelError) {
      if let openSocket { return openSocket }
      let socket = try NetlinkSocket()
      openSocket = socket
      return socket
    }
  }

  func link(named name: InterfaceName) throws(KernelError) -> Link? {
    trace?("netlink: get \(name)")
    return try getLink { message in
      nla_put_string(message, Int32(IFLA_IFNAME), name.rawValue)
    }
  }

  func link(at index: InterfaceIndex) throws(KernelError) -> Link? {
    trace?("netlink: get interface \(index)")
    return try getLink(index: index.rawValue) { _ in 0 }
  }

  func links() throws(KernelError) -> [Link] {
    try wholeDump { () throws(KernelError) in
      trace?("netlink: dump links")
      let message = try linkRequest(flags: NLM_F_DUMP, index: 0)
      var links: [Link] = []
      try self.socket.exchange(message) { header in
        if let link = LinkMessage.decode(header) { links.append(link) }
      }
      return links
    }
  }

  func addresses(of links: [LinkRef], family: AddressFamily) throws(KernelError)
    -> [InterfaceAddress]
  {
    guard !links.isEmpty else { return [] }
    return try wholeDump { () throws(KernelError) in try addressDump(of: links, family: family) }
  }

  func routes(through links: [LinkRef]) throws(KernelError) -> [Route] {
    guard !links.isEmpty else { return [] }
    return try wholeDump { () throws(KernelError) in try routeDump(through: links) }
  }

  /// An overrun socket may still hold the rest of the old dump: the next one gets a fresh
  /// socket. An interrupted dump was read to its end, so the socket is clean.
  private func wholeDump<T>(_ read: () throws(KernelError) -> T) throws(KernelError) -> T {
    try Dump.whole(read) { error in
      trace?(
        "netlink: \(error.errno == .ENOBUFS ? "the socket overran" : "the dump was interrupted") (\(error)); dumping again"
      )
      if error.errno == .ENOBUFS { openSocket = nil }
    }
  }

  private func addressDump(of links: [LinkRef], family: AddressFamily) throws(KernelError)
    -> [InterfaceAddress]
  {
    trace?("netlink: dump \(family.words) of \(links.map(\.description).joined(separator: ", "))")
    var header = ifaddrmsg()
    header.ifa_family = UInt8(family == .ipv4 ? AF_INET : AF_UNSPEC)
    header.ifa_index = links.count == 1 ? UInt32(bitPattern: links[0].index?.rawValue ?? 0) : 0
    let message = try dumpRequest(Int32(RTM_GETADDR), header)
    let names = Self.names(of: links)
    var addresses: [InterfaceAddress] = []
    // Kernels before 4.20 ignore ifa_index in a dump, so the filter is ours.
    try self.socket.exchange(message) { header in
      if let address = AddressMessage.decode(header, names: { names[$0] }) {
        addresses.append(address)
      }
    }
    return addresses
  }

  private func routeDump(through links: [LinkRef]) throws(KernelError) -> [Route] {
    trace?("netlink: dump routes through \(links.map(\.description).joined(separator: ", "))")
    var header = rtmsg()
    header.rtm_family = UInt8(AF_UNSPEC)
    let message = try dumpRequest(Int32(RTM_GETROUTE), header)
    let names = Self.names(of: links)
    var routes: [Route] = []
    try self.socket.exchange(message) { header in
      if let route = RouteMessage.decode(header, names: { names[$0] }) { routes.append(route) }
    }
    return routes
  }

  /// A dump request of `type` with its family header.
  private func dumpRequest<Header: BitwiseCopyable>(_ type: Int32, _ header: Header)
    throws(KernelError) -> OpaquePointer
  {
    guard let message = nlmsg_alloc_simple(type, NLM_F_REQUEST | NLM_F_DUMP) else {
      throw KernelError(.ENOMEM)
    }
    var header = header
    guard nlmsg_append(message, &header, MemoryLayout<Header>.size, Int32(NLMSG_ALIGNTO)) == 0
    else {
      nlmsg_free(message)
      throw KernelError(.ENOBUFS)
    }
    return message
  }

  /// The names of `links` by index: a dump answers with every interface's, the filter is ours.
  private static func names(of links: [LinkRef]) -> [InterfaceIndex: InterfaceName] {
    var names: [InterfaceIndex: InterfaceName] = [:]
    for link in links { if let index = link.index { names[index] = link.name } }
    return names
  }

  func perform(_ request: KernelRequest) throws(KernelError) {
    trace?("netlink: \(request)")
    try self.socket.exchange(try RequestEncoder.message(for: request)) { _ in }
  }

  func subscribeToLinks() throws(KernelError) -> any LinkNotifications {
    try LinkSubscription()
  }

  // MARK: - RTM_GETLINK

  /// `RTM_GETLINK` without the statistics, which ifenslave never shows.
  private func linkRequest(flags: Int32, index: Int32) throws(KernelError) -> OpaquePointer {
    guard let message = nlmsg_alloc_simple(Int32(RTM_GETLINK), NLM_F_REQUEST | flags) else {
      throw KernelError(.ENOMEM)
    }
    var header = ifinfomsg()
    header.ifi_family = UInt8(AF_UNSPEC)
    header.ifi_index = index
    guard nlmsg_append(message, &header, MemoryLayout<ifinfomsg>.size, Int32(NLMSG_ALIGNTO)) == 0,
      nla_put_u32(message, Int32(IFLA_EXT_MASK), UInt32(RTEXT_FILTER_SKIP_STATS)) == 0
    else {
      nlmsg_free(message)
      throw KernelError(.ENOBUFS)
    }
    return message
  }

  private func getLink(index: Int32 = 0, _ addAttributes: (OpaquePointer) -> Int32)
    throws(KernelError) -> Link?
  {
    let message = try linkRequest(flags: NLM_F_ACK, index: index)
    guard addAttributes(message) == 0 else {
      nlmsg_free(message)
      throw KernelError(.ENOBUFS)
    }
    var link: Link?
    do {
      try self.socket.exchange(message) { header in link = link ?? LinkMessage.decode(header) }
    } catch  where error.errno == .ENODEV {
      return nil
    }
    return link
  }
}
