// SPDX-License-Identifier: GPL-2.0-or-later
/// Text from the command line or the kernel as a message shows it, on one line.
///
/// Control characters and bytes that are not UTF-8 appear as C escapes (`\n`, `\t`, `\xff`),
/// so no argument can break the one-line rule for errors or send escape sequences to the
/// terminal.
enum Quoted {
  /// `text` as one word of a shell command line: bare where it holds only characters no
  /// shell treats specially, in single quotes otherwise.
  static func shellWord(_ text: String) -> String {
    let plain =
      !text.isEmpty
      && text.utf8.allSatisfy { byte in
        (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte)
          || "-_.,:/=+@%".utf8.contains(byte)
      }
    if plain { return text }
    return "'"
      + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''")
      + "'"
  }

  /// `bytes` in single quotes, escaped.
  static func argument(_ bytes: some Collection<UInt8>) -> String {
    "'" + escaped(Array(bytes)) + "'"
  }

  /// `bytes` escaped: each UTF-8 character as it is unless it is a control character, any
  /// other byte as `\xNN`.
  static func escaped(_ bytes: [UInt8]) -> String {
    var result = ""
    var i = 0
    while i < bytes.count {
      let lead = bytes[i]
      let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0
      if length > 0, i + length <= bytes.count,
        let character = String(validating: bytes[i..<i + length], as: UTF8.self)
      {
        result += escaped(character)
        i += length
      } else {
        result += hex(lead)
        i += 1
      }
    }
    return result
  }

  /// `text` with its control characters escaped.
  static func escaped(_ text: String) -> String {
    text.unicodeScalars.reduce(into: "") { $0 += escaped($1) }
  }

  private static func escaped(_ scalar: Unicode.Scalar) -> String {
    switch scalar.value {
    case 0x0A: return "\\n"
    case 0x09: return "\\t"
    case 0x0D: return "\\r"
    case 0x00..<0x20, 0x7F: return hex(UInt8(scalar.value))
    case 0x80..<0xA0: return "\\u{\(String(scalar.value, radix: 16))}"
    default: return String(Character(scalar))
    }
  }

  private static func hex(_ byte: UInt8) -> String {
    "\\x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
  }
}
