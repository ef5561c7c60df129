import Testing

// SPDX-License-Identifier: GPL-2.0-or-later
@testable import IfenslaveCore

/// `--force-down`: options the driver takes only on a down bond or one without slaves, and
/// everything the kernel drops on the way put back.
@Suite struct ForceDownTests {
  /// bond0 (active-backup, up) with eth1 then eth0, eth0 active, eth0 queue ID 3; on bond0 an
  /// IPv4 and an IPv6 address, the kernel's IPv6 link-local one, a default route of each
  /// family and a route in table 100.
  func system() -> FakeKernel {
    let kernel = FakeKernel()
    kernel.addLoopback()
    kernel.addDummy("eth0", up: false)
    kernel.addDummy("eth1", up: false)
    kernel.addDummy("eth2", up: false)
    kernel.addBond("bond0", up: true, [setting(.mode, "active-backup"), setting(.miimon, "100")])
    kernel.enslaveDirectly("eth1", to: "bond0")
    kernel.enslaveDirectly("eth0", to: "bond0")
    try! kernel.perform(
      .setActiveSlave(bond: kernel.link("bond0").ref, slave: kernel.link("eth0").ref))
    try! kernel.perform(
      .setSlaveOptions(
        kernel.link("eth0").ref, of: kernel.link("bond0").ref, [SlaveSetting(.queueID, 3)]))
    kernel.addAddress("192.0.2.10", prefix: 24, to: "bond0")
    kernel.addAddress("2001:db8::10", prefix: 64, to: "bond0")
    kernel.addAddress("fe80::1", prefix: 64, to: "bond0", scope: 253)
    kernel.addRoute(nil, via: "192.0.2.1", dev: "bond0")
    kernel.addRoute(nil, via: "2001:db8::1", dev: "bond0", metric: 1024)
    kernel.addRoute("198.51.100.0/24", via: "192.0.2.254", dev: "bond0", metric: 50, table: 100)
    kernel.forget()
    return kernel
  }

  /// What must come back: addresses, routes, slaves in order with their options, MAC.
  struct Kept: Equatable {
    var addresses: [String]
    var routes: [String]
    var slaves: [String]
    var queueIDs: [String]
    var mac: HardwareAddress?
    var up: Bool

    init(_ kernel: FakeKernel) {
      let bond = kernel.link("bond0")
      addresses = kernel.addresses("bond0").map(\.description).filter { !$0.hasPrefix("fe80") }
        .sorted()
      routes = kernel.routes("bond0").map(\.description).sorted()
      slaves = kernel.enslaved.compactMap { index in
        kernel.table.first { $0.index == index && $0.master == bond.index }?.name.rawValue
      }
      queueIDs = kernel.table.filter { $0.master == bond.index }.map {
        "\($0.name) \($0.bondSlave?.queueID ?? 0)"
      }.sorted()
      mac = bond.hardwareAddress
      up = bond.isUp
    }
  }

