// SPDX-License-Identifier: GPL-2.0-or-later
@testable import IfenslaveCore
import Testing

/// The binary's contract on the command line: where output goes and which exit status.
/// These never change anything: they are usage errors, help texts, reads and dry runs.
@Suite struct CommandLineTests {
  @Test func helpUsageAndVersionGoToStdoutWithStatus0() {
    for arguments in [["-h"], ["--help"], ["--he"], ["-u"], ["--usage"], ["-V"], ["--version"], ["--vers"]] {
      let ran = ifenslave(bytes: arguments.map { Array($0.utf8) })
      #expect(ran.status == 0, "\(arguments)")
      #expect(ran.stderr.isEmpty, "\(arguments)")
      #expect(!ran.stdout.isEmpty, "\(arguments)")
    }
    #expect(ifenslave("-V").stdout.hasPrefix("ifenslave 2."))
    #expect(ifenslave("-u").stdout.hasPrefix("Usage: ifenslave [-f] [-v] [BOND-OPTION...] [SLAVE-OPTION...] MASTER SLAVE...\n"))
  }

  @Test func helpNamesEveryOptionOfTheTable() {
    let help = ifenslave("--help").stdout
    for option in CommandOption.all {
      #expect(help.contains("  " + option.synopsis + " "), "\(option.synopsis)")
    }
    for option in BondOption.all {
      if case .names = option.value { #expect(help.contains(option.acceptedValues), "\(option)") }
    }
  }

  @Test func noArgumentsPrintsUsageOnStderrWithStatus2() {
    let ran = ifenslave()
    #expect(ran.status == 2)
    #expect(ran.stdout.isEmpty)
    #expect(ran.stderr.hasPrefix("ifenslave: no MASTER given\nUsage: ifenslave"))
  }

  @Test func usageErrorsAreOneLineWithStatus2() {
    let cases: [[String]] = [
      ["-x", "bond0"], ["--bogus"], ["-d", "-c", "bond0", "eth0"], ["-d", "-d", "bond0", "eth0"],
      ["-a", "bond0"], ["-d", "bond0"], ["-c", "bond0"], ["--mode", "foo", "bond0"], ["--mod", "1", "bond0"],
      ["--miimon", "99999999999999999999", "bond0"], ["bond0", "bond0"], ["bond0", "a/b"], ["b:0", "eth0"],
      ["--json", "bond0", "eth0"], ["--destroy"], ["bond0", "--mode"],
    ]
    for arguments in cases {
      let ran = ifenslave(bytes: arguments.map { Array($0.utf8) })
      #expect(ran.status == 2, "\(arguments)")
      #expect(ran.stdout.isEmpty, "\(arguments)")
      #expect(ran.stderr.hasPrefix("ifenslave: ") && ran.stderr.filter { $0 == "\n" }.count == 1, "\(arguments): \(ran.stderr)")
    }
    #expect(ifenslave("--mode", "foo", "bond0").stderr.contains("balance-rr|active-backup"))
  }

  @Test func nonUTF8NameIsAUsageError() {
    let ran = ifenslave(bytes: [Array("bond0".utf8), [0x65, 0x74, 0xFF]])
    #expect(ran.status == 2)
    #expect(ran.stderr.hasPrefix("ifenslave: "))
  }

  @Test func posixlyCorrectStopsPermutation() {
    // As with 1.1.0: after the first operand, -d is then a slave's name.
    let posix = ifenslave("--dry-run", "nosuch0", "-d", "nosuch1", environment: ["POSIXLY_CORRECT=1"])
    #expect(posix.stdout == "create nosuch0 type bond\nset nosuch0 up\n")
    #expect(posix.stderr == "ifenslave: nosuch0: cannot enslave -d: no such interface\nifenslave: nosuch0: cannot enslave nosuch1: no such interface\n")
    let gnu = ifenslave("--dry-run", "nosuch0", "-d", "nosuch1")
    #expect(gnu.stdout.isEmpty)
    #expect(gnu.stderr == "ifenslave: nosuch0: no such interface\n")
  }

  @Test func showingAMissingInterfaceIsAnOperationFailure() {
    let ran = ifenslave("nosuch0")
    #expect(ran.status == 1)
    #expect(ran.stdout.isEmpty)
    #expect(ran.stderr == "ifenslave: nosuch0: no such interface\n")
  }

  @Test func showingSomethingThatIsNoBond() {
    let ran = ifenslave("lo")
    #expect(ran.status == 1)
    #expect(ran.stderr == "ifenslave: lo: not a bond (the loopback device)\n")
  }

  @Test func jsonOfAllBondsIsAnArray() {
    let ran = ifenslave("--json", "-a")
    #expect(ran.status == 0)
    #expect(ran.stdout.hasPrefix("[") && ran.stdout.hasSuffix("]\n"))
  }

  @Test func dryRunReadsButNeverWrites() {
    let ran = ifenslave("--dry-run", "--mode", "active-backup", "--miimon", "100", "nosuchbond9", "nosuch8")
    #expect(ran.status == 1)
    #expect(ran.stdout == "create nosuchbond9 type bond mode active-backup miimon 100\nset nosuchbond9 up\n")
    #expect(ran.stderr == "ifenslave: nosuchbond9: cannot enslave nosuch8: no such interface\n")
  }
}
