// SPDX-License-Identifier: GPL-2.0-or-later
@testable import IfenslaveCore
import Testing

/// The man page and the shell completions are written by hand; these tests hold them to the
/// option table, so that an option added to the command and not to them fails here.
@Suite struct ManPageTests {
  let page = repositoryFile("man/ifenslave.8")

  @Test func everyOptionIsDocumented() {
    for option in CommandOption.all {
      let long = "\\-\\-" + roff(option.long)
      #expect(page.contains(long), "man/ifenslave.8 lacks --\(option.long)")
      if let short = option.short {
        #expect(page.contains(".BR \\-\(short) \", \" \(long)"), "man/ifenslave.8 lacks -\(short), --\(option.long)")
      }
    }
  }

  @Test func everyDocumentedOptionExists() {
    let known = Set(CommandOption.all.map(\.long))
    var rest = Substring(page)
    while let range = rest.firstRange(of: "\\-\\-") {
      rest = rest[range.upperBound...]
      let word = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "\\" || $0 == "-" })
        .replacing("\\-", with: "-")
      // COMPATIBILITY shows abbreviations of the old options, which getopt_long accepts.
      let abbreviates = CommandOption.all.contains { $0.legacy && $0.long.hasPrefix(word) }
      if !word.isEmpty {
        #expect(known.contains(word) || abbreviates, "man/ifenslave.8 documents --\(word), which the command lacks")
      }
    }
  }

  @Test func everyBondOptionHasItsValuesDefaultModesAndNeeds() {
    for option in BondOption.all {
      let text = paragraph(of: option)
      #expect(!text.isEmpty, "man/ifenslave.8 has no paragraph for --\(option.name)")
      if case .names(let names) = option.value {
        for name in names { #expect(text.contains(name), "--\(option.name): value \(name) missing") }
      }
      if option.defaultValue != "none" {
        #expect(text.contains("default") && text.contains(option.defaultValue), "--\(option.name): default \(option.defaultValue) missing")
      }
      for mode in option.modes ?? [] {
        #expect(text.contains(mode.description), "--\(option.name): mode \(mode) missing")
      }
      if option.needs.contains(.bondDown) { #expect(text.contains("while the bond is down"), "--\(option.name)") }
      if option.needs.contains(.noSlaves) { #expect(text.contains("no slaves"), "--\(option.name)") }
      if option.needs.contains(.miimon) { #expect(text.contains("needs miimon"), "--\(option.name)") }
      let since = option.since.split(separator: ".").map { Int($0)! }
      if [3, 14].lexicographicallyPrecedes(since) {
        #expect(text.contains("Linux \(option.since)"), "--\(option.name): Linux \(option.since) missing")
      }
    }
  }

  @Test func everyModeHasItsParagraph() {
    for (number, name) in BondMode.names.enumerated() {
      #expect(page.contains(".BR \(roff(name)) \" (\(number))\""), "BOND MODES lacks \(name)")
    }
  }

  @Test func sectionsAreThere() {
    for section in [
      "NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "BOND MODES", "EXAMPLES", "EXIT STATUS",
      "COMPATIBILITY", "FILES", "SEE ALSO",
    ] {
      #expect(page.contains("\n.SH \(section)\n") || page.contains("\n.SH \"\(section)\"\n"), "no section \(section)")
    }
  }

  /// The text of the `.TP` paragraph that documents `option`, with `\-` and `\(en` decoded.
  func paragraph(of option: BondOption) -> String {
    let lines = page.split(separator: "\n", omittingEmptySubsequences: false)
    let head = "\\-\\-" + roff(option.name)
    guard let start = lines.firstIndex(where: {
      ($0.hasPrefix(".BI " + head + " ") || $0.hasPrefix(".BR " + head + " "))
    }) else { return "" }
    let end = lines[(start + 1)...].firstIndex { $0.hasPrefix(".TP") || $0.hasPrefix(".S") } ?? lines.endIndex
    return lines[start..<end].joined(separator: " ").replacing("\\-", with: "-").replacing("\\(en", with: "-")
  }

  func roff(_ text: String) -> String { text.replacing("-", with: "\\-") }
}

/// Each completion script names every option and offers every value the kernel has a name
/// for, on the line that registers the option.
@Suite struct CompletionTests {
  static let scripts = ["completions/ifenslave.bash", "completions/_ifenslave", "completions/ifenslave.fish"]

  /// How the script at `path` spells a long option where it registers it.
  func spelling(_ path: String, _ long: String) -> String {
    path.hasSuffix(".fish") ? "-l " + long : "--" + long
  }

  @Test(arguments: scripts) func everyOptionIsCompleted(path: String) {
    let lines = logicalLines(repositoryFile(path))
    for option in CommandOption.all {
      let spelled = spelling(path, option.long)
      #expect(lines.contains { hasWord($0, spelled) }, "\(path) lacks --\(option.long)")
      if let short = option.short {
        #expect(lines.contains { hasWord($0, "-\(short)") || hasWord($0, "-s \(short)") || $0.contains("[\(short)") || $0.contains("*\(short)*") },
          "\(path) lacks -\(short)")
      }
    }
  }

  @Test(arguments: scripts) func everyValueNameIsOffered(path: String) {
    let lines = logicalLines(repositoryFile(path))
    for option in BondOption.all {
      let values: [String]
      switch option.value {
      case .names(let names): values = names
      case .toggle: values = ["0", "1", "off", "on"]
      default: continue
      }
      // The line that offers values: it names the option and at least one of them.
      let offering = lines.filter { line in
        hasWord(line, spelling(path, option.name)) && (values.contains { hasWord(line, $0) } || line.contains("$toggle"))
      }
      #expect(!offering.isEmpty, "\(path): no values for --\(option.name)")
      for line in offering where !line.contains("$toggle") {
        for value in values { #expect(hasWord(line, value), "\(path): --\(option.name) lacks \(value)") }
      }
    }
    #expect(lines.contains { line in hasWord(line, spelling(path, "backend")) && ["auto", "netlink", "ioctl"].allSatisfy { value in hasWord(line, value) } },
      "\(path): no values for --backend")
  }

  /// Lines with their backslash continuations joined.
  func logicalLines(_ text: String) -> [String] {
    var result: [String] = []
    var pending = ""
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasSuffix("\\") {
        pending += line.dropLast() + " "
      } else {
        result.append(pending + line)
        pending = ""
      }
    }
    return result
  }

  /// `word` occurs in `line` with no name character (letter, digit, `-`, `_`, `+`, `.`)
  /// right before or after it.
  func hasWord(_ line: String, _ word: String) -> Bool {
    func isNameCharacter(_ c: Character?) -> Bool {
      guard let c else { return false }
      return c.isLetter || c.isNumber || "-_+.".contains(c)
    }
    var rest = Substring(line)
    while let range = rest.firstRange(of: word) {
      let before = range.lowerBound > line.startIndex ? line[line.index(before: range.lowerBound)] : nil
      let after = range.upperBound < line.endIndex ? line[range.upperBound] : nil
      if !isNameCharacter(before) && !isNameCharacter(after) { return true }
      rest = line[line.index(after: range.lowerBound)...]
    }
    return false
  }
}
