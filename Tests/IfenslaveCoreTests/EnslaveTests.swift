// SPDX-License-Identifier: GPL-2.0-or-later
import Testing

@testable import IfenslaveCore

@Suite struct EnslaveTests {
  /// lo, eth0 (up, 192.0.2.10/24), eth1 (up), eth2 (down).
  func system() -> FakeKernel {
    let kernel = FakeKernel()
    kernel.addLoopback()
    kernel.addDummy("eth0")
    kernel.addDummy("eth1")
    kernel.addDummy("eth2", up: false)
    kernel.addAddress("192.0.2.10", prefix: 24, to: "eth0")
    return kernel
  }

  @Test func createsTheBondThenEnslavesInOrder() {
    let kernel = system()
    let result = run(
      kernel, "--mode", "active-backup", "--miimon", "100", "bond0", "eth0", "eth1", "eth2")
    #expect(result.status == 0)
    #expect(
      kernel.performed.map(\.description) == [
        "create bond0 type bond mode active-backup miimon 100",
        "set bond0 up",
        "set eth0 down",
        "delete address 192.0.2.10/24 from eth0",
        "enslave eth0 to bond0",
        "set eth1 down",
        "enslave eth1 to bond0",
        "enslave eth2 to bond0",
      ])
    #expect(result.messages == ["eth0: removed IPv4 address 192.0.2.10/24"])
    let bond = kernel.link("bond0")
    #expect(bond.isBond && bond.isUp)
    #expect(bond.bond?.mode == .activeBackup)
    for slave in ["eth0", "eth1", "eth2"] { #expect(kernel.link(slave).master == bond.index) }
    #expect(kernel.addresses("eth0").isEmpty)
  }

  @Test func rerunningTheSameLineChangesNothing() {
    let kernel = system()
    #expect(run(kernel, "--mode", "1", "--miimon", "100", "bond0", "eth0", "eth1").status == 0)
    kernel.forget()
    let again = run(kernel, "--mode", "1", "--miimon", "100", "bond0", "eth0", "eth1")
    #expect(again.status == 0)
    #expect(kernel.changes.isEmpty)
    #expect(again.messages.isEmpty)
  }

