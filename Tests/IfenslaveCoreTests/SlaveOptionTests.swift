// SPDX-License-Identifier: GPL-2.0-or-later
import Testing

@testable import IfenslaveCore

/// `--queue-id`, `--prio` and `--actor-port-prio`: set on every SLAVE named, only what
/// differs on slaves already in MASTER, refused by mode before anything is touched, and put
/// back as a whole when the kernel refuses one of them part way.
@Suite struct SlaveOptionTests {
  func kernel(_ names: String...) -> FakeKernel {
    let kernel = FakeKernel()
    for name in names { kernel.addDummy(name) }
    return kernel
  }

  func slave(_ kernel: FakeKernel, _ name: String) -> BondSlaveInfo? { kernel.link(name).bondSlave }

  @Test func enslaveSetsEverySlaveNamed() {
    let kernel = kernel("eth0", "eth1")
    let result = run(kernel, "--mode", "active-backup", "--prio", "10", "bond0", "eth0", "eth1")
    #expect(result.status == 0, "\(result.messages)")
    #expect(slave(kernel, "eth0")?.prio == 10)
    #expect(slave(kernel, "eth1")?.prio == 10)
    // After the slaves are in: the kernel has no slave to set before.
    #expect(
      kernel.changes.suffix(2) == [
        "netlink: set eth0 type bond_slave prio 10", "netlink: set eth1 type bond_slave prio 10",
      ])
  }

  @Test func aRerunChangesNothingAndAChangeOnlyWhatDiffers() {
    let kernel = kernel("eth0")
    #expect(
      run(kernel, "--mode", "active-backup", "--queue-id", "3", "--prio", "10", "bond0", "eth0")
        .status == 0)
    kernel.forget()
    #expect(
      run(kernel, "--mode", "active-backup", "--queue-id", "3", "--prio", "10", "bond0", "eth0")
        .status == 0)
    #expect(kernel.changes.isEmpty)
    let change = run(kernel, "--queue-id", "3", "--prio", "20", "bond0", "eth0")
    #expect(change.status == 0, "\(change.messages)")
    #expect(kernel.changes == ["netlink: set eth0 type bond_slave prio 20"])
    #expect(slave(kernel, "eth0")?.prio == 20)
  }

  @Test func whatTheModeDoesNotTakeIsRefusedBeforeAnythingIsTouched() {
    let kernel = kernel("eth0")
    #expect(run(kernel, "--mode", "802.3ad", "bond0", "eth0").status == 0)
    kernel.forget()
    let refused = run(kernel, "--prio", "5", "bond0", "eth0")
    #expect(refused.status == 1)
    #expect(
      refused.messages == [
        "bond0: --prio only works in mode active-backup, balance-tlb, balance-alb, not 802.3ad"
      ])
    #expect(kernel.changes.isEmpty)
    // Given with --mode, it is a usage error.
    let usage = run(kernel, "--mode", "balance-rr", "--actor-port-prio", "5", "bond1", "eth1")
    #expect(usage.status == 2)
    #expect(usage.messages.first == "--actor-port-prio only works in mode 802.3ad, not balance-rr")
  }

  /// The kernel applied queue_id, then refused prio: both go back to what they were.
  @Test func aRefusalPartWayPutsEverySlaveSettingBack() {
    let kernel = kernel("eth0", "eth1")
    #expect(run(kernel, "--mode", "active-backup", "bond0", "eth0", "eth1").status == 0)
    #expect(run(kernel, "--queue-id", "1", "bond0", "eth1").status == 0)
    kernel.forget()
    kernel.slaveOptionRefusal = ("prio", KernelError(.EINVAL, message: "invalid option value"))
    let result = run(kernel, "--queue-id", "2", "--prio", "7", "bond0", "eth0")
    #expect(result.status == 1)
    #expect(
      result.messages.first
        == "bond0: cannot set queue_id, prio of eth0: invalid option value: the kernel refuses a value (Invalid argument); its log (dmesg) names the option"
    )
    #expect(kernel.changes.first == "netlink: set eth0 type bond_slave queue_id 2 prio 7")
    #expect(kernel.changes.contains("netlink: set eth0 type bond_slave queue_id 0 prio 0"))
    #expect(slave(kernel, "eth0")?.queueID == 0)
    #expect(slave(kernel, "eth0")?.prio == 0)
    #expect(slave(kernel, "eth1")?.queueID == 1)
    #expect(kernel.link("eth0").master == kernel.link("bond0").index)
  }

  @Test func aQueueAnotherSlaveHasIsRefusedFirst() {
    let kernel = kernel("eth0", "eth1")
    #expect(run(kernel, "bond0", "eth0", "eth1").status == 0)
    #expect(run(kernel, "--queue-id", "4", "bond0", "eth0").status == 0)
    kernel.forget()
    let taken = run(kernel, "--queue-id", "4", "bond0", "eth1")
    #expect(taken.status == 1)
    #expect(taken.messages == ["bond0: cannot set queue_id of eth1: eth0 has queue ID 4"])
    #expect(kernel.changes.isEmpty)
    let two = run(kernel, "--queue-id", "5", "bond0", "eth0", "eth1")
    #expect(two.status == 2)
    #expect(two.messages.first?.hasPrefix("--queue-id 5 for 2 slaves:") == true)
  }

  @Test func slaveOptionsNeedASlave() {
    let kernel = kernel("eth0")
    for arguments in [
      ["--prio", "1", "bond0"], ["-d", "--prio", "1", "bond0", "eth0"],
      ["--prio", "1", "-c", "bond0", "eth0"],
    ] {
      let result = run(kernel, arguments: arguments)
      #expect(result.status == 2, "\(arguments)")
      #expect(
        result.messages.first
          == "--prio: slave options go with MASTER SLAVE..., and apply to each SLAVE named",
        "\(arguments)")
    }
    let bad = run(kernel, "--queue-id", "70000", "bond0", "eth0")
    #expect(bad.status == 2)
    #expect(bad.messages.first == "--queue-id: invalid value '70000': expected 0-65535")
    #expect(kernel.changes.isEmpty)
  }

  /// 6.1 acknowledges IFLA_BOND_SLAVE_ACTOR_PORT_PRIO and drops it: the read-back says so,
  /// and the run leaves nothing behind.
  @Test func aKernelWithoutTheOptionLeavesNothing() {
    let kernel = kernel("eth0")
    kernel.unknownSlaveAttributes = [DriverSlaveOption.actorPortPrio.attribute]
    let before = LinkState(kernel, "eth0")
    let result = run(kernel, "--mode", "802.3ad", "--actor-port-prio", "5", "bond0", "eth0")
    #expect(result.status == 1)
    #expect(
      result.messages.first
        == "bond0: cannot set actor_port_prio of eth0: actor_port_prio did not take: this kernel does not have it (it needs Linux 6.18 or later)"
    )
    #expect(!kernel.table.contains { $0.name.rawValue == "bond0" })
    #expect(LinkState(kernel, "eth0") == before)
  }

  /// 3.10: queue_id through bonding/queue_id, read back from the legacy status; prio has no
  /// file on any kernel.
  @Test func on310QueueIDGoesThroughSysfsAndPrioCannot() {
    let kernel = kernel("eth0")
    kernel.netlinkBondData = false
    let result = run(kernel, "--mode", "active-backup", "--queue-id", "2", "bond0", "eth0")
    #expect(result.status == 0, "\(result.messages)")
    #expect(
      kernel.changes.suffix(2) == [
        "netlink: set eth0 type bond_slave queue_id 2", "sysfs: bond0 queue_id eth0:2",
      ])
    #expect(slave(kernel, "eth0")?.queueID == 2)
    kernel.forget()
    #expect(run(kernel, "--queue-id", "2", "bond0", "eth0").status == 0)
    #expect(kernel.changes.isEmpty)
    let prio = run(kernel, "--prio", "3", "bond0", "eth0")
    #expect(prio.status == 1)
    #expect(
      prio.messages.first
        == "bond0: cannot set prio of eth0: prio has no sysfs file on any kernel: it is set over netlink only, from Linux 6.0"
    )
  }
}
