// SPDX-License-Identifier: GPL-2.0-or-later
internal import CNetlink

/// The size of `struct nlmsghdr` rounded to `NLMSG_ALIGNTO`: `NLMSG_HDRLEN`, a macro Swift
/// cannot import.
let nlmsgHeaderLength = (MemoryLayout<nlmsghdr>.size + 3) & ~3

/// Reads attribute payloads that libnl's `nla_parse` found, checking each length first:
/// libnl's `nla_get_*` trust the sender, and a short attribute would be read past its end.
enum Attribute {
  static func payload(_ attribute: UnsafeMutablePointer<nlattr>) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: nla_data(attribute), count: Int(max(0, nla_len(attribute))))
  }

  static func u8(_ attribute: UnsafeMutablePointer<nlattr>) -> UInt8? {
    load(attribute, as: UInt8.self)
  }

  static func u16(_ attribute: UnsafeMutablePointer<nlattr>) -> UInt16? {
    load(attribute, as: UInt16.self)
  }

  static func u32(_ attribute: UnsafeMutablePointer<nlattr>) -> UInt32? {
    load(attribute, as: UInt32.self)
  }

  static func s32(_ attribute: UnsafeMutablePointer<nlattr>) -> Int32? {
    load(attribute, as: Int32.self)
  }

  static func bytes(_ attribute: UnsafeMutablePointer<nlattr>) -> [UInt8] {
    Array(payload(attribute))
  }

  /// A NUL-terminated string; the terminator may be missing, the payload bounds it anyway.
  static func string(_ attribute: UnsafeMutablePointer<nlattr>) -> String? {
    let bytes = payload(attribute)
    return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
  }

  private static func load<T: FixedWidthInteger>(
    _ attribute: UnsafeMutablePointer<nlattr>, as: T.Type
  ) -> T? {
    let bytes = payload(attribute)
    guard bytes.count >= MemoryLayout<T>.size else { return nil }
    return bytes.loadUnaligned(as: T.self)
  }

  /// `nla_parse_nested` into a table indexed by attribute type; nil if the nest is malformed.
  static func nested(_ attribute: UnsafeMutablePointer<nlattr>, max: Int32)
    -> [UnsafeMutablePointer<nlattr>?]?
  {
    var table = [UnsafeMutablePointer<nlattr>?](repeating: nil, count: Int(max) + 1)
    guard nla_parse_nested(&table, max, attribute, nil) == 0 else { return nil }
    return table
  }

  /// The children of a nest in order, whatever their types: the kernel numbers the entries
  /// of a list such as `IFLA_BOND_ARP_IP_TARGET` by slot.
  static func children(_ attribute: UnsafeMutablePointer<nlattr>) -> [UnsafeMutablePointer<nlattr>]
  {
    var result: [UnsafeMutablePointer<nlattr>] = []
    var remaining = nla_len(attribute)
    var child = nla_data(attribute).map {
      UnsafeMutableRawPointer($0).assumingMemoryBound(to: nlattr.self)
    }
    while let current = child, nla_ok(current, remaining) != 0 {
      result.append(current)
      child = nla_next(current, &remaining)
    }
    return result
  }
}
