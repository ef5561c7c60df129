// SPDX-License-Identifier: GPL-2.0-or-later
/// A JSON value with ordered object keys, and its serialisation (RFC 8259).
enum JSON: Equatable, Sendable {
  case null
  case bool(Bool)
  case int(Int64)
  case string(String)
  case array([JSON])
  case object([Member])

  /// One key of an object; objects keep their keys in the order they were given.
  struct Member: Equatable, Sendable {
    let key: String
    let value: JSON
    init(_ key: String, _ value: JSON) {
      self.key = key
      self.value = value
    }
  }

  static func number<T: BinaryInteger>(_ value: T?) -> JSON {
    value.map { .int(Int64($0)) } ?? .null
  }

  static func text(_ value: (some CustomStringConvertible)?) -> JSON {
    value.map { .string($0.description) } ?? .null
  }

  /// Compact text on one line.
  var serialized: String {
    // Built as bytes: appending small literals to a String was the largest cost of
    // `--json -a` (BENCHMARKS.md, status at scale).
    var out: [UInt8] = []
    write(to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  private func write(to out: inout [UInt8]) {
    switch self {
    case .null: out += "null".utf8
    case .bool(let b): out += (b ? "true" : "false").utf8
    case .int(let n): out += String(n).utf8
    case .string(let s): Self.quote(s, into: &out)
    case .array(let items):
      out.append(UInt8(ascii: "["))
      for (i, item) in items.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        item.write(to: &out)
      }
      out.append(UInt8(ascii: "]"))
    case .object(let members):
      out.append(UInt8(ascii: "{"))
      for (i, member) in members.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        Self.quote(member.key, into: &out)
        out.append(UInt8(ascii: ":"))
        member.value.write(to: &out)
      }
      out.append(UInt8(ascii: "}"))
    }
  }

  /// Escapes what RFC 8259 requires: the quote, the backslash and control characters.
  /// Everything else passes as UTF-8, which Swift strings always are.
  private static func quote(_ string: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    var string = string
    // The runs between escapes are copied whole: appending byte by byte was a large part of
    // `--json -a` on bonds with long hints (BENCHMARKS.md, 3a).
    string.withUTF8 { bytes in
      var run = 0
      for (i, byte) in bytes.enumerated() where needsEscape(byte) {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
        escape(byte, into: &out)
        run = i + 1
      }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
    }
    out.append(UInt8(ascii: "\""))
  }

  private static func needsEscape(_ byte: UInt8) -> Bool {
    byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
  }

  private static func escape(_ byte: UInt8, into out: inout [UInt8]) {
    switch byte {
    case UInt8(ascii: "\""): out += #"\""#.utf8
    case UInt8(ascii: "\\"): out += #"\\"#.utf8
    case UInt8(ascii: "\n"): out += #"\n"#.utf8
    case UInt8(ascii: "\r"): out += #"\r"#.utf8
    case UInt8(ascii: "\t"): out += #"\t"#.utf8
    case 0x08: out += #"\b"#.utf8
    case 0x0C: out += #"\f"#.utf8
    default:
      // Bytes below 0x80 are whole characters in UTF-8, so escaping them byte by byte
      // never splits one.
      out += #"\u00"#.utf8
      out.append(Hex.digit(byte >> 4))
      out.append(Hex.digit(byte & 0xF))
    }
  }
}
