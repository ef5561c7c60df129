// SPDX-License-Identifier: GPL-2.0-or-later
import Glibc
import Testing

/// Every source file says its licence in its first lines (GPL-2.0-or-later, README's
/// Licence), so a file copied out of the tree keeps its terms.
@Suite struct LicenceTests {
  static let tag = "SPDX-License-Identifier: GPL-2.0-or-later"
  static let folders = ["Sources", "Tests", "bench", "completions", "man", "packaging", ".ci"]
  static let kinds = [
    ".swift", ".sh", ".py", ".c", ".h", ".modulemap", ".8", ".spec", ".bash", ".fish", ".zsh",
  ]

  @Test func everySourceFileHasAnSPDXLine() {
    var checked = 0
    for path in Self.folders.flatMap({ files(under: $0) }) where isSource(path) {
      checked += 1
      let head = repositoryFile(path).split(
        separator: "\n", maxSplits: 3, omittingEmptySubsequences: false
      ).prefix(3)
      #expect(
        head.contains { $0.contains(Self.tag) }, "\(path) has no \(Self.tag) line in its first 3")
    }
    #expect(checked > 150)
  }

  private func isSource(_ path: String) -> Bool {
    if path.contains("/Fixtures/") { return false }
    let name = path.split(separator: "/").last.map(String.init) ?? path
    return Self.kinds.contains { name.hasSuffix($0) } || path.hasPrefix("completions/")
      || name == "run"
  }
}

/// The regular files under `folder` of this repository, by their path from the top.
private func files(under folder: String) -> [String] {
  let top = String(
    String(#filePath).split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(
      separator: "/"))
  var found: [String] = []
  var pending = [folder]
  while let relative = pending.popLast() {
    guard let directory = opendir(top + "/" + relative) else { continue }
    defer { closedir(directory) }
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) {
        String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name == "." || name == ".." { continue }
      if entry.pointee.d_type == UInt8(DT_DIR) {
        pending.append(relative + "/" + name)
      } else if entry.pointee.d_type == UInt8(DT_REG) {
        found.append(relative + "/" + name)
      }
    }
  }
  return found
}
