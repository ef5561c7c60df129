import Glibc

/// A file of captured netlink messages (`Fixtures/NAME.hex`): `#` lines describe the
/// capture, every other line is one message in hex. `Tests/vm/capture/` regenerates them.
struct Fixture {
  let comments: [String]
  let messages: [[UInt8]]

  init(_ name: String) {
    let file: String = #filePath
    let directory = file.split(separator: "/", omittingEmptySubsequences: false).dropLast(2).joined(separator: "/")
    let path = directory + "/Fixtures/" + name + ".hex"
    guard let handle = fopen(path, "r") else { fatalError("no fixture at \(path)") }
    defer { fclose(handle) }
    var text = ""
    var buffer = [CChar](repeating: 0, count: 1 << 16)
    while fgets(&buffer, Int32(buffer.count), handle) != nil {
      text += String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
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

/// Names and refs for tests.
func name(_ text: String) -> InterfaceName { try! InterfaceName(validating: text) }
func ref(_ text: String, _ index: Int32) -> LinkRef { LinkRef(name(text), index: InterfaceIndex(index)) }
func setting(_ option: BondOption, _ text: String) -> BondSetting { BondSetting(option, try! option.parse(text)) }

import IfenslaveCore
