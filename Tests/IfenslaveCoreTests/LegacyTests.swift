// SPDX-License-Identifier: GPL-2.0-or-later
import Testing

@testable import IfenslaveCore

/// Orchestration on kernels whose netlink lacks bond support: a fake that plays vanilla 3.10
/// (no IFLA_INFO_DATA, EOPNOTSUPP on option changes, options ignored on create), or 5.10
/// (no arp_missed_max anywhere), and `--backend`.
@Suite struct LegacyTests {
  func linux310() -> FakeKernel {
    let kernel = FakeKernel()
    kernel.netlinkBondData = false
    kernel.addDummy("eth0")
    kernel.addDummy("eth1")
    return kernel
  }

  @Test func createEnslaveAndOptionsOn310() {
    let kernel = linux310()
    let result = run(kernel, "--mode", "active-backup", "--miimon", "100", "bond0", "eth0", "eth1")
    #expect(result.status == 0, "\(result.messages)")
    #expect(
      kernel.changes == [
        "netlink: create bond0 type bond mode active-backup miimon 100",
        "sysfs: bond0 mode active-backup",
        "sysfs: bond0 miimon 100",
        "netlink: set bond0 up",
        "netlink: set eth0 down",
        "netlink: enslave eth0 to bond0",
        "netlink: set eth1 down",
        "netlink: enslave eth1 to bond0",
      ])
    #expect(kernel.link("bond0").bond?.mode == .activeBackup)
    #expect(kernel.link("bond0").bond?.number(.miimon) == 100)
  }

  @Test func rerunOn310ChangesNothing() {
    // The current values come from sysfs, so a rerun knows there is nothing to change.
    let kernel = linux310()
    #expect(run(kernel, "--mode", "active-backup", "--miimon", "100", "bond0", "eth0").status == 0)
    kernel.forget()
    #expect(run(kernel, "--mode", "active-backup", "--miimon", "100", "bond0", "eth0").status == 0)
    #expect(kernel.changes.isEmpty)
  }

  @Test func optionChangeAndChangeActiveFallBackOn310() {
    let kernel = linux310()
    #expect(
      run(kernel, "--mode", "active-backup", "--miimon", "100", "bond0", "eth0", "eth1").status == 0
    )
    kernel.forget()
    let change = run(kernel, "--miimon", "200", "bond0")
    #expect(change.status == 0, "\(change.messages)")
    #expect(
      kernel.changes == ["netlink: set bond0 type bond miimon 200", "sysfs: bond0 miimon 200"])
    kernel.forget()
    let active = run(kernel, "-c", "bond0", "eth1")
    #expect(active.status == 0, "\(active.messages)")
    #expect(
      kernel.changes == [
        "netlink: set bond0 type bond active_slave eth1", "ioctl: SIOCBONDCHANGEACTIVE bond0 eth1",
      ])
    #expect(kernel.link("bond0").bond?.activeSlave == kernel.link("eth1").index)
  }

  @Test func statusOn310ComesFromSysfsAndIoctls() {
    let kernel = linux310()
    #expect(
      run(kernel, "--mode", "active-backup", "--miimon", "100", "bond0", "eth0", "eth1").status == 0
    )
    let json = run(kernel, "--json", "bond0").output
    #expect(json.contains(#""mode":"active-backup""#))
    #expect(json.contains(#""miimon":100"#))
    #expect(json.contains(#""active_slave":"eth0""#))
    #expect(json.contains(#""state":"backup","mii_status":"up","link_failure_count":0"#))
  }

  @Test func netlinkOnlyOn310SaysWhy() {
    let kernel = linux310()
    #expect(run(kernel, "--mode", "active-backup", "bond0").status == 0)
    kernel.forget()
    let result = run(kernel, "--backend", "netlink", "--miimon", "200", "bond0")
    #expect(kernel.performed.map(\.description) == ["set bond0 type bond miimon 200"])
    #expect(result.status == 1)
    #expect(
      result.messages == [
        "bond0: cannot set miimon: this kernel changes bond options over netlink only from Linux 3.14; --backend auto uses sysfs"
      ])
    #expect(kernel.changes == ["netlink: set bond0 type bond miimon 200"])
  }

  @Test func activeSlaveOverNetlinkOn310SaysWhyAndWhatWorks() {
    let kernel = linux310()
    #expect(
      run(kernel, "--mode", "active-backup", "--miimon", "100", "bond0", "eth0", "eth1").status == 0
    )
    let result = run(kernel, "--backend", "netlink", "-c", "bond0", "eth1")
    #expect(result.status == 1)
    #expect(
      result.messages == [
        "bond0: cannot make eth1 the active slave: this kernel sets the active slave over netlink only from"
          + " Linux 3.13 (IFLA_BOND_ACTIVE_SLAVE); --backend auto uses the SIOCBONDCHANGEACTIVE ioctl"
      ])
    #expect(run(kernel, "-c", "bond0", "eth1").status == 0)
  }

  /// 3.10 has no packets_per_slave, arp_all_targets, lp_interval or tlb_dynamic_lb: the text
  /// says nothing of them, JSON has null.
  @Test func optionsThisKernelLacksAreLeftOutOfTheText() {
    let kernel = linux310()
    kernel.sysfsMissing = Set(
      [BondOption.packetsPerSlave, .arpAllTargets, .lpInterval, .tlbDynamicLB].compactMap(
        \.bondAttribute))
    #expect(run(kernel, "--miimon", "100", "bond0", "eth0").status == 0)
    #expect(
      run(
        kernel, "--mode", "active-backup", "--arp-interval", "100", "--arp-ip-target", "192.0.2.1",
        "bond1"
      ).status == 0)
    let text = run(kernel, "bond0").output + run(kernel, "bond1").output
    #expect(!text.contains("?"), "\(text)")
    #expect(!text.contains("packets per slave"))
    #expect(!text.contains("all_targets"))
    #expect(text.contains("link monitoring: MII every 100 ms, updelay 0 ms, downdelay 0 ms"))
    #expect(text.contains("link monitoring: ARP every 100 ms to 192.0.2.1, validate none\n"))
    #expect(run(kernel, "--json", "bond0").output.contains(#""packets_per_slave":null"#))
  }

  @Test func anOptionNeitherPathHasDeletesTheNewBond() {
    // 5.10: netlink drops arp_missed_max and sysfs has no file for it.
    let kernel = FakeKernel()
    kernel.addDummy("eth0")
    kernel.unknownAttributes = [BondOption.missedMax.bondAttribute!]
    kernel.sysfsMissing = [BondOption.missedMax.bondAttribute!]
    let before = LinkState(kernel, "eth0")
    let result = run(
      kernel, "--mode", "active-backup", "--arp-interval", "100", "--missed-max", "5", "bond0",
      "eth0")
    #expect(result.status == 1)
    #expect(
      result.messages == [
        "bond0: cannot create bond: no sysfs file for arp_missed_max on this kernel: the option needs Linux 5.17 or"
          + " later, and newer options are set over netlink only"
      ])
    #expect((try? kernel.link(named: name("bond0"))) ?? nil == nil)
    #expect(LinkState(kernel, "eth0") == before)
  }

  @Test func realRefusalsAreNotRetried() {
    let kernel = linux310()
    #expect(run(kernel, "--mode", "active-backup", "bond0").status == 0)
    kernel.forget()
    kernel.failures = [({ _ in true }, KernelError(.EBUSY))]
    let result = run(kernel, "--backend", "auto", "bond0", "eth0")
    #expect(result.status == 1)
    #expect(kernel.changes == ["netlink: set eth0 down"])
  }

  @Test func ioctlBackendUsesIoctlsAndSysfsForEveryBondStep() {
    let kernel = FakeKernel()
    kernel.addDummy("eth0")
    kernel.addDummy("eth1")
    let result = run(
      kernel, "--backend", "ioctl", "--mode", "active-backup", "--miimon", "100", "bond0", "eth0",
      "eth1")
    #expect(result.status == 0, "\(result.messages)")
    #expect(
      kernel.changes == [
        "sysfs: create bond0",
        "sysfs: bond0 mode active-backup",
        "sysfs: bond0 miimon 100",
        "netlink: set bond0 up",
        "netlink: set eth0 down",
        "ioctl: SIOCBONDENSLAVE bond0 eth0",
        "netlink: set eth1 down",
        "ioctl: SIOCBONDENSLAVE bond0 eth1",
      ])
    kernel.forget()
    #expect(run(kernel, "--backend", "ioctl", "-c", "bond0", "eth1").status == 0)
    #expect(run(kernel, "--backend", "ioctl", "-d", "bond0", "eth0").status == 0)
    #expect(run(kernel, "--backend", "ioctl", "--destroy", "bond0").status == 0)
    #expect(
      kernel.changes == [
        "ioctl: SIOCBONDCHANGEACTIVE bond0 eth1", "ioctl: SIOCBONDRELEASE bond0 eth0",
        "sysfs: delete bond0",
      ])
  }

  @Test func backendValues() throws {
    #expect(try CommandLineParser.parse(["--backend", "ioctl", "bond0"]).backend == .ioctl)
    #expect(try CommandLineParser.parse(["bond0"]).backend == .auto)
    #expect(throws: UsageError("--backend: invalid value 'sysfs': expected auto|netlink|ioctl")) {
      try CommandLineParser.parse(["--backend", "sysfs", "bond0"])
    }
  }
}

