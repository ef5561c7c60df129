// SPDX-License-Identifier: GPL-2.0-or-later
/// A link-layer address, such as an Ethernet MAC.
struct HardwareAddress: Hashable, Sendable, CustomStringConvertible {
  let bytes: [UInt8]

  init(bytes: [UInt8]) { self.bytes = bytes }

  /// Parses `aa:bb:cc:dd:ee:ff`: six hexadecimal octets of one or two digits, separated by
  /// colons, as `ip link` accepts them.
  init?(parsing text: String) {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 6 else { return nil }
    var bytes: [UInt8] = []
    for part in parts {
      guard (1...2).contains(part.count), let octet = UInt8(part, radix: 16) else { return nil }
      bytes.append(octet)
    }
    self.bytes = bytes
  }

  /// Lowercase, colon-separated, two digits an octet: the form `ip link` and sysfs print.
  var description: String {
    guard !bytes.isEmpty else { return "" }
    // Written digit by digit: joining a String per byte was costly, and `-a` pays it for
    // every interface (BENCHMARKS.md).
    return String(unsafeUninitializedCapacity: bytes.count * 3 - 1) { out in
      var i = 0
      for byte in bytes {
        if i > 0 {
          out[i] = UInt8(ascii: ":")
          i += 1
        }
        out[i] = Hex.digit(byte >> 4)
        out[i + 1] = Hex.digit(byte & 0xF)
        i += 2
      }
      return i
    }
  }

  var isZero: Bool { bytes.allSatisfy { $0 == 0 } }
}
