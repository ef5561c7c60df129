import Testing

// SPDX-License-Identifier: GPL-2.0-or-later
@testable import IfenslaveCore

/// The man page and the shell completions are written by hand; these tests hold them to the
/// option table, so that an option added to the command and not to them fails here.
@Suite struct ManPageTests {
  let page = repositoryFile("man/ifenslave.8")

  @Test func everyOptionIsDocumented() {
    for option in CommandOption.all {
      let long = "\\-\\-" + roff(option.long)
      #expect(page.contains(long), "man/ifenslave.8 lacks --\(option.long)")
      if let short = option.short {
        #expect(
          page.contains(".BR \\-\(short) \", \" \(long)"),
          "man/ifenslave.8 lacks -\(short), --\(option.long)")
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
        #expect(
          known.contains(word) || abbreviates,
          "man/ifenslave.8 documents --\(word), which the command lacks")
      }
    }
  }

  @Test func everyBondOptionHasItsValuesDefaultModesAndNeeds() {
    for option in BondOption.all {
      let text = paragraph(of: option)
      #expect(!text.isEmpty, "man/ifenslave.8 has no paragraph for --\(option.name)")
      if case .names(let names) = option.value {
        for name in names {
          #expect(text.contains(name), "--\(option.name): value \(name) missing")
        }
      }
      if option.defaultValue != "none" {
        #expect(
          text.contains("default") && text.contains(option.defaultValue),
          "--\(option.name): default \(option.defaultValue) missing")
      }
      for mode in option.modes ?? [] {
        #expect(text.contains(mode.description), "--\(option.name): mode \(mode) missing")
      }
      if option.needs.contains(.bondDown) {
        #expect(text.contains("while the bond is down"), "--\(option.name)")
      }
      if option.needs.contains(.noSlaves) {
        #expect(text.contains("no slaves"), "--\(option.name)")
      }
      if option.needs.contains(.miimon) {
        #expect(text.contains("needs miimon"), "--\(option.name)")
      }
      let since = option.since.split(separator: ".").map { Int($0)! }
      if [3, 14].lexicographicallyPrecedes(since) {
        #expect(
          text.contains("Linux \(option.since)"), "--\(option.name): Linux \(option.since) missing")
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
      #expect(
        page.contains("\n.SH \(section)\n") || page.contains("\n.SH \"\(section)\"\n"),
        "no section \(section)")
    }
  }

  /// The text of the `.TP` paragraph that documents `option`, with `\-` and `\(en` decoded.
  func paragraph(of option: BondOption) -> String {
    let lines = page.split(separator: "\n", omittingEmptySubsequences: false)
    let head = "\\-\\-" + roff(option.name)
    guard
      let start = lines.firstIndex(where: {
        ($0.hasPrefix(".BI " + head + " ") || $0.hasPrefix(".BR " + head + " "))
      })
    else { return "" }
    let end =
      lines[(start + 1)...].firstIndex { $0.hasPrefix(".TP") || $0.hasPrefix(".S") }
      ?? lines.endIndex
    return lines[start..<end].joined(separator: " ").replacing("\\-", with: "-").replacing(
      "\\(en", with: "-")
  }

  func roff(_ text: String) -> String { text.replacing("-", with: "\\-") }
}

/// Each completion script names every option and offers every value the kernel has a name
/// for, on the line that registers the option.
@Suite struct CompletionTests {
  static let scripts = [
    "completions/ifenslave.bash", "completions/_ifenslave", "completions/ifenslave.fish",
  ]

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
        #expect(
          lines.contains {
            hasWord($0, "-\(short)") || hasWord($0, "-s \(short)") || $0.contains("[\(short)")
              || $0.contains("*\(short)*")
          },
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
        hasWord(line, spelling(path, option.name))
          && (values.contains { hasWord(line, $0) } || line.contains("$toggle"))
      }
      #expect(!offering.isEmpty, "\(path): no values for --\(option.name)")
      for line in offering where !line.contains("$toggle") {
        for value in values {
          #expect(hasWord(line, value), "\(path): --\(option.name) lacks \(value)")
        }
      }
    }
    #expect(
      lines.contains { line in
        hasWord(line, spelling(path, "backend"))
          && ["auto", "netlink", "ioctl"].allSatisfy { value in hasWord(line, value) }
      },
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
      let before =
        range.lowerBound > line.startIndex ? line[line.index(before: range.lowerBound)] : nil
      let after = range.upperBound < line.endIndex ? line[range.upperBound] : nil
      if !isNameCharacter(before) && !isNameCharacter(after) { return true }
      rest = line[line.index(after: range.lowerBound)...]
    }
    return false
  }
}

