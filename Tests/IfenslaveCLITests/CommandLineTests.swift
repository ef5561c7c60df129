import Testing

// SPDX-License-Identifier: GPL-2.0-or-later
@testable import IfenslaveCore

/// The binary's contract on the command line: where output goes and which exit status.
/// These never change anything: they are usage errors, help texts, reads and dry runs.
@Suite struct CommandLineTests {
  @Test func helpUsageAndVersionGoToStdoutWithStatus0() {
    for arguments in [
      ["-h"], ["--help"], ["--he"], ["-u"], ["--usage"], ["-V"], ["--version"], ["--vers"],
    ] {
      let ran = ifenslave(bytes: arguments.map { Array($0.utf8) })
      #expect(ran.status == 0, "\(arguments)")
      #expect(ran.stderr.isEmpty, "\(arguments)")
      #expect(!ran.stdout.isEmpty, "\(arguments)")
    }
    #expect(ifenslave("-V").stdout.hasPrefix("ifenslave 2."))
    #expect(
      ifenslave("-u").stdout.hasPrefix(
        "Usage: ifenslave [-f] [-v] [BOND-OPTION...] [SLAVE-OPTION...] MASTER SLAVE...\n"))
  }

  /// Written out here, not read from the option table that --help is printed from: an
  /// option the table loses, or the help leaves out, fails this.
  static let options = """
    detach change-active all-interfaces destroy monitor check export teamd-config help usage \
    version netns to options force force-down verbose json dry-run backend mode miimon \
    updelay downdelay peer-notify-delay use-carrier arp-interval arp-ip-target ns-ip6-target \
    arp-validate arp-all-targets primary primary-reselect fail-over-mac xmit-hash-policy \
    resend-igmp num-grat-arp num-unsol-na all-slaves-active min-links lp-interval \
    packets-per-slave lacp-active lacp-rate ad-select ad-actor-sys-prio ad-user-port-key \
    ad-actor-system tlb-dynamic-lb missed-max coupled-control broadcast-neighbor lacp-strict \
    mtu hwaddr queue-id prio actor-port-prio
    """.split(separator: " ").map(String.init)

  @Test func helpNamesEveryOptionInOrder() {
    let help = ifenslave("--help").stdout
    let listed = help.split(separator: "\n").compactMap { line -> String? in
      guard line.hasPrefix("  -") else { return nil }
      let words = line.split(separator: " ")
      let long = words.first { $0.hasPrefix("--") } ?? ""
      return String(long.dropFirst(2))
    }
    #expect(listed == Self.options)
  }

  @Test func helpLinesAsAUserReadsThem() {
    let lines = Set(ifenslave("--help").stdout.split(separator: "\n").map(String.init))
    for expected in [
      "  -d, --detach                  release the SLAVEs from MASTER",
      "  --backend auto|netlink|ioctl  netlink, falling back to ioctls and sysfs where the kernel lacks it (auto, the default), or only one of them",
      "  --mode MODE                   the bonding policy [balance-rr|active-backup|balance-xor|broadcast|802.3ad|balance-tlb|balance-alb or 0-6; default balance-rr; bond down; no slaves]",
      "  --updelay MS                  wait before enabling a slave whose link came up; a multiple of miimon [0-2147483647; default 0; needs miimon]",
      "  --arp-interval MS             ARP link monitoring interval in milliseconds, 0 to turn it off [0-2147483647; default 0; balance-rr, active-backup, balance-xor, broadcast only]",
      "  --xmit-hash-policy POLICY     the transmit hash for balance-xor, 802.3ad and balance-tlb [layer2|layer3+4|layer2+3|encap2+3|encap3+4|vlan+srcmac or 0-5; default layer2]",
      "  --lacp-rate slow|fast         how often the partner should send LACPDUs: every 30 s or every second [slow|fast or 0-1; default slow; 802.3ad only; bond down]",
      "  --hwaddr MAC                  the bond's MAC address",
      "  --prio N                      the failover priority of each SLAVE: without a primary, the highest becomes active [-2147483648-2147483647; default 0; active-backup, balance-tlb, balance-alb only; Linux 6.0, netlink only]",
    ] {
      #expect(lines.contains(expected), "\(expected)")
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
      ["-a", "bond0"], ["-d", "bond0"], ["-c", "bond0"], ["--mode", "foo", "bond0"],
      ["--mod", "1", "bond0"],
      ["--miimon", "99999999999999999999", "bond0"], ["bond0", "bond0"], ["bond0", "a/b"],
      ["b:0", "eth0"],
      ["--json", "bond0", "eth0"], ["--destroy"], ["bond0", "--mode"],
    ]
    for arguments in cases {
      let ran = ifenslave(bytes: arguments.map { Array($0.utf8) })
      #expect(ran.status == 2, "\(arguments)")
      #expect(ran.stdout.isEmpty, "\(arguments)")
      #expect(
        ran.stderr.hasPrefix("ifenslave: ") && ran.stderr.filter { $0 == "\n" }.count == 1,
        "\(arguments): \(ran.stderr)")
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
    let posix = ifenslave(
      "--dry-run", "nosuch0", "-d", "nosuch1", environment: ["POSIXLY_CORRECT=1"])
    #expect(posix.stdout == "create nosuch0 type bond\nset nosuch0 up\n")
    #expect(
      posix.stderr
        == "ifenslave: nosuch0: cannot enslave -d: no such interface\nifenslave: nosuch0: cannot enslave nosuch1: no such interface\n"
    )
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
    let ran = ifenslave(
      "--dry-run", "--mode", "active-backup", "--miimon", "100", "nosuchbond9", "nosuch8")
    #expect(ran.status == 1)
    #expect(
      ran.stdout
        == "create nosuchbond9 type bond mode active-backup miimon 100\nset nosuchbond9 up\n")
    #expect(ran.stderr == "ifenslave: nosuchbond9: cannot enslave nosuch8: no such interface\n")
  }
}
