// SPDX-License-Identifier: GPL-2.0-or-later
import Testing

@testable import IfenslaveCore

/// ifenslave 1.1.0's grammar (getopt_long with permutation and prefixes) and the new options.
@Suite(.serialized) struct CommandLineParserTests {
  func parse(_ arguments: String...) throws -> Command {
    try CommandLineParser.parse(arguments)
  }

  func usageError(_ arguments: String...) -> String? {
    do {
      _ = try CommandLineParser.parse(arguments)
      return nil
    } catch {
      return error.message
    }
  }

  // MARK: Legacy forms

  @Test func enslave() throws {
    #expect(
      try parse("bond0", "eth0", "eth1").action
        == .enslave(master: name("bond0"), slaves: [name("eth0"), name("eth1")]))
    let forced = try parse("-f", "-v", "bond0", "eth0")
    #expect(forced.force && forced.verbose)
    #expect(forced.action == .enslave(master: name("bond0"), slaves: [name("eth0")]))
  }

  @Test func detach() throws {
    let expected = Command.Action.release(
      master: name("bond0"), slaves: [name("eth0"), name("eth1")])
    #expect(try parse("-d", "bond0", "eth0", "eth1").action == expected)
    #expect(try parse("--detach", "bond0", "eth0", "eth1").action == expected)
  }

  @Test func changeActive() throws {
    let expected = Command.Action.changeActive(master: name("bond0"), slave: name("eth1"))
    #expect(try parse("-c", "bond0", "eth1").action == expected)
    #expect(try parse("--change-active", "bond0", "eth1").action == expected)
    // 1.1.0 ignored extra slaves silently; they still work, with a warning.
    let extra = try parse("-c", "bond0", "eth1", "eth2")
    #expect(extra.action == expected)
    #expect(extra.warnings == ["-c takes one slave; ignoring eth2"])
  }

  @Test func showAndShowAll() throws {
    #expect(try parse("bond0").action == .show(master: name("bond0")))
    #expect(try parse("-a").action == .showAll)
    #expect(try parse("--all-interfaces").action == .showAll)
    #expect(try parse("-v", "bond0").action == .show(master: name("bond0")))
  }

  @Test func helpUsageVersion() throws {
    #expect(try parse("-h").action == .help)
    #expect(try parse("--help").action == .help)
    #expect(try parse("-u").action == .usage)
    #expect(try parse("--usage").action == .usage)
    #expect(try parse("-V").action == .version)
    #expect(try parse("--version").action == .version)
  }

  // MARK: How getopt_long parses

  @Test func permutation() throws {
    #expect(
      try parse("bond0", "-d", "eth0").action
        == .release(master: name("bond0"), slaves: [name("eth0")]))
    #expect(
      try parse("bond0", "eth0", "-c", "eth1").action
        == .changeActive(master: name("bond0"), slave: name("eth0")))
    let mixed = try parse("bond0", "--mode", "1", "eth0", "-v")
    #expect(mixed.action == .enslave(master: name("bond0"), slaves: [name("eth0")]))
    #expect(mixed.verbose && mixed.value(.mode) == .number(1))
  }

  @Test func combinedShortFlags() throws {
    let command = try parse("-fv", "bond0", "eth0")
    #expect(command.force && command.verbose)
    #expect(
      try parse("-vd", "bond0", "eth0").action
        == .release(master: name("bond0"), slaves: [name("eth0")]))
  }

  @Test func doubleDashEndsOptions() throws {
    // As in 1.1.0, `-- -d lo` makes -d the master's name.
    #expect(
      try parse("--", "-d", "lo").action == .enslave(master: name("-d"), slaves: [name("lo")]))
    #expect(
      try parse("-d", "--", "bond0", "-x").action
        == .release(master: name("bond0"), slaves: [name("-x")]))
  }

  @Test func prefixesOfLegacyLongOptions() throws {
    #expect(
      try parse("--det", "bond0", "eth0").action
        == .release(master: name("bond0"), slaves: [name("eth0")]))
    #expect(
      try parse("--ch", "bond0", "eth0").action
        == .changeActive(master: name("bond0"), slave: name("eth0")))
    #expect(
      try parse("--c", "bond0", "eth0").action
        == .changeActive(master: name("bond0"), slave: name("eth0")))
    // --all means --all-interfaces, although --all-slaves-active exists.
    #expect(try parse("--all").action == .showAll)
    #expect(try parse("--a").action == .showAll)
    #expect(try parse("--vers").action == .version)
    #expect(try parse("--verb", "bond0").verbose)
    #expect(try parse("--f", "bond0", "eth0").force)
    #expect(try parse("--he").action == .help)
    #expect(try parse("--us").action == .usage)
  }

  @Test func newOptionsMustBeSpelledInFull() {
    #expect(usageError("--mod", "1", "bond0") == "unrecognized option '--mod'")
    #expect(usageError("--js", "bond0") == "unrecognized option '--js'")
    #expect(usageError("--destr", "bond0") == "unrecognized option '--destr'")
    #expect(usageError("--all-slaves", "1", "bond0") == "unrecognized option '--all-slaves'")
  }

  @Test func ambiguousLegacyPrefix() {
    #expect(
      usageError("--ver", "bond0")
        == "option '--ver' is ambiguous; possibilities: '--version' '--verbose'")
  }

  @Test func optionErrorsAreUsageErrors() {
    #expect(usageError("-x", "bond0") == "invalid option -- 'x'")
    #expect(usageError("--bogus") == "unrecognized option '--bogus'")
    #expect(usageError("bond0", "--mode") == "option '--mode' requires an argument")
    #expect(
      usageError("--detach=1", "bond0", "eth0") == "option '--detach' doesn't allow an argument")
  }

  @Test func exclusiveOptions() {
    let exclusive = ["-d", "-c", "-a", "-h", "-u", "-V", "--destroy"]
    for first in exclusive {
      for second in exclusive {
        let message =
          first == second
          ? "\(first) cannot be given twice" : "\(first) and \(second) cannot be used together"
        #expect(usageError(first, second, "bond0", "eth0") == message)
      }
    }
    // -v and -f combine with anything.
    #expect(usageError("-v", "-d", "bond0", "eth0") == nil)
    #expect(usageError("-f", "-d", "bond0", "eth0") == nil)
  }

  @Test func operandCounts() throws {
    #expect(usageError() == "no MASTER given")
    #expect(throws: UsageError("no MASTER given", showUsage: true)) {
      try CommandLineParser.parse([])
    }
    #expect(usageError("-a", "bond0") == "-a takes no interface names")
    #expect(usageError("-d", "bond0") == "-d needs a MASTER and at least one SLAVE")
    #expect(usageError("-c", "bond0") == "-c needs a MASTER and a SLAVE")
    #expect(usageError("--destroy") == "--destroy takes exactly one MASTER")
    #expect(usageError("--destroy", "bond0", "eth0") == "--destroy takes exactly one MASTER")
    #expect(usageError("--mode", "1") == "no MASTER given")
  }

  /// With no SLAVE that could be valid the command is malformed: nothing would be enslaved.
  @Test func aCommandWithNoPossibleSlaveIsAUsageError() {
    #expect(usageError("bond0", "bond0") == "bond0 cannot be a slave of itself")
    #expect(usageError("-d", "bond0", "bond0") == "bond0 cannot be a slave of itself")
    #expect(usageError("-c", "bond0", "bond0") == "bond0 cannot be a slave of itself")
    #expect(usageError("bond0", "bond0", "") == "bond0 cannot be a slave of itself")
    #expect(usageError("-c", "bond0", "", "eth1") == "'': an interface name cannot be empty")
  }

  /// A bad SLAVE is that slave's problem: it is refused on its own and the others go on, so
  /// an rc line with one NIC variable unset still builds the bond.
  @Test func aBadSlaveAmongGoodOnesIsRefusedAlone() throws {
    let cases: [([String], [String], String)] = [
      (
        ["bond0", "eth0", "", "eth1"], ["eth0", "eth1"],
        "bond0: cannot enslave '': an interface name cannot be empty"
      ),
      (
        ["bond0", "eth0", "bond0", "eth1"], ["eth0", "eth1"],
        "bond0: cannot enslave bond0: a bond cannot be a slave of itself"
      ),
      (
        ["bond0", "eth0:1", "eth1"], ["eth1"],
        "bond0: cannot enslave 'eth0:1': an interface name cannot contain ':'"
      ),
      (
        ["bond0", "eth1", "abcdefghijklmnop"], ["eth1"],
        "bond0: cannot enslave 'abcdefghijklmnop': an interface name has at most 15 bytes, this one has 16"
      ),
      (
        ["bond0", "eth1", "a/b"], ["eth1"],
        "bond0: cannot enslave 'a/b': an interface name cannot contain '/'"
      ),
      (
        ["bond0", "eth1", "eth 2"], ["eth1"],
        "bond0: cannot enslave 'eth 2': an interface name cannot contain a space"
      ),
    ]
    for (arguments, slaves, refusal) in cases {
      let command = try CommandLineParser.parse(arguments)
      #expect(
        command.action == .enslave(master: name("bond0"), slaves: slaves.map(name)), "\(arguments)")
      #expect(command.slaveRefusals.map(\.description) == [refusal])
      #expect(command.warnings.isEmpty)
    }
    let release = try parse("-d", "bond0", "eth0", "e/1")
    #expect(release.action == .release(master: name("bond0"), slaves: [name("eth0")]))
    #expect(
      release.slaveRefusals.map(\.description) == [
        "bond0: cannot release 'e/1': an interface name cannot contain '/'"
      ])
    let dryRun = try parse("--dry-run", "bond0", "eth0", "")
    #expect(dryRun.action == .enslave(master: name("bond0"), slaves: [name("eth0")]))
    #expect(dryRun.slaveRefusals.count == 1)
  }

  @Test func aSlaveNamedTwiceIsTakenOnceWithAWarning() throws {
    let enslave = try parse("bond0", "eth0", "eth1", "eth0")
    #expect(
      enslave.action == .enslave(master: name("bond0"), slaves: [name("eth0"), name("eth1")]))
    #expect(enslave.warnings == ["bond0: eth0 is given twice; enslaving it once"])
    #expect(enslave.slaveRefusals.isEmpty)
    let release = try parse("-d", "bond0", "eth0", "eth0")
    #expect(release.action == .release(master: name("bond0"), slaves: [name("eth0")]))
    #expect(release.warnings == ["bond0: eth0 is given twice; releasing it once"])
  }

  @Test func interfaceNamesAreCheckedBeforeAnything() {
    #expect(usageError("bond0", "eth0/x") == "'eth0/x': an interface name cannot contain '/'")
    #expect(usageError("bond0", "..") == "'..': '.' and '..' are not interface names")
    #expect(usageError("bond0", "") == "'': an interface name cannot be empty")
    #expect(
      usageError("abcdefghijklmnop")
        == "'abcdefghijklmnop': an interface name has at most 15 bytes, this one has 16")
    #expect(usageError("bond0", "eth 0") == "'eth 0': an interface name cannot contain a space")
    #expect(usageError("bond0", "eth:0") == "'eth:0': an interface name cannot contain ':'")
    #expect(
      usageError("bond0", "eth\n0") == "'eth\\n0': an interface name cannot contain a newline")
    #expect(usageError("../../etc") == "'../../etc': an interface name cannot contain '/'")
    // A bad MASTER is a malformed command whatever the slaves are.
    #expect(
      usageError("bond:0", "eth0", "eth1") == "'bond:0': an interface name cannot contain ':'")
    #expect(usageError("-d", "", "eth0") == "'': an interface name cannot be empty")
    // Where every operand is a MASTER, every name must be good.
    #expect(
      usageError("--monitor", "bond0", "b/1") == "'b/1': an interface name cannot contain '/'")
  }

  @Test func nonUTF8NameIsRefused() {
    #expect(throws: UsageError("'e\\xff0': an interface name cannot contain the byte 0xFF")) {
      try CommandLineParser.parse(bytes: [Array("bond0".utf8), [0x65, 0xff, 0x30]])
    }
  }

  /// Whatever the argument holds, the message stays one printable line.
  @Test func argumentsInMessagesAreEscaped() {
    #expect(
      usageError("--mode", "a\nb", "bond0")
        == "--mode: invalid value 'a\\nb': expected balance-rr|active-backup|balance-xor|broadcast|802.3ad|balance-tlb|balance-alb or 0-6"
    )
    #expect(usageError("--fo\u{1b}[2Jo", "bond0") == "unrecognized option '--fo\\x1b[2Jo'")
    #expect(
      usageError("--backend", "net\tlink", "bond0")
        == "--backend: invalid value 'net\\tlink': expected auto|netlink|ioctl")
    #expect(
      Quoted.escaped([0x64, 0xc3, 0xa9, 0xff, 0xe2, 0x82, 0x30]) == "d\u{e9}\\xff\\xe2\\x820")
  }

  @Test func modifiersOnlyWhereTheyMeanSomething() {
    #expect(
      usageError("--json", "bond0", "eth0") == "--json only goes with MASTER alone, -a or --monitor"
    )
    #expect(
      usageError("--json", "-d", "bond0", "eth0")
        == "--json only goes with MASTER alone, -a or --monitor")
    #expect(
      usageError("--dry-run", "bond0")
        == "--dry-run only goes with a command that changes something")
    #expect(
      usageError("--dry-run", "-a") == "--dry-run only goes with a command that changes something")
    #expect(
      usageError("--mode", "1", "-d", "bond0", "eth0")
        == "--mode: bond options only go with MASTER [SLAVE...]")
    #expect(
      usageError("--miimon", "100", "-c", "bond0", "eth0")
        == "--miimon: bond options only go with MASTER [SLAVE...]")
    #expect(
      usageError("--miimon", "100", "--destroy", "bond0")
        == "--miimon: bond options only go with MASTER [SLAVE...]")
    #expect(usageError("--json", "-a") == nil)
    #expect(usageError("--json", "bond0") == nil)
    #expect(usageError("--dry-run", "--destroy", "bond0") == nil)
  }

  // MARK: New options

  @Test func bondOptionsWithoutSlaves() throws {
    let command = try parse("--mode", "active-backup", "--miimon", "100", "bond0")
    #expect(command.action == .enslave(master: name("bond0"), slaves: []))
    #expect(command.settings.map(\.description) == ["mode active-backup", "miimon 100"])
  }

  @Test func settingsComeInTheKernelsOrder() throws {
    let command = try parse("--miimon=100", "--primary", "eth0", "--mode", "1", "bond0", "eth0")
    #expect(command.settings.map(\.option) == [.mode, .miimon, .primary])
  }

  @Test func arpTargetsRepeatOrComma() throws {
    let command = try parse(
      "--arp-interval", "100", "--arp-ip-target", "192.0.2.1,192.0.2.2", "--arp-ip-target",
      "192.0.2.3", "bond0")
    #expect(
      command.value(.arpIPTarget)
        == .ipv4(["192.0.2.1", "192.0.2.2", "192.0.2.3"].map { IPv4Address(parsing: $0)! }))
    #expect(
      usageError("--arp-ip-target", "192.0.2.1,192.0.2.1", "bond0")
        == "--arp-ip-target: 192.0.2.1 is given twice")
  }

  @Test func lastValueWins() throws {
    #expect(try parse("--miimon", "100", "--miimon", "200", "bond0").value(.miimon) == .number(200))
  }

  @Test func modeDependentOptionsAgainstTheGivenMode() {
    #expect(
      usageError("--mode", "active-backup", "--lacp-rate", "fast", "bond0")
        == "--lacp-rate only works in mode 802.3ad, not active-backup")
    #expect(
      usageError("--mode", "802.3ad", "--primary", "eth0", "bond0", "eth0")
        == "--primary only works in mode active-backup, balance-tlb, balance-alb, not 802.3ad")
    #expect(
      usageError("--mode", "balance-xor", "--packets-per-slave", "2", "bond0")
        == "--packets-per-slave only works in mode balance-rr, not balance-xor")
    #expect(
      usageError("--mode", "802.3ad", "--arp-interval", "100", "bond0")
        == "--arp-interval only works in mode balance-rr, active-backup, balance-xor, broadcast, not 802.3ad"
    )
    #expect(
      usageError("--mode", "balance-rr", "--tlb-dynamic-lb", "0", "bond0")
        == "--tlb-dynamic-lb only works in mode balance-tlb, balance-alb, not balance-rr")
    #expect(
      usageError("--mode", "802.3ad", "--lacp-rate", "fast", "--ad-select", "count", "bond0") == nil
    )
  }

  @Test func conflictsTheKernelWouldRefuse() {
    #expect(
      usageError("--miimon", "100", "--arp-interval", "200", "bond0")
        == "--miimon and --arp-interval cannot both be on: the bond monitors links one way")
    #expect(
      usageError("--miimon", "100", "--arp-validate", "all", "bond0")
        == "--arp-validate cannot be used with MII monitoring (--miimon 100)")
    #expect(
      usageError("--miimon", "0", "--updelay", "200", "bond0")
        == "--updelay needs MII monitoring: set --miimon too")
    #expect(
      usageError("--num-grat-arp", "2", "--num-unsol-na", "3", "bond0")
        == "--num-grat-arp and --num-unsol-na set the same kernel option; give one value")
    #expect(usageError("--num-grat-arp", "2", "--num-unsol-na", "2", "bond0") == nil)
    #expect(usageError("--primary", "bond0", "bond0") == "--primary: bond0 is the MASTER")
  }

  @Test(arguments: BondOption.all)
  func everyOptionParsesItsValuesAndRefusesOthers(_ option: BondOption) throws {
    let good: String
    let bad: [String]
    switch option.value {
    case .names(let names):
      good = names.last!
      bad = ["nonsense", String(names.count), "-1", ""]
    case .toggle:
      good = "on"
      bad = ["2", "yes", ""]
    case .number(let range):
      good = String(range.upperBound)
      var refused = [String(range.upperBound + 1), "-1", "1e3", "0x10", "", "18446744073709551616"]
      if range.lowerBound > 0 { refused.append(String(range.lowerBound - 1)) }
      bad = refused
    case .interface:
      good = "eth0"
      bad = ["", "a/b", "0123456789abcdef"]
    case .ipv4List:
      good = "192.0.2.1,198.51.100.7"
      bad = [
        "192.0.2", "0.0.0.0", "255.255.255.255", "192.0.2.1,", "2001:db8::1",
        (1...17).map { "192.0.2.\($0)" }.joined(separator: ","),
      ]
    case .ipv6List:
      good = "2001:db8::1"
      bad = ["::", "::1", "ff02::1", "192.0.2.1", "2001:db8::1,"]
    case .hardwareAddress:
      good = "02:00:00:00:00:01"
      bad = [
        "01:00:5e:00:00:01", "02:00:00:00:00", "02:00:00:00:00:01:02", "zz:00:00:00:00:01",
        "020000000001",
      ]
    }
    let master = option == .primary ? ["bond0", "eth0"] : ["bond0"]
    let mode: [String] = option.modes.map { ["--mode", $0[0].description] } ?? []
    let monitoring = option.needs.contains(.miimon) ? ["--miimon", "100"] : []
    let command = try CommandLineParser.parse(
      mode + monitoring + ["--\(option.name)", good] + master)
    #expect(command.value(option) != nil)
    for value in bad {
      let message = usageError(
        contentsOf: mode + monitoring + ["--\(option.name)", value] + master)
      #expect(
        message?.hasPrefix("--\(option.name): invalid value '\(value)'") == true,
        "\(option.name) \(value): \(message ?? "accepted")")
    }
    if case .names = option.value {
      let message = usageError(
        contentsOf: mode + monitoring + ["--\(option.name)", "nonsense"] + master)
      #expect(message?.contains(option.acceptedValues) == true)
    }
  }

  func usageError(contentsOf arguments: [String]) -> String? {
    do {
      _ = try CommandLineParser.parse(arguments)
      return nil
    } catch {
      return error.message
    }
  }

  @Test func numbersAndNamesAreTheSame() throws {
    for (index, mode) in BondMode.names.enumerated() {
      #expect(
        try parse("--mode", mode, "bond0").value(.mode)
          == parse("--mode", String(index), "bond0").value(.mode))
    }
    #expect(
      try parse("--xmit-hash-policy", "1", "bond0").settings.first?.description
        == "xmit_hash_policy layer3+4")
    #expect(try parse("--use-carrier", "off", "bond0").value(.useCarrier) == .number(0))
  }
}