  @Test func modeChangeTakesTheBondDownReleasesAndPutsEverythingBack() {
    let kernel = system()
    let before = Kept(kernel)
    let result = run(kernel, "--force-down", "--mode", "balance-xor", "bond0")
    #expect(result.status == 0, "\(result.messages)")
    #expect(
      kernel.changes == [
        "netlink: set bond0 down",
        // The active slave last.
        "netlink: release eth1 from bond0", "netlink: release eth0 from bond0",
        "netlink: set bond0 type bond mode balance-xor",
        "netlink: enslave eth1 to bond0", "netlink: enslave eth0 to bond0",
        "netlink: set bond0 up",
        "netlink: add address 2001:db8::10/64 to bond0",
        "netlink: add route default via 192.0.2.1 dev bond0",
        "netlink: add route default via 2001:db8::1 dev bond0 metric 1024",
        "netlink: add route 198.51.100.0/24 via 192.0.2.254 dev bond0 table 100 metric 50",
        "netlink: set eth0 type bond_slave queue_id 3",
      ])
    #expect(Kept(kernel) == before)
    #expect(kernel.link("bond0").bond?.mode == .balanceXOR)
  }

  @Test func anOptionThatNeedsNoSlavesLeavesTheBondUp() {
    let kernel = system()
    let before = Kept(kernel)
    let result = run(kernel, "--force-down", "--fail-over-mac", "active", "bond0")
    #expect(result.status == 0, "\(result.messages)")
    #expect(
      !kernel.changes.contains {
        $0.contains("down") || $0.contains("route") || $0.contains("address")
      })
    #expect(Kept(kernel) == before)
    // The first enslaved slave became active again; the old one is made active.
    #expect(kernel.changes.last == "netlink: set bond0 type bond active_slave eth0")
    #expect(kernel.link("bond0").bond?.activeSlave == kernel.link("eth0").index)
  }

  @Test func anOptionThatNeedsTheBondDownKeepsTheSlaves() {
    let kernel = FakeKernel()
    kernel.addDummy("eth0", up: false)
    kernel.addBond("bond0", up: true, [setting(.mode, "802.3ad")])
    kernel.enslaveDirectly("eth0", to: "bond0")
    kernel.addAddress("192.0.2.10", prefix: 24, to: "bond0")
    kernel.addRoute(nil, via: "192.0.2.1", dev: "bond0")
    kernel.forget()
    let result = run(kernel, "--force-down", "--lacp-rate", "fast", "bond0")
    #expect(result.status == 0, "\(result.messages)")
    #expect(
      kernel.changes == [
        "netlink: set bond0 down", "netlink: set bond0 type bond lacp_rate fast",
        "netlink: set bond0 up",
        "netlink: add route default via 192.0.2.1 dev bond0",
      ])
    #expect(kernel.routes("bond0").count == 1)
  }

  @Test func aGivenMACComesBackAfterTheLastSlaveLeft() {
    let kernel = system()
    try! kernel.perform(
      .setHardwareAddress(kernel.link("bond0").ref, HardwareAddress(parsing: "02:aa:00:00:00:01")!))
    kernel.forget()
    let result = run(kernel, "--force-down", "--mode", "balance-xor", "bond0")
    #expect(result.status == 0, "\(result.messages)")
    #expect(kernel.changes.contains("netlink: set bond0 address 02:aa:00:00:00:01"))
    #expect(kernel.link("bond0").hardwareAddress == HardwareAddress(parsing: "02:aa:00:00:00:01"))
  }

  @Test func aFailedEnslavePutsTheOldModeAndEverythingBack() {
    let kernel = system()
    let before = Kept(kernel)
    kernel.failures = [
      ({ $0.description == "enslave eth0 to bond0" }, KernelError(.EBUSY, message: "injected"))
    ]
    let result = run(kernel, "--force-down", "--mode", "balance-xor", "bond0")
    #expect(result.status == 1)
    #expect(result.messages.first == "bond0: cannot enslave eth0: injected")
    #expect(result.messages.last == "bond0: put back as it was before this command")
    #expect(Kept(kernel) == before)
    #expect(kernel.link("bond0").bond?.mode == .activeBackup)
    #expect(kernel.link("bond0").bond?.activeSlave == kernel.link("eth0").index)
  }

  @Test func withoutTheFlagNothingIsTouched() {
    let kernel = system()
    let result = run(kernel, "--mode", "balance-xor", "bond0")
    #expect(result.status == 1)
    #expect(
      result.messages == [
        "bond0: cannot change mode: the kernel changes it only while the bond has no slaves, and bond0 has eth0 eth1;"
          + " release them first (ifenslave -d bond0 eth0 eth1), or give --force-down"
      ])
    #expect(kernel.changes.isEmpty)
  }

  @Test func aVLANOnTopIsRefused() {
    let kernel = system()
    kernel.addVLAN("bond0.100", on: "bond0")
    kernel.forget()
    let result = run(kernel, "--force-down", "--mode", "balance-xor", "bond0")
    #expect(result.status == 1)
    #expect(
      result.messages == [
        "bond0: cannot take it down for mode: bond0.100 (kind vlan) sits on bond0 and would go down with it; change it by hand"
      ])
    #expect(kernel.changes.isEmpty)
  }

  @Test func dryRunShowsTheStepsAndWhatWouldBePutBack() {
    let kernel = system()
    let result = run(
      kernel, "--dry-run", "--force-down", "--lacp-rate", "fast", "--mode", "802.3ad", "bond0")
    #expect(result.status == 0, "\(result.messages)")
    #expect(
      result.output.split(separator: "\n").map(String.init) == [
        "set bond0 down", "release eth1 from bond0", "release eth0 from bond0",
        "set bond0 type bond mode 802.3ad lacp_rate fast", "enslave eth1 to bond0",
        "enslave eth0 to bond0", "set bond0 up",
        "add address 2001:db8::10/64 to bond0", "add route default via 192.0.2.1 dev bond0",
        "add route default via 2001:db8::1 dev bond0 metric 1024",
        "add route 198.51.100.0/24 via 192.0.2.254 dev bond0 table 100 metric 50",
        "set eth0 type bond_slave queue_id 3",
      ])
    #expect(kernel.changes.isEmpty)
  }

  @Test func onlyWithBondOptions() {
    let result = run(system(), "--force-down", "bond0", "eth2")
    #expect(result.status == 2)
    #expect(result.messages == ["--force-down goes with bond options to change on MASTER"])
  }
}
