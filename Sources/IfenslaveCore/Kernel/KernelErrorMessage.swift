// SPDX-License-Identifier: GPL-2.0-or-later
internal import CNetlink

/// Decodes an `NLMSG_ERROR` answer: the errno, and the text of an extended ACK.
enum KernelErrorMessage {
  /// Decodes the error that libnl hands to the error callback; the netlink header sits
  /// right before it.
  static func decode(_ error: UnsafeMutablePointer<nlmsgerr>) -> KernelError {
    let header = UnsafeRawPointer(error) - Int(nlmsgHeaderLength)
    let length = Int(header.loadUnaligned(as: nlmsghdr.self).nlmsg_len)
    return decode(UnsafeRawBufferPointer(start: header, count: length))
      ?? KernelError(Errno(rawValue: -error.pointee.error))
  }

  /// Decodes a whole `NLMSG_ERROR` message; nil when `bytes` is not one.
  ///
  /// Layout: nlmsghdr, `struct nlmsgerr` (the errno and the header of our request, plus
  /// the request's payload unless `NLM_F_CAPPED`), then, with `NLM_F_ACK_TLVS`, attributes
  /// such as `NLMSGERR_ATTR_MSG`.
  static func decode(_ bytes: UnsafeRawBufferPointer) -> KernelError? {
    let headerSize = Int(nlmsgHeaderLength)
    let errorSize = MemoryLayout<nlmsgerr>.size
    guard bytes.count >= headerSize + errorSize, let base = bytes.baseAddress else { return nil }
    let header = base.loadUnaligned(as: nlmsghdr.self)
    guard header.nlmsg_type == UInt16(NLMSG_ERROR), Int(header.nlmsg_len) <= bytes.count,
      Int(header.nlmsg_len) >= headerSize + errorSize
    else { return nil }
    let error = (base + headerSize).loadUnaligned(as: nlmsgerr.self)
    var result = KernelError(Errno(rawValue: -error.error))
    guard header.nlmsg_flags & UInt16(NLM_F_ACK_TLVS) != 0 else { return result }

    var offset = headerSize + errorSize
    if header.nlmsg_flags & UInt16(NLM_F_CAPPED) == 0 {
      offset += max(0, Int(error.msg.nlmsg_len) - headerSize)
    }
    offset = (offset + 3) & ~3
    let end = Int(header.nlmsg_len)
    guard offset < end else { return result }
    var table = [UnsafeMutablePointer<nlattr>?](
      repeating: nil, count: Int(NLMSGERR_ATTR_MAX.rawValue) + 1)
    let attributes = UnsafeMutableRawPointer(mutating: base + offset).assumingMemoryBound(
      to: nlattr.self)
    guard
      nla_parse(&table, Int32(NLMSGERR_ATTR_MAX.rawValue), attributes, Int32(end - offset), nil)
        == 0
    else {
      return result
    }
    result.message = table[Int(NLMSGERR_ATTR_MSG.rawValue)].flatMap(Attribute.string)
    return result
  }
}