@Suite struct SysfsFormatTests {
  var bond: LegacyDriver {
    LegacyDriver(trace: nil) { name in ["eth0": InterfaceIndex(3)][name.rawValue] }
  }

  @Test(arguments: [
    (BondOption.mode, "active-backup 1", OptionValue.number(1)),
    (.xmitHashPolicy, "layer3+4 1", .number(1)),
    (.lacpActive, "on 1", .number(1)),
    (.miimon, "100", .number(100)),
    (.useCarrier, "1", .number(1)),
    (
      .arpIPTarget, "192.0.2.1 192.0.2.2",
      .ipv4([IPv4Address(parsing: "192.0.2.1")!, IPv4Address(parsing: "192.0.2.2")!])
    ),
    (.arpIPTarget, "", .ipv4([])),
    (
      .adActorSystem, "02:00:00:00:00:aa",
      .hardwareAddress(HardwareAddress(parsing: "02:00:00:00:00:aa")!)
    ),
    (.primary, "eth0", .number(3)),
  ])
  func readsWhatTheDriverPrints(_ option: BondOption, _ text: String, _ value: OptionValue) {
    #expect(bond.parse(text, as: option) == value)
  }

  @Test func emptyMeansNotShown() {
    // ad_actor_sys_prio prints nothing outside 802.3ad or without CAP_NET_ADMIN.
    #expect(bond.parse("", as: .adActorSysPrio) == nil)
    #expect(bond.parse("", as: .primary) == nil)
    #expect(bond.parse("", as: .mode) == nil)
  }

  @Test func pathsAreBuiltFromValidatedNamesOnly() {
    #expect(Sysfs.bond(name("bond0"), "miimon") == "/sys/class/net/bond0/bonding/miimon")
    #expect(
      Sysfs.slave(name("eth0"), "perm_hwaddr") == "/sys/class/net/eth0/bonding_slave/perm_hwaddr")
    // Names that could leave /sys/class/net never become InterfaceNames.
    for bad in ["..", ".", "../etc", "a/b", "../../etc/passwd"] {
      #expect((try? InterfaceName(validating: bad)) == nil)
    }
  }
}