/// What README, `--help`, the man page and the packaging say twice, held together.
@Suite struct AgreementTests {
  let readme = repositoryFile("README.md")

  @Test func readmeStaysShort() {
    let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).count - 1
    #expect(
      lines <= 200,
      "README.md has \(lines) lines; reference goes to the man page, contributors' parts to docs/")
  }

  /// The usage lines of `--usage`, without "Usage: " and the indentation.
  var usageLines: [String] {
    Help.usage.split(separator: "\n").map { line in
      let text = line.hasPrefix("Usage: ") ? line.dropFirst(7) : line
      return String(text.drop { $0 == " " })
    }
  }

  /// README's usage block: each line's command, without the note after it; a line that is
  /// only a note belongs to the one above it.
  @Test func readmeUsageIsTheCommandsUsage() throws {
    let lines = readme.split(separator: "\n", omittingEmptySubsequences: false)
    let start = try #require(lines.firstIndex(of: "## Usage"))
    let open = try #require(lines[start...].firstIndex { $0.hasPrefix("```") })
    let close = try #require(lines[(open + 1)...].firstIndex { $0.hasPrefix("```") })
    let commands = lines[(open + 1)..<close].filter { $0.hasPrefix("ifenslave") }.map { line in
      String(line.firstRange(of: "   ").map { line[..<$0.lowerBound] } ?? line[...])
    }
    #expect(commands == usageLines)
  }

  /// The man page's SYNOPSIS, rendered to plain text line by line.
  @Test func manSynopsisIsTheCommandsUsage() throws {
    let page = repositoryFile("man/ifenslave.8")
    let start = try #require(page.firstRange(of: ".SH SYNOPSIS\n"))
    let end = try #require(page[start.upperBound...].firstRange(of: ".SH "))
    var rendered: [String] = []
    var current: [String] = []
    for line in page[start.upperBound..<end.lowerBound].split(separator: "\n") {
      if line == ".br" || line == ".in -8" {
        if !current.isEmpty { rendered.append(current.joined(separator: " ")) }
        current = []
      } else if line == "\\&..." {
        current[current.count - 1] += "..."
      } else if line.hasPrefix(".B ") || line.hasPrefix(".I ") {
        current.append(String(line.dropFirst(3)))
      } else if [".RB ", ".BR ", ".RI ", ".IR "].contains(where: { line.hasPrefix($0) }) {
        current.append(Self.arguments(line.dropFirst(4)).joined())
      }
    }
    #expect(rendered.map { $0.replacing("\\-", with: "-") } == usageLines)
  }

  /// A roff macro's arguments: words, or "quoted text".
  static func arguments(_ text: Substring) -> [String] {
    var result: [String] = []
    var rest = text[...]
    while let first = rest.first {
      if first == " " {
        rest = rest.dropFirst()
        continue
      }
      if first == "\"" {
        let body = rest.dropFirst()
        let close = body.firstIndex(of: "\"") ?? body.endIndex
        result.append(String(body[..<close]))
        rest = close < body.endIndex ? body[body.index(after: close)...] : ""
      } else {
        let word = rest.prefix { $0 != " " }
        result.append(String(word))
        rest = rest.dropFirst(word.count)
      }
    }
    return result
  }

  /// The version is Help.version (the Makefile reads it from there for the packages); the
  /// files that must carry it as text are held to it.
  @Test func everyVersionIsTheCommandsVersion() {
    let version = Help.version
    let title = repositoryFile("man/ifenslave.8").split(separator: "\n").first {
      $0.hasPrefix(".TH ")
    }
    #expect(title?.hasPrefix(".TH IFENSLAVE 8 \"") == true)
    #expect(title?.hasSuffix("\"ifenslave \(version)\" \"Linux\"") == true)
    let info = repositoryFile("packaging/slackware/ifenslave.info")
    #expect(info.contains("\nVERSION=\"\(version)\"\n"))
    #expect(info.contains("/v\(version)/ifenslave-\(version).tar.gz\""))
    #expect(
      repositoryFile("packaging/slackware/ifenslave.SlackBuild").contains(
        "VERSION=${VERSION:-\(version)}"))
    #expect(
      repositoryFile("Makefile").contains("static let version = "),
      "the Makefile reads VERSION from Help.swift")
  }

  /// README lists the bond and slave options a user has; each of them exists, and none is left out.
  @Test func readmeNamesEveryBondAndSlaveOption() {
    for name in BondOption.all.map(\.name) + SlaveOption.all.map(\.name) {
      #expect(readme.contains("`--\(name)`"), "README.md does not name --\(name)")
    }
  }
}
