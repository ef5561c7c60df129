// SPDX-License-Identifier: GPL-2.0-or-later
/// Reads JSON text (RFC 8259) into a `JSON` value, keeping object keys in their order: a
/// teamd configuration lists its ports in the order they are to be enslaved. Numbers must be
/// integers, which is all a teamd configuration holds.
enum JSONReader {
  struct Failure: Error, Equatable, CustomStringConvertible {
    /// 1-based line of the offending byte.
    let line: Int
    let reason: String
    var description: String { "line \(line): \(reason)" }
  }

  static func read(_ bytes: [UInt8]) throws(Failure) -> JSON {
    var reader = Cursor(bytes: bytes)
    let value = try reader.value(depth: 0)
    reader.skipSpace()
    guard reader.at == bytes.count else { throw reader.failure("text after the JSON value") }
    return value
  }

  private struct Cursor {
    let bytes: [UInt8]
    var at = 0

    func failure(_ reason: String) -> Failure {
      Failure(
        line: 1 + bytes[..<min(at, bytes.count)].lazy.filter { $0 == UInt8(ascii: "\n") }.count,
        reason: reason)
    }

    mutating func skipSpace() {
      while at < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[at]) { at += 1 }
    }

    mutating func expect(_ literal: String) throws(Failure) {
      for byte in literal.utf8 {
        guard at < bytes.count, bytes[at] == byte else { throw failure("expected \(literal)") }
        at += 1
      }
    }

    mutating func value(depth: Int) throws(Failure) -> JSON {
      // A configuration nests three or four levels; this bounds the recursion on bad input.
      guard depth < 64 else { throw failure("nested too deeply") }
      skipSpace()
      guard at < bytes.count else { throw failure("unexpected end") }
      switch bytes[at] {
      case UInt8(ascii: "{"):
        at += 1
        var members: [JSON.Member] = []
        skipSpace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "}") {
          at += 1
          return .object(members)
        }
        while true {
          skipSpace()
          guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else {
            throw failure("expected a key in quotes")
          }
          let key = try string()
          guard !members.contains(where: { $0.key == key }) else {
            throw failure("\"\(key)\" is given twice")
          }
          skipSpace()
          try expect(":")
          members.append(JSON.Member(key, try value(depth: depth + 1)))
          skipSpace()
          guard at < bytes.count else { throw failure("unexpected end in an object") }
          if bytes[at] == UInt8(ascii: "}") {
            at += 1
            return .object(members)
          }
          try expect(",")
        }
      case UInt8(ascii: "["):
        at += 1
        var items: [JSON] = []
        skipSpace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "]") {
          at += 1
          return .array(items)
        }
        while true {
          items.append(try value(depth: depth + 1))
          skipSpace()
          guard at < bytes.count else { throw failure("unexpected end in an array") }
          if bytes[at] == UInt8(ascii: "]") {
            at += 1
            return .array(items)
          }
          try expect(",")
        }
      case UInt8(ascii: "\""):
        return .string(try string())
      case UInt8(ascii: "t"):
        try expect("true")
        return .bool(true)
      case UInt8(ascii: "f"):
        try expect("false")
        return .bool(false)
      case UInt8(ascii: "n"):
        try expect("null")
        return .null
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        return try number()
      default:
        throw failure("unexpected character")
      }
    }

    mutating func number() throws(Failure) -> JSON {
      let start = at
      if bytes[at] == UInt8(ascii: "-") { at += 1 }
      while at < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) {
        at += 1
      }
      if at < bytes.count,
        [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[at])
      {
        throw failure("only whole numbers are expected")
      }
      guard let n = Int64(String(decoding: bytes[start..<at], as: UTF8.self)) else {
        throw failure("not a number")
      }
      return .int(n)
    }

    mutating func string() throws(Failure) -> String {
      at += 1  // the opening quote
      var out: [UInt8] = []
      while at < bytes.count {
        let byte = bytes[at]
        at += 1
        switch byte {
        case UInt8(ascii: "\""):
          guard let text = String(validating: out, as: UTF8.self) else {
            throw failure("a string is not valid UTF-8")
          }
          return text
        case UInt8(ascii: "\\"):
          guard at < bytes.count else { throw failure("unexpected end in a string") }
          let escape = bytes[at]
          at += 1
          switch escape {
          case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
          case UInt8(ascii: "b"): out.append(0x08)
          case UInt8(ascii: "f"): out.append(0x0c)
          case UInt8(ascii: "n"): out.append(0x0a)
          case UInt8(ascii: "r"): out.append(0x0d)
          case UInt8(ascii: "t"): out.append(0x09)
          case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xd800..<0xdc00).contains(scalar) {
              try expect("\\u")
              let low = try hex4()
              guard (0xdc00..<0xe000).contains(low) else { throw failure("a lone surrogate") }
              scalar = 0x10000 + ((scalar - 0xd800) << 10) + (low - 0xdc00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw failure("a lone surrogate") }
            out += Array(String(Character(unicode)).utf8)
          default: throw failure("an unknown escape")
          }
        case 0..<0x20:
          throw failure("a control character in a string")
        default:
          out.append(byte)
        }
      }
      throw failure("unexpected end in a string")
    }

    mutating func hex4() throws(Failure) -> UInt32 {
      guard at + 4 <= bytes.count else { throw failure("unexpected end in \\u") }
      guard let n = UInt32(String(decoding: bytes[at..<at + 4], as: UTF8.self), radix: 16) else {
        throw failure("a bad \\u escape")
      }
      at += 4
      return n
    }
  }
}
