// SPDX-License-Identifier: GPL-2.0-or-later
internal import CNetlink
internal import Glibc

/// Decodes `RTM_NEWROUTE` replies into the routes whose one next hop is a link `names` knows.
enum RouteMessage {
  static func decode(_ bytes: UnsafeRawBufferPointer, names: (InterfaceIndex) -> InterfaceName?)
    -> Route?
  {
    guard let header = LinkMessage.checkedHeader(bytes) else { return nil }
    return decode(header, names: names)
  }

  static func decode(_ header: UnsafePointer<nlmsghdr>, names: (InterfaceIndex) -> InterfaceName?)
    -> Route?
  {
    guard header.pointee.nlmsg_type == UInt16(RTM_NEWROUTE),
      Int(header.pointee.nlmsg_len) >= nlmsgHeaderLength + MemoryLayout<rtmsg>.size
    else { return nil }
    let info = UnsafeRawPointer(header).advanced(by: nlmsgHeaderLength).loadUnaligned(
      as: rtmsg.self)
    // Cached clones are the kernel's own (IPv6 dumps them only when asked).
    guard info.rtm_family == UInt8(AF_INET) || info.rtm_family == UInt8(AF_INET6),
      info.rtm_flags & UInt32(RTM_F_CLONED) == 0
    else { return nil }
    var table = [UnsafeMutablePointer<nlattr>?](repeating: nil, count: Int(__RTA_MAX.rawValue))
    guard
      nlmsg_parse(
        UnsafeMutablePointer(mutating: header), Int32(MemoryLayout<rtmsg>.size),
        &table, Int32(__RTA_MAX.rawValue - 1), nil) == 0
    else { return nil }
    // A route of several next hops (RTA_MULTIPATH) has no RTA_OIF: the kernel keeps it while
    // one of them lives.
    guard let oif = table[Int(RTA_OIF.rawValue)].flatMap(Attribute.u32),
      let name = names(InterfaceIndex(Int32(bitPattern: oif)))
    else { return nil }
    func address(_ type: rtattr_type_t) -> IPAddress? {
      table[Int(type.rawValue)].map(Attribute.bytes).flatMap(IPAddress.init(octets:))
    }
    return Route(
      family: info.rtm_family, destination: address(RTA_DST), prefixLength: info.rtm_dst_len,
      gateway: address(RTA_GATEWAY),
      link: LinkRef(name, index: InterfaceIndex(Int32(bitPattern: oif))),
      table: table[Int(RTA_TABLE.rawValue)].flatMap(Attribute.u32) ?? UInt32(info.rtm_table),
      metric: table[Int(RTA_PRIORITY.rawValue)].flatMap(Attribute.u32), origin: info.rtm_protocol,
      scope: info.rtm_scope, type: info.rtm_type, tos: info.rtm_tos,
      preferredSource: address(RTA_PREFSRC),
      onlink: info.rtm_flags & UInt32(RTNH_F_ONLINK) != 0,
      metrics: table[Int(RTA_METRICS.rawValue)].map(Attribute.bytes) ?? [],
      preference: table[Int(RTA_PREF.rawValue)].flatMap(Attribute.u8))
  }
}
