// SPDX-License-Identifier: GPL-2.0-or-later
/// A network interface name that the kernel would accept.
///
/// The rules are the kernel's `dev_valid_name()`: 1 to 15 bytes (`IFNAMSIZ - 1`), not `.` or
/// `..`, and no `/`, `:` or whitespace, where whitespace is the kernel's `isspace()`, which
/// also counts the byte 0xA0. Names must also be valid UTF-8, so that every message and JSON
/// document can carry them unaltered. A name that passes can never escape
/// `/sys/class/net/` when it is used as a path component.
struct InterfaceName: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The name as the kernel stores it.
  let rawValue: String

  /// The kernel's `IFNAMSIZ` minus the terminating NUL.
  static let maximumLength = 15

  /// Why a string is not an interface name.
  enum Invalid: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case tooLong(bytes: Int)
    case dotOrDotDot
    case forbiddenByte(UInt8)

    var description: String {
      switch self {
      case .empty: return "an interface name cannot be empty"
      case .tooLong(let n): return "an interface name has at most 15 bytes, this one has \(n)"
      case .dotOrDotDot: return "'.' and '..' are not interface names"
      case .forbiddenByte(let b):
        let shown: String
        switch b {
        case 0x20: shown = "a space"
        case 0x0A: shown = "a newline"
        case 0x09: shown = "a tab"
        case 0x2F: shown = "'/'"
        case 0x3A: shown = "':'"
        default: shown = "the byte 0x" + String(b, radix: 16, uppercase: true)
        }
        return "an interface name cannot contain \(shown)"
      }
    }
  }

  /// Validates `rawValue` by the kernel's rules.
  init(validating rawValue: String) throws(Invalid) {
    let bytes = Array(rawValue.utf8)
    if bytes.isEmpty { throw .empty }
    if bytes.count > Self.maximumLength { throw .tooLong(bytes: bytes.count) }
    if rawValue == "." || rawValue == ".." { throw .dotOrDotDot }
    if let bad = bytes.first(where: Self.isForbidden) { throw .forbiddenByte(bad) }
    self.rawValue = rawValue
  }

  /// Validates a C string from argv, which may hold bytes that are not UTF-8.
  init(validatingCString pointer: UnsafePointer<CChar>) throws(Invalid) {
    guard let string = String(validatingCString: pointer) else {
      var length = 0
      while pointer[length] != 0 { length += 1 }
      let bytes = UnsafeRawBufferPointer(start: pointer, count: length)
      if bytes.count > Self.maximumLength { throw .tooLong(bytes: bytes.count) }
      throw .forbiddenByte(bytes.first(where: { $0 >= 0x80 }) ?? 0x80)
    }
    try self.init(validating: string)
  }

  /// A name the kernel reported. Kernel names are trusted as they are.
  init(kernel rawValue: String) {
    self.rawValue = rawValue
  }

  private static func isForbidden(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "/"), UInt8(ascii: ":"): return true
    // The kernel's isspace(): \t \n \v \f \r, space, and 0xA0 (latin-1 no-break space).
    case 0x09...0x0D, 0x20, 0xA0: return true
    default: return false
    }
  }

  var description: String { rawValue }

  static func < (lhs: InterfaceName, rhs: InterfaceName) -> Bool {
    lhs.rawValue < rhs.rawValue
  }
}

/// An interface index (`ifindex`). The kernel never hands out 0.
struct InterfaceIndex: RawRepresentable, Hashable, Comparable, Sendable,
  CustomStringConvertible
{
  let rawValue: Int32
  init(rawValue: Int32) { self.rawValue = rawValue }
  init(_ rawValue: Int32) { self.rawValue = rawValue }

  var description: String { String(rawValue) }

  static func < (lhs: InterfaceIndex, rhs: InterfaceIndex) -> Bool {
    lhs.rawValue < rhs.rawValue
  }
}
