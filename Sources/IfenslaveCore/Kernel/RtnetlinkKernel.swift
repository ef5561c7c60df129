@preconcurrency import CNetlink
import Glibc

/// The kernel, over one rtnetlink socket per run (libnl), plus ethtool for link speed.
public final class RtnetlinkKernel: Kernel {
  /// Opened on first use, so that `--help` and `--version` never touch the kernel.
  private var openSocket: NetlinkSocket?
  /// Called with each kernel step, for `-v`.
  private let trace: ((String) -> Void)?
  /// The datagram socket ethtool ioctls need; opened on first use.
  private var ioctlSocket: Int32 = -1

  public init(trace: ((String) -> Void)? = nil) {
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

  deinit {
    if ioctlSocket >= 0 { close(ioctlSocket) }
  }

  public func link(named name: InterfaceName) throws(KernelError) -> Link? {
    trace?("netlink: get \(name)")
    return try getLink { message in
      nla_put_string(message, Int32(IFLA_IFNAME), name.rawValue)
    }
  }

  public func link(at index: InterfaceIndex) throws(KernelError) -> Link? {
    trace?("netlink: get interface \(index)")
    return try getLink(index: index.rawValue) { _ in 0 }
  }

  public func links() throws(KernelError) -> [Link] {
    trace?("netlink: dump links")
    let message = try linkRequest(flags: NLM_F_DUMP, index: 0)
    var links: [Link] = []
    try self.socket.exchange(message) { header in
      if let link = LinkMessage.decode(header) { links.append(link) }
    }
    return links
  }

  public func addresses(of link: LinkRef) throws(KernelError) -> [InterfaceAddress] {
    trace?("netlink: dump IPv4 addresses of \(link)")
    guard let message = nlmsg_alloc_simple(Int32(RTM_GETADDR), NLM_F_REQUEST | NLM_F_DUMP) else {
      throw KernelError(.ENOMEM)
    }
    var header = ifaddrmsg()
    header.ifa_family = UInt8(AF_INET)
    header.ifa_index = UInt32(bitPattern: link.index?.rawValue ?? 0)
    guard nlmsg_append(message, &header, MemoryLayout<ifaddrmsg>.size, Int32(NLMSG_ALIGNTO)) == 0 else {
      nlmsg_free(message)
      throw KernelError(.ENOBUFS)
    }
    var addresses: [InterfaceAddress] = []
    // Kernels before 4.20 ignore ifa_index in a dump, so the filter is ours.
    try self.socket.exchange(message) { header in
      if let address = AddressMessage.decode(header, names: { $0 == link.index ? link.name : nil }) {
        addresses.append(address)
      }
    }
    return addresses
  }

  public func perform(_ request: KernelRequest) throws(KernelError) {
    trace?("netlink: \(request)")
    try self.socket.exchange(try RequestEncoder.message(for: request)) { _ in }
  }

  public func linkSpeed(of name: InterfaceName) -> LinkSpeed? {
    if ioctlSocket < 0 { ioctlSocket = Glibc.socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0) }
    guard ioctlSocket >= 0 else { return nil }
    var command = ethtool_cmd()
    command.cmd = UInt32(ETHTOOL_GSET)
    var request = ifreq()
    withUnsafeMutableBytes(of: &request.ifr_ifrn.ifrn_name) { buffer in
      buffer.copyBytes(from: name.rawValue.utf8.prefix(buffer.count - 1))
    }
    let status = withUnsafeMutablePointer(to: &command) { pointer in
      request.ifr_ifru.ifru_data = UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: CChar.self)
      return ioctl(ioctlSocket, UInt(SIOCETHTOOL), &request)
    }
    guard status == 0 else { return nil }
    let speed = UInt32(command.speed) | UInt32(command.speed_hi) << 16
    let known = speed != 0 && speed != UInt32.max && speed != UInt32(UInt16.max)
    let duplex: String? = command.duplex == DUPLEX_FULL ? "full" : command.duplex == DUPLEX_HALF ? "half" : nil
    guard known || duplex != nil else { return nil }
    return LinkSpeed(megabits: known ? speed : nil, duplex: duplex)
  }

  /// Reads `CapEff` from /proc/self/status; CAP_NET_ADMIN is bit 12. When the file cannot be
  /// read, the kernel is left to decide.
  public var mayAdministerNetwork: Bool {
    guard let file = fopen("/proc/self/status", "r") else { return true }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
      let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      guard text.hasPrefix("CapEff:") else { continue }
      let hex = text.dropFirst("CapEff:".count).filter { $0.isHexDigit }
      guard let mask = UInt64(hex, radix: 16) else { return true }
      return mask & (1 << 12) != 0
    }
    return true
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

  private func getLink(index: Int32 = 0, _ addAttributes: (OpaquePointer) -> Int32) throws(KernelError) -> Link? {
    let message = try linkRequest(flags: NLM_F_ACK, index: index)
    guard addAttributes(message) == 0 else {
      nlmsg_free(message)
      throw KernelError(.ENOBUFS)
    }
    var link: Link?
    do {
      try self.socket.exchange(message) { header in link = link ?? LinkMessage.decode(header) }
    } catch where error.errno == .ENODEV {
      return nil
    }
    return link
  }
}
