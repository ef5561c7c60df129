// SPDX-License-Identifier: GPL-2.0-or-later
import Testing

@testable import IfenslaveCore

@Suite struct ReleaseAndActiveSlaveTests {
  /// bond0 (active-backup, miimon 100, up) with slaves eth0 (active) and eth1; eth2 free.
  func system(mode: String = "active-backup") -> FakeKernel {
    let kernel = FakeKernel()
    kernel.addLoopback()
    kernel.addDummy("eth0", mtu: 9000)
    kernel.addDummy("eth1")
    kernel.addDummy("eth2")
    kernel.addBond("bond0", up: true, [setting(.mode, mode), setting(.miimon, "100")])
    kernel.enslaveDirectly("eth0", to: "bond0")
    kernel.enslaveDirectly("eth1", to: "bond0")
    return kernel
  }

  @Test func releaseTakesTheSlavesOut() {
    let kernel = system()
    let result = run(kernel, "-d", "bond0", "eth0", "eth1")
    #expect(result.status == 0)
    #expect(
      kernel.performed.map(\.description) == ["release eth0 from bond0", "release eth1 from bond0"])
    #expect(kernel.link("eth0").master == nil && kernel.link("eth1").master == nil)
  }

  @Test func releaseLeavesTheMTUToTheKernel() {
    // ifenslave 1.1.0 forced 1500; the kernel puts back the slave's own MTU (here 9000).
    let kernel = system()
    #expect(run(kernel, "-d", "bond0", "eth0").status == 0)
    #expect(
      !kernel.performed.contains {
        if case .setMTU = $0 { return true }
        return false
      })
    #expect(kernel.link("eth0").mtu == 9000)
  }

  @Test func releaseRefusesWhatIsNoSlaveAndGoesOn() {
    let kernel = system()
    let result = run(kernel, "-d", "bond0", "eth2", "nosuch", "eth1")
    #expect(result.status == 1)
    #expect(
      result.messages == [
        "bond0: cannot release eth2: eth2 is not a slave of bond0",
        "bond0: cannot release nosuch: no such interface",
      ])
    #expect(kernel.performed.map(\.description) == ["release eth1 from bond0"])
  }

  @Test func releaseFromWhatIsNoBond() {
    let kernel = system()
    #expect(run(kernel, "-d", "eth2", "eth0").messages == ["eth2: not a bond (kind dummy)"])
    #expect(run(kernel, "-d", "bond9", "eth0").messages == ["bond9: no such interface"])
    #expect(kernel.changes.isEmpty)
  }

  @Test func changeActive() {
    let kernel = system()
    let result = run(kernel, "-c", "bond0", "eth1")
    #expect(result.status == 0, "\(result.messages)")
    #expect(kernel.performed.map(\.description) == ["set bond0 type bond active_slave eth1"])
    #expect(kernel.link("bond0").bond?.activeSlave == kernel.link("eth1").index)
  }

  @Test func changeActiveToTheActiveSlaveDoesNothing() {
    let kernel = system()
    #expect(run(kernel, "-c", "bond0", "eth0").status == 0)
    #expect(kernel.changes.isEmpty)
  }

  @Test func changeActiveInAModeWithoutOne() {
    let kernel = system(mode: "balance-xor")
    let result = run(kernel, "-c", "bond0", "eth1")
    #expect(result.status == 1)
    #expect(
      result.messages == [
        "bond0: cannot make eth1 the active slave: mode balance-xor has no active slave; only active-backup, balance-tlb, balance-alb have one"
      ])
    #expect(kernel.changes.isEmpty)
  }

  @Test func changeActiveToWhatIsNoSlave() {
    let kernel = system()
    #expect(
      run(kernel, "-c", "bond0", "eth2").messages == [
        "bond0: cannot make eth2 the active slave: eth2 is not a slave of bond0"
      ])
    #expect(kernel.changes.isEmpty)
  }

  @Test func changeActiveTheKernelRefuses() {
    let kernel = system()
    kernel.failures = [({ _ in true }, KernelError(.EINVAL))]
    let result = run(kernel, "-c", "bond0", "eth1")
    #expect(result.status == 1)
    #expect(
      result.messages == [
        "bond0: cannot make eth1 the active slave: the slave or its link is down (Invalid argument)"
      ])
  }

  @Test func destroyDeletesTheBondAndFreesTheSlaves() {
    let kernel = system()
    let result = run(kernel, "--destroy", "bond0")
    #expect(result.status == 0)
    #expect(kernel.performed.map(\.description) == ["delete bond0"])
    #expect((try? kernel.link(named: name("bond0"))) ?? nil == nil)
    #expect(kernel.link("eth0").master == nil && kernel.link("eth1").master == nil)
  }

  @Test func destroyRefusesWhatIsNoBond() {
    let kernel = system()
    #expect(
      run(kernel, "--destroy", "eth2").messages == [
        "eth2: not a bond (kind dummy); --destroy only deletes bonds"
      ])
    #expect(
      run(kernel, "--destroy", "lo").messages == [
        "lo: not a bond (the loopback device); --destroy only deletes bonds"
      ])
    #expect(run(kernel, "--destroy", "bond9").messages == ["bond9: no such interface"])
    #expect(kernel.changes.isEmpty)
  }

  @Test func dryRunOfRelease() {
    let kernel = system()
    let result = run(kernel, "--dry-run", "-d", "bond0", "eth1")
    #expect(result.output == "release eth1 from bond0\n")
    #expect(kernel.changes.isEmpty)
  }
}
