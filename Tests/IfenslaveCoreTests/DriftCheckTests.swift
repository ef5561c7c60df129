// SPDX-License-Identifier: GPL-2.0-or-later
import Testing

@testable import IfenslaveCore

/// `--check`: what differs between the kernel and a command line, changing nothing.
@Suite struct DriftCheckTests {
  /// bond0 (active-backup, miimon 100, primary eth0) with eth0 and eth1; bond1 with eth2; eth3.
  func system(netlinkBondData: Bool = true) -> FakeKernel {
    let kernel = FakeKernel()
    for name in ["eth0", "eth1", "eth2", "eth3"] { kernel.addDummy(name) }
    #expect(
      run(
        kernel, "--mode", "active-backup", "--miimon", "100", "--primary", "eth0", "bond0", "eth0",
        "eth1"
      ).status == 0)
    #expect(run(kernel, "bond1", "eth2").status == 0)
    kernel.netlinkBondData = netlinkBondData
    kernel.forget()
    return kernel
  }

  @Test func aMatchingKernelExits0AndSaysNothing() {
    for kernel in [system(), system(netlinkBondData: false)] {
      let result = run(
        kernel, "--check", "--mode", "1", "--miimon", "100", "--primary", "eth0", "bond0", "eth0",
        "eth1")
      #expect(result.status == 0, "\(result.output)")
      #expect(result.output == "")
      #expect(kernel.changes.isEmpty)
    }
  }

  @Test func eachDifferenceIsALine() {
    for kernel in [system(), system(netlinkBondData: false)] {
      let result = run(
        kernel, "--check", "-o", "miimon=200 primary=eth1", "bond0", "eth0", "eth2", "eth3", "eth9")
      #expect(result.status == 1)
      #expect(
        result.output == """
          bond0: miimon is 100, wanted 200
          bond0: primary is eth0, wanted eth1
          bond0: eth2 is not a slave: it is a slave of bond1
          bond0: eth3 is not a slave
          bond0: eth9 is not a slave: there is no such interface

          """)
      #expect(kernel.changes.isEmpty)
    }
  }

  @Test func aMissingOrWrongMaster() {
    let kernel = system()
    let missing = run(kernel, "--check", "bond9")
    #expect(missing.status == 1)
    #expect(missing.output == "bond9: no such interface\n")
    let notBond = run(kernel, "--check", "--miimon", "100", "eth3")
    #expect(
      notBond.output == "eth3: not a bond (no kind)\n"
        || notBond.output.hasPrefix("eth3: not a bond"))
    #expect(notBond.status == 1)
  }

  @Test func slaveOptionsAndJSON() {
    let kernel = system()
    let result = run(kernel, "--check", "--json", "--prio", "5", "--miimon", "300", "bond0", "eth1")
    #expect(result.status == 1)
    #expect(
      result.output
        == #"[{"bond":"bond0","kind":"option","option":"miimon","have":"100","want":"300","message":"bond0: miimon is 100, wanted 300"},{"bond":"bond0","kind":"slave-option","slave":"eth1","option":"prio","have":"0","want":"5","message":"bond0: eth1's prio is 0, wanted 5"}]"#
        + "\n")
    let same = run(kernel, "--check", "--json", "bond0", "eth1")
    #expect(same.status == 0)
    #expect(same.output == "[]\n")
  }

  @Test func usageErrorsExit2() {
    let kernel = system()
    #expect(run(kernel, "--check").status == 2)
    #expect(run(kernel, "--check", "--dry-run", "bond0").status == 2)
    #expect(run(kernel, "--check", "-d", "bond0", "eth0").status == 2)
    #expect(run(kernel, "--check", "--mode", "fast", "bond0").status == 2)
  }
}