  @Test func legacyLineOnAnExistingBond() {
    // modprobe bonding with max_bonds=1 made bond0: it is reused, and brought up.
    let kernel = system()
    kernel.addBond("bond0")
    let result = run(kernel, "bond0", "eth1")
    #expect(result.status == 0)
    #expect(
      kernel.performed.map(\.description) == [
        "set bond0 up", "set eth1 down", "enslave eth1 to bond0",
      ])
  }

  @Test func bondThatAppearsWhileCreatingItIsReused() {
    // The create request loads the bonding module, which makes bond0 itself: EEXIST.
    let kernel = system()
    kernel.bondAppearsOnCreate = name("bond0")
    let result = run(kernel, "--miimon", "100", "bond0", "eth1")
    #expect(result.status == 0, "\(result.messages)")
    #expect(!result.messages.contains { $0.contains("File exists") })
    #expect(kernel.link("bond0").bond?.number(.miimon) == 100)
    #expect(kernel.link("eth1").master == kernel.link("bond0").index)
  }

  @Test func refusedSlavesDoNotStopTheOthers() {
    let kernel = system()
    kernel.addBond("bond1", up: true)
    kernel.enslaveDirectly("eth2", to: "bond1")
    kernel.addTeam("team0")
    kernel.addBridge("br0")
    kernel.addDummy("port0")
    kernel.attach("port0", toBridge: "br0")
    let refused = ["lo", "eth2", "team0", "port0"]
    let before = refused.map { LinkState(kernel, $0) }
    let result = run(kernel, "bond0", "nosuch0", "lo", "eth2", "team0", "port0", "eth1")
    #expect(result.status == 1)
    #expect(
      result.messages == [
        "bond0: cannot enslave nosuch0: no such interface",
        "bond0: cannot enslave lo: lo is the loopback device",
        "bond0: cannot enslave eth2: eth2 already belongs to bond1 (kind bond)",
        "bond0: cannot enslave team0: team0 is a master (kind team); only bonds can be enslaved to a bond",
        "bond0: cannot enslave port0: port0 already belongs to br0 (kind bridge)",
      ])
    #expect(refused.map { LinkState(kernel, $0) } == before)
    #expect(kernel.link("eth1").master == kernel.link("bond0").index)
  }

  @Test func aSlaveTheKernelRefusesIsPutBackAndTheNextGoesOn() {
    let kernel = system()
    kernel.failures = [
      (
        {
          if case .enslave(let s, _) = $0 { return s.name.rawValue == "eth0" }
          return false
        },
        KernelError(.EBUSY, message: "Device is in use and cannot be enslaved")
      )
    ]
    let before = LinkState(kernel, "eth0")
    let result = run(kernel, "bond0", "eth0", "eth1")
    #expect(result.status == 1)
    #expect(
      result.messages == [
        "eth0: removed IPv4 address 192.0.2.10/24",
        "bond0: cannot enslave eth0: Device is in use and cannot be enslaved",
        "eth0: put back as it was before this command",
      ])
    #expect(LinkState(kernel, "eth0") == before)
    #expect(kernel.link("eth1").master == kernel.link("bond0").index)
  }

  /// The kernel's text goes out as one line even if it holds a newline or an escape.
  @Test func theKernelsWordsStayOnOneLine() {
    let kernel = system()
    kernel.failures = [
      (
        {
          if case .enslave = $0 { return true }
          return false
        },
        KernelError(.EINVAL, message: "first line\nsecond \u{1b}[31mred")
      )
    ]
    let result = run(kernel, "bond0", "eth1")
    #expect(
      result.console.errors.split(separator: "\n").contains(
        "ifenslave: bond0: cannot enslave eth1: first line\\nsecond \\x1b[31mred"))
    #expect(!result.console.errors.contains("\u{1b}"))
  }

  @Test(arguments: [
    "set eth0 down", "delete address 192.0.2.10/24 from eth0", "enslave eth0 to bond0",
  ])
  func aFailureAtAnySlaveStepIsPutBack(_ step: String) {
    let kernel = system()
    kernel.addBond("bond0", up: true, [setting(.mode, "active-backup"), setting(.miimon, "100")])
    kernel.failures = [({ $0.description == step }, KernelError(.EIO))]
    let before = LinkState(kernel, "eth0")
    let result = run(kernel, "bond0", "eth0")
    #expect(result.status == 1)
    #expect(LinkState(kernel, "eth0") == before, "\(result.messages)")
  }

  @Test func aSlaveAnotherCommandEnslavedMeanwhileIsLeftAlone() {
    // Two ifenslave runs at once: the other enslaves eth0 between this run's plan and its
    // enslave, which the kernel then refuses. Putting eth0 "back" would undo the other's work.
    let kernel = system()
    kernel.addBond("bond0", up: true, [setting(.mode, "active-backup"), setting(.miimon, "100")])
    kernel.failures = [
      (
        { [unowned kernel] request in
          if request.description == "delete address 192.0.2.10/24 from eth0" {
            kernel.enslaveDirectly("eth0", to: "bond0")
          }
          return false
        }, KernelError(.EIO)
      )
    ]
    let result = run(kernel, "bond0", "eth0")
    #expect(result.status == 1)
    #expect(kernel.link("eth0").master == kernel.link("bond0").index)
    #expect(
      result.messages.last
        == "eth0: left as it is: it became a slave of bond0 meanwhile, by another command")
  }

  @Test func anEnslaveTheKernelIgnoresGoesOverTheIoctl() {
    // Before 2.6.39, IFLA_MASTER was ACKed and ignored: reading back catches it, and auto
    // enslaves with SIOCBONDENSLAVE instead.
    let kernel = system()
    kernel.addBond("bond0", up: true)
    let ignoring = IgnoringKernel(
      kernel,
      ignores: {
        if case .enslave = $0 { return true }
        return false
      })
    let result = run(ignoring, "bond0", "eth1")
    #expect(result.status == 0, "\(result.messages)")
    #expect(kernel.link("eth1").master == kernel.link("bond0").index)
    #expect(kernel.changes.last == "ioctl: SIOCBONDENSLAVE bond0 eth1")
  }

  @Test func anEnslaveTheKernelIgnoresOverNetlinkOnlyIsAFailure() {
    let kernel = system()
    kernel.addBond("bond0", up: true)
    let ignoring = IgnoringKernel(
      kernel,
      ignores: {
        if case .enslave = $0 { return true }
        return false
      })
    let before = LinkState(kernel, "eth1")
    let result = run(ignoring, "--backend", "netlink", "bond0", "eth1")
    #expect(result.status == 1)
    #expect(
      result.messages.first
        == "bond0: cannot enslave eth1: the kernel acknowledged it, but eth1 is not a slave of bond0"
    )
    #expect(LinkState(kernel, "eth1") == before)
    #expect(kernel.changes.allSatisfy { $0.hasPrefix("netlink: ") }, "\(kernel.changes)")
  }

  @Test func aBondThatCannotBeConfiguredIsDeletedAgain() {
    // A kernel whose netlink does not know lacp_active ACKs and drops it; over netlink
    // alone there is no other way to set it, so the bond this run made goes again.
    let kernel = system()
    kernel.unknownAttributes = [BondOption.lacpActive.bondAttribute!]
    let before = LinkState(kernel, "eth0")
    let result = run(
      kernel, "--backend", "netlink", "--mode", "802.3ad", "--lacp-active", "off", "bond0", "eth0")
    #expect(result.status == 1)
    #expect(
      result.messages == [
        "bond0: cannot create bond: lacp_active did not take: the kernel acknowledged it over netlink but does not report it (the attribute needs Linux 5.15 or later)"
      ])
    #expect((try? kernel.link(named: name("bond0"))) ?? nil == nil)
    #expect(LinkState(kernel, "eth0") == before)
    #expect(kernel.performed.map(\.description).last == "delete bond0")
  }

  @Test func anOptionNetlinkDropsGoesToSysfs() {
    let kernel = system()
    kernel.unknownAttributes = [BondOption.lacpActive.bondAttribute!]
    let result = run(kernel, "--mode", "802.3ad", "--lacp-active", "off", "bond0", "eth0")
    #expect(result.status == 0, "\(result.messages)")
    #expect(
      kernel.changes.prefix(2) == [
        "netlink: create bond0 type bond mode 802.3ad lacp_active off",
        "sysfs: bond0 lacp_active off",
      ])
  }

  @Test(arguments: [
    // The kernel said why in words ("Unknown device type"), so auto does not try sysfs.
    ("auto", "Unknown device type", 1), ("netlink", "Unknown device type", 1),
    ("ioctl", "no /sys/class/net/bonding_masters", 1),
  ])
  func withoutTheBondingDriverNothingIsTouched(_ backend: String, _ said: String, _ tries: Int) {
    let kernel = system()
    kernel.bondingLoaded = false
    let before = LinkState(kernel, "eth0")
    let result = run(kernel, "--backend", backend, "bond0", "eth0")
    #expect(result.status == 1)
    #expect(
      result.messages == [
        "bond0: cannot create bond: this kernel has no bonding driver (CONFIG_BONDING, module bonding): \(said)"
      ])
    #expect(kernel.changes.count == tries)
    #expect(LinkState(kernel, "eth0") == before)
  }

  @Test func optionsOfAnExistingBondThatNeedItDown() {
    let kernel = system()
    kernel.addBond("bond0", up: true, [setting(.mode, "802.3ad")])
    let result = run(kernel, "--lacp-rate", "fast", "bond0", "eth0")
    #expect(result.status == 1)
    #expect(
      result.messages == [
        "bond0: cannot change lacp_rate: the kernel changes it only while the bond is down; take bond0 down first (ip link set bond0 down), which stops its traffic, or give --force-down"
      ])
    #expect(kernel.changes.isEmpty)
  }

  @Test func modeOfABondWithSlavesIsRefusedNotForced() {
    let kernel = system()
    kernel.addBond("bond0", up: true)
    kernel.enslaveDirectly("eth1", to: "bond0")
    let result = run(kernel, "--mode", "active-backup", "bond0", "eth0")
    #expect(result.status == 1)
    #expect(
      result.messages == [
        "bond0: cannot change mode: the kernel changes it only while the bond has no slaves, and bond0 has eth1; release them first (ifenslave -d bond0 eth1), or give --force-down"
      ])
    #expect(kernel.changes.isEmpty)
    #expect(kernel.link("eth1").master == kernel.link("bond0").index)
  }

  @Test func unchangedOptionsAreNotSentAgain() {
    let kernel = system()
    kernel.addBond("bond0", up: true, [setting(.mode, "802.3ad"), setting(.lacpRate, "fast")])
    // lacp_rate needs the bond down, but it already has that value: nothing to refuse.
    let result = run(
      kernel, "--mode", "802.3ad", "--lacp-rate", "fast", "--min-links", "1", "bond0")
    #expect(result.status == 0, "\(result.messages)")
    #expect(kernel.performed.map(\.description) == ["set bond0 type bond min_links 1"])
  }

  @Test func aFailedOptionChangeOnAnExistingBondIsUndone() {
    let kernel = system()
    kernel.addBond("bond0", up: true, [setting(.miimon, "100")])
    // bond_changelink is not atomic: miimon is applied, then min_links fails.
    kernel.failures = [
      (
        { $0.description.contains("min_links") && $0.description.contains("miimon 200") },
        KernelError(.EINVAL)
      )
    ]
    let result = run(kernel, "--miimon", "200", "--min-links", "3", "bond0")
    #expect(result.status == 1)
    #expect(kernel.link("bond0").bond?.number(.miimon) == 100)
    #expect(kernel.performed.last?.description == "set bond0 type bond miimon 100 min_links 0")
  }

  @Test func primaryIsSetOnceTheSlavesAreIn() {
    let kernel = system()
    let result = run(
      kernel, "--mode", "active-backup", "--miimon", "100", "--primary", "eth1", "bond0", "eth0",
      "eth1")
    #expect(result.status == 0, "\(result.messages)")
    #expect(kernel.performed.last?.description == "set bond0 type bond primary eth1")
    #expect(kernel.link("bond0").bond?.primary == kernel.link("eth1").index)
  }

  @Test func primaryThatIsNoSlaveIsRefusedBeforeAnything() {
    let kernel = system()
    let result = run(kernel, "--mode", "active-backup", "--primary", "eth2", "bond0", "eth0")
    #expect(result.status == 1)
    #expect(
      result.messages == [
        "bond0: cannot set primary eth2: eth2 is not a slave of bond0; name it as a SLAVE too"
      ])
    #expect(kernel.changes.isEmpty)
  }

  @Test func primaryInAModeWithoutOneIsRefusedBeforeAnything() {
    let kernel = system()
    kernel.addBond("bond0", up: true)
    let result = run(kernel, "--primary", "eth0", "bond0", "eth0")
    #expect(result.status == 1)
    #expect(
      result.messages == [
        "bond0: cannot set primary eth0: mode balance-rr has no primary slave; only active-backup, balance-tlb, balance-alb have one"
      ])
    #expect(kernel.changes.isEmpty)
  }

  @Test func aFailedFinalStepPutsTheWholeRunBack() {
    let kernel = system()
    kernel.failures = [({ $0.description.contains("primary") }, KernelError(.EINVAL))]
    let eth0 = LinkState(kernel, "eth0")
    let eth1 = LinkState(kernel, "eth1")
    let result = run(
      kernel, "--mode", "active-backup", "--primary", "eth1", "bond0", "eth0", "eth1")
    #expect(result.status == 1)
    #expect((try? kernel.link(named: name("bond0"))) ?? nil == nil)
    #expect(LinkState(kernel, "eth0") == eth0)
    #expect(LinkState(kernel, "eth1") == eth1)
  }

  @Test func delaysAreRoundedLikeTheKernelDoes() {
    let kernel = system()
    let result = run(kernel, "--miimon", "100", "--updelay", "250", "bond0")
    #expect(result.status == 0, "\(result.messages)")
    #expect(
      result.messages == [
        "bond0: updelay 250 is not a multiple of miimon 100; the kernel rounds it down to 200"
      ])
    #expect(kernel.link("bond0").bond?.number(.updelay) == 200)
  }

  @Test func delaysWithoutMonitoringOnANewBond() {
    let kernel = system()
    let result = run(kernel, "--updelay", "200", "bond0")
    #expect(result.status == 1)
    #expect(result.messages == ["bond0: --updelay needs MII monitoring: set --miimon too"])
    #expect(kernel.changes.isEmpty)
  }

  @Test func masterThatIsNotABond() {
    let kernel = system()
    let result = run(kernel, "eth0", "eth1")
    #expect(result.status == 1)
    #expect(result.messages == ["eth0: exists and is not a bond (kind dummy)"])
    #expect(kernel.changes.isEmpty)
  }

  @Test func aBondCannotBeEnslavedToItsOwnSlave() {
    let kernel = system()
    kernel.addBond("bond0", up: true)
    kernel.addBond("bond1", up: false)
    kernel.enslaveDirectly("bond1", to: "bond0")
    let result = run(kernel, "bond1", "bond0")
    #expect(result.status == 1)
    #expect(
      result.messages.last
        == "bond1: cannot enslave bond0: bond1 is a slave of bond0; enslaving bond0 would make a loop"
    )
  }

  @Test func withoutPrivilegesNothingIsTried() {
    let kernel = system()
    kernel.mayAdministerNetwork = false
    let result = run(kernel, "bond0", "eth0")
    #expect(result.status == 1)
    #expect(
      result.messages == [
        "changing network interfaces needs root (CAP_NET_ADMIN); nothing was changed"
      ])
    #expect(kernel.changes.isEmpty)
  }

  @Test func dryRunPrintsTheStepsAndChangesNothing() {
    let kernel = system()
    let result = run(
      kernel, "--dry-run", "--mode", "active-backup", "--miimon", "100", "bond0", "eth0", "nosuch")
    #expect(result.status == 1)
    #expect(
      result.output == """
        create bond0 type bond mode active-backup miimon 100
        set bond0 up
        set eth0 down
        delete address 192.0.2.10/24 from eth0
        enslave eth0 to bond0

        """)
    #expect(result.messages == ["bond0: cannot enslave nosuch: no such interface"])
    #expect(kernel.changes.isEmpty)
  }

  /// `ifenslave bond0 "$NIC1" "$NIC2"` with NIC2 unset, or a name the kernel cannot have:
  /// the good slaves are enslaved, the bad one is named, the run fails.
  @Test func aBadSlaveNameDoesNotStopTheGoodOnes() {
    for bad in ["", "eth0:1", "abcdefghijklmnop", "a/b", "bond0"] {
      let kernel = system()
      let result = run(kernel, "--mode", "active-backup", "bond0", "eth1", bad, "eth2")
      #expect(result.status == 1, "\(bad)")
      #expect(kernel.link("eth1").master == kernel.link("bond0").index)
      #expect(kernel.link("eth2").master == kernel.link("bond0").index)
      #expect(result.messages.count == 1)
      #expect(
        result.messages.first?.hasPrefix("bond0: cannot enslave ") == true, "\(result.messages)")
    }
  }

  @Test func aSlaveNamedTwiceIsEnslavedOnce() {
    let kernel = system()
    let result = run(kernel, "bond0", "eth1", "eth1")
    #expect(result.status == 0)
    #expect(result.messages == ["bond0: eth1 is given twice; enslaving it once"])
    #expect(kernel.performed.filter { $0.description == "enslave eth1 to bond0" }.count == 1)
    #expect(kernel.link("eth1").master == kernel.link("bond0").index)
  }

  @Test func aBadSlaveInADryRunIsNamedAndTheRestPlanned() {
    let kernel = system()
    let result = run(kernel, "--dry-run", "bond0", "", "eth2")
    #expect(result.status == 1)
    #expect(result.messages == ["bond0: cannot enslave '': an interface name cannot be empty"])
    #expect(result.output == "create bond0 type bond\nset bond0 up\nenslave eth2 to bond0\n")
    #expect(kernel.changes.isEmpty)
  }

  @Test func releaseGoesOnPastABadSlaveName() {
    let kernel = system()
    #expect(run(kernel, "bond0", "eth1", "eth2").status == 0)
    let result = run(kernel, "-d", "bond0", "eth1", "e:1", "eth2", "eth2")
    #expect(result.status == 1)
    #expect(
      result.messages == [
        "bond0: eth2 is given twice; releasing it once",
        "bond0: cannot release 'e:1': an interface name cannot contain ':'",
      ])
    #expect(kernel.link("eth1").master == nil)
    #expect(kernel.link("eth2").master == nil)
  }

  @Test func mtuAndMACOfANewBondAreSetAtCreation() {
    let kernel = system()
    let result = run(kernel, "--mtu", "9000", "--hwaddr", "02:00:00:00:00:99", "bond0", "eth1")
    #expect(result.status == 0, "\(result.messages)")
    #expect(
      kernel.performed.first?.description
        == "create bond0 type bond mtu 9000 hwaddr 02:00:00:00:00:99")
    #expect(kernel.link("bond0").mtu == 9000)
    #expect(kernel.link("eth1").mtu == 9000)
  }
}

