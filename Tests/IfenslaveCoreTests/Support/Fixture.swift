// SPDX-License-Identifier: GPL-2.0-or-later
import Glibc

@testable import IfenslaveCore

/// A file of captured netlink messages (`Fixtures/NAME.hex`): `#` lines describe the
/// capture, every other line is one message in hex. `Tests/vm/capture/` regenerates them.
struct Fixture {
  let comments: [String]
  let messages: [[UInt8]]

  init(_ name: String) {
    let text = repositoryFile("Tests/IfenslaveCoreTests/Fixtures/" + name + ".hex")
    var comments: [String] = []
    var messages: [[UInt8]] = []
    for line in text.split(separator: "\n") {
      if line.hasPrefix("#") {
        comments.append(String(line))
      } else if !line.isEmpty {
        messages.append(Self.bytes(fromHex: line))
      }
    }
    self.comments = comments
    self.messages = messages
  }

  /// The one message of a single-message fixture.
  var message: [UInt8] {
    precondition(messages.count == 1, "expected one message, found \(messages.count)")
    return messages[0]
  }

  static func bytes(fromHex hex: Substring) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
      let next = hex.index(index, offsetBy: 2)
      bytes.append(UInt8(hex[index..<next], radix: 16)!)
      index = next
    }
    return bytes
  }
}

/// The message with sequence number and port set to 0, as libnl leaves them until it sends.
func withoutSequence(_ bytes: [UInt8]) -> [UInt8] {
  var bytes = bytes
  for i in 8..<16 { bytes[i] = 0 }
  return bytes
}

func hex(_ bytes: [UInt8]) -> String {
  bytes.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
}

/// The text of a file of this repository, by its path from the top.
func repositoryFile(_ path: String) -> String {
  let file: String = #filePath
  let top = file.split(separator: "/", omittingEmptySubsequences: false).dropLast(4).joined(
    separator: "/")
  guard let handle = fopen(top + "/" + path, "r") else { fatalError("no file at \(top)/\(path)") }
  defer { fclose(handle) }
  var bytes: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 1 << 16)
  while case let count = fread(&buffer, 1, buffer.count, handle), count > 0 {
    bytes += buffer.prefix(count)
  }
  return String(decoding: bytes, as: UTF8.self)
}

/// Names and refs for tests.
func name(_ text: String) -> InterfaceName { try! InterfaceName(validating: text) }
func ref(_ text: String, _ index: Int32) -> LinkRef {
  LinkRef(name(text), index: InterfaceIndex(index))
}
func setting(_ option: BondOption, _ text: String) -> BondSetting {
  BondSetting(option, try! option.parse(text))
}
