// SPDX-License-Identifier: GPL-2.0-or-later
@testable import IfenslaveCore

/// Keeps everything written, for tests.
final class RecordingConsole: Console {
  private(set) var output = ""
  private(set) var errors = ""

  init() {}

  func write(_ text: String) { output += text }
  func writeError(_ text: String) { errors += text }
  private(set) var flushes = 0
  func flush() { flushes += 1 }

  /// The stderr lines without the `ifenslave: ` prefix.
  var messages: [String] {
    errors.split(separator: "\n").map { line in
      line.hasPrefix("ifenslave: ") ? String(line.dropFirst(11)) : String(line)
    }
  }
}