/// A kernel whose netlink ACKs some requests without doing them, as old kernels do.
final class IgnoringKernel: NetlinkPort, KernelDouble {
  let base: FakeKernel
  let ignores: (KernelRequest) -> Bool

  init(_ base: FakeKernel, ignores: @escaping (KernelRequest) -> Bool) {
    self.base = base
    self.ignores = ignores
  }

  var ports: Kernel { Kernel(netlink: self, driver: base, host: base) }

  func link(named name: InterfaceName) throws(KernelError) -> Link? { try base.link(named: name) }
  func link(at index: InterfaceIndex) throws(KernelError) -> Link? { try base.link(at: index) }
  func links() throws(KernelError) -> [Link] { try base.links() }
  func addresses(of links: [LinkRef], family: AddressFamily) throws(KernelError)
    -> [InterfaceAddress]
  {
    try base.addresses(of: links, family: family)
  }
  func routes(through links: [LinkRef]) throws(KernelError) -> [Route] {
    try base.routes(through: links)
  }
  func subscribeToLinks() throws(KernelError) -> any LinkNotifications {
    try base.subscribeToLinks()
  }
  func perform(_ request: KernelRequest) throws(KernelError) {
    if ignores(request) { return }
    try base.perform(request)
  }
}

@Suite struct ExistingBondTests {
  @Test func primaryThatIsAlreadyASlave() {
    // Found in the VM: a primary already in the bond, not named on the command line.
    let kernel = FakeKernel()
    kernel.addDummy("e0")
    kernel.addDummy("e1")
    kernel.addBond("ab0", up: true, [setting(.mode, "active-backup"), setting(.miimon, "100")])
    kernel.enslaveDirectly("e0", to: "ab0")
    kernel.enslaveDirectly("e1", to: "ab0")
    let result = run(kernel, "--primary", "e1", "ab0")
    #expect(result.status == 0, "\(result.messages)")
    #expect(kernel.link("ab0").bond?.primary == kernel.link("e1").index)
  }
}