/// `-o`, `--options`: BONDING_OPTS-style strings in the kernel's sysfs names.
@Suite(.serialized) struct OptionStringTests {
  func parse(_ arguments: String...) throws -> Command { try CommandLineParser.parse(arguments) }

  func usageError(_ arguments: String...) -> String? {
    do {
      _ = try CommandLineParser.parse(arguments)
      return nil
    } catch { return error.message }
  }

  @Test func theSameCommandAsTheLongOptions() throws {
    let string = try parse(
      "-o", "mode=4 miimon=100 lacp_rate=1 xmit_hash_policy=layer3+4", "bond0", "eth0")
    let long = try parse(
      "--mode", "802.3ad", "--miimon", "100", "--lacp-rate", "fast", "--xmit-hash-policy",
      "layer3+4", "bond0", "eth0")
    #expect(string == long)
    #expect(
      try parse("--options=mode=active-backup  primary=eth0\tfail_over_mac=1", "bond0", "eth0")
        == parse(
          "--mode", "active-backup", "--primary", "eth0", "--fail-over-mac", "active", "bond0",
          "eth0"))
  }

  /// sysfs's "+ADDRESS" form and repeated keys add up, as repeated --arp-ip-target does; with
  /// the long options, the last value of any other option wins.
  @Test func targetsAddUpAndLaterValuesWin() throws {
    let command = try parse(
      "-o", "arp_interval=100 arp_ip_target=+192.0.2.1 arp_ip_target=192.0.2.2,192.0.2.3",
      "--arp-interval", "200", "bond0")
    #expect(
      command.value(.arpIPTarget)
        == .ipv4(["192.0.2.1", "192.0.2.2", "192.0.2.3"].map { IPv4Address(parsing: $0)! }))
    #expect(command.value(.arpInterval) == .number(200))
  }

  @Test func whatIsNotABondOptionIsAUsageErrorNamingIt() {
    #expect(
      usageError("-o", "mode=4 colour=red", "bond0") == "-o: the kernel has no bond option 'colour'"
    )
    #expect(
      usageError("-o", "max_bonds=2", "bond0")
        == "-o max_bonds: a parameter of the bonding module (modprobe bonding max_bonds=N), not of one bond"
    )
    #expect(
      usageError("-o", "mode=fast", "bond0")?.hasPrefix(
        "-o mode: invalid value 'fast': expected balance-rr|") == true)
    #expect(usageError("-o", "miimon", "bond0") == "-o: 'miimon' is not KEY=VALUE")
    #expect(usageError("-o", "mtu=9000", "bond0") == "-o: the kernel has no bond option 'mtu'")
    #expect(
      usageError("-o", "mode=802.3ad arp_interval=100", "bond0")
        == "--arp-interval only works in mode balance-rr, active-backup, balance-xor, broadcast, not 802.3ad"
    )
    #expect(usageError("-o") == "option '--options' requires an argument")
    #expect(
      usageError("-d", "-o", "miimon=100", "bond0", "eth0")
        == "--miimon: bond options only go with MASTER [SLAVE...]")
  }
}

/// `-n NAME`, `--netns NAME`: a name in /run/netns, as ip takes it.
@Suite(.serialized) struct NetnsOptionTests {
  @Test func aNameGoesWithEveryCommand() throws {
    #expect(try CommandLineParser.parse(["-n", "blue", "bond0", "eth0"]).netns == "blue")
    #expect(try CommandLineParser.parse(["--netns=blue", "-a"]).netns == "blue")
    #expect(try CommandLineParser.parse(["--monitor", "--netns", "blue"]).netns == "blue")
    #expect(try CommandLineParser.parse(["bond0"]).netns == nil)
  }

  @Test func aPathIsNoName() {
    for bad in ["a/b", "..", "", "."] {
      #expect(throws: UsageError.self, "\(bad)") {
        try CommandLineParser.parse(["-n", bad, "bond0"])
      }
    }
  }
}
