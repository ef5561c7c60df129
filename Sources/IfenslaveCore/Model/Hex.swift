// SPDX-License-Identifier: GPL-2.0-or-later
/// Lowercase hexadecimal, as `ip link` and sysfs write MAC addresses and JSON its `\u00XX`.
enum Hex {
  /// The ASCII digit of `nibble` (0...15).
  static func digit(_ nibble: UInt8) -> UInt8 {
    nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
  }
}
