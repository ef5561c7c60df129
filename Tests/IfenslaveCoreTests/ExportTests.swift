// SPDX-License-Identifier: GPL-2.0-or-later
import Testing

@testable import IfenslaveCore

/// `--export FORMAT`: what recreates the running bonds, only what differs from the defaults.
@Suite struct ExportTests {
  /// bond0: active-backup, miimon 100, updelay 200, primary eth1, eth0 and eth1 (eth1 prio
  /// 5); bond1: 802.3ad, lacp_rate fast, layer3+4, MTU 9000, eth2.
  func system() -> FakeKernel {
    let kernel = FakeKernel()
    for name in ["eth0", "eth1", "eth2"] { kernel.addDummy(name) }
    #expect(
      run(
        kernel, "--mode", "active-backup", "--miimon", "100", "--updelay", "200", "--primary",
        "eth1", "bond0", "eth0", "eth1"
      ).status == 0)
    #expect(run(kernel, "--prio", "5", "bond0", "eth1").status == 0)
    #expect(
      run(
        kernel, "--mode", "802.3ad", "--lacp-rate", "fast", "--xmit-hash-policy", "layer3+4",
        "--mtu", "9000", "bond1", "eth2"
      ).status == 0)
    kernel.forget()
    return kernel
  }

  @Test func ifenslaveLinesRebuildTheBonds() {
    let kernel = system()
    let result = run(kernel, "--export", "ifenslave", "-a")
    #expect(result.status == 0)
    #expect(
      result.output == """
        ifenslave --mode active-backup --miimon 100 --updelay 200 --primary eth1 bond0 eth0 eth1
        ifenslave --prio 5 bond0 eth1
        ifenslave --mode 802.3ad --miimon 100 --xmit-hash-policy layer3+4 --lacp-rate fast --mtu 9000 bond1 eth2

        """)
    #expect(kernel.changes.isEmpty)
    // The round trip: the lines, run on a host with the same NICs, give the same bonds.
    let fresh = FakeKernel()
    for name in ["eth0", "eth1", "eth2"] { fresh.addDummy(name) }
    for line in result.output.split(separator: "\n") {
      #expect(
        run(fresh, arguments: line.split(separator: " ").dropFirst().map(String.init)).status == 0,
        "\(line)")
    }
    #expect(run(fresh, "--export", "ifenslave", "-a").output == result.output)
  }

  @Test func rcBondAndIfupdown() {
    let kernel = system()
    #expect(
      run(kernel, "--export", "rc.bond", "bond0").output == """
        # /etc/rc.d/rc.bond.conf
        bond0 active-backup miimon=100,updelay=200,primary=eth1 eth0,eth1
        # eth1: prio 5: no setting for it here; ifenslave --prio 5 bond0 eth1

        """)
    #expect(
      run(kernel, "--export", "ifupdown", "bond1").output == """
        # /etc/network/interfaces
        auto bond1
        iface bond1 inet manual
            bond-slaves eth2
            bond-mode 802.3ad
            bond-miimon 100
            bond-xmit-hash-policy layer3+4
            bond-lacp-rate fast
            mtu 9000

        """)
  }

  @Test func networkdIfcfgAndNmcli() {
    let kernel = system()
    #expect(
      run(kernel, "--export", "networkd", "bond0").output == """
        # /etc/systemd/network/bond0.netdev
        [NetDev]
        Name=bond0
        Kind=bond

        [Bond]
        Mode=active-backup
        MIIMonitorSec=100ms
        UpDelaySec=200ms

        # /etc/systemd/network/bond0.network
        [Match]
        Name=bond0

        [Network]
        LinkLocalAddressing=no

        # /etc/systemd/network/bond0-eth0.network
        [Match]
        Name=eth0

        [Network]
        Bond=bond0

        # /etc/systemd/network/bond0-eth1.network
        [Match]
        Name=eth1

        [Network]
        Bond=bond0
        PrimarySlave=yes
        # eth1: prio 5: no setting for it here; ifenslave --prio 5 bond0 eth1

        """)
    let ifcfg = run(kernel, "--export", "ifcfg", "bond1").output
    #expect(
      ifcfg.hasPrefix(
        """
        # /etc/sysconfig/network-scripts/ifcfg-bond1
        DEVICE=bond1
        NAME=bond1
        TYPE=Bond
        BONDING_MASTER=yes
        BONDING_OPTS="mode=802.3ad miimon=100 xmit_hash_policy=layer3+4 lacp_rate=fast"
        ONBOOT=yes
        BOOTPROTO=none
        MTU=9000

        # /etc/sysconfig/network-scripts/ifcfg-eth2
        DEVICE=eth2
        """))
    #expect(ifcfg.contains("MASTER=bond1\nSLAVE=yes\n"))
    #expect(
      run(kernel, "--export", "nmcli", "bond0").output == """
        nmcli connection add type bond con-name bond0 ifname bond0 bond.options mode=active-backup,miimon=100,updelay=200,primary=eth1
        nmcli connection add type ethernet con-name bond0-eth0 ifname eth0 master bond0 slave-type bond
        nmcli connection add type ethernet con-name bond0-eth1 ifname eth1 master bond0 slave-type bond bond-port.prio 5

        """)
  }

  /// What systemd-networkd cannot set is a comment, never a line it would ignore: a value it
  /// has no name for, and LearnPacketIntervalSec=, which it sends only with ARPIntervalSec=.
  @Test func networkdCommentsWhatItCannotSet() {
    let kernel = FakeKernel()
    for name in ["eth0", "eth1"] { kernel.addDummy(name) }
    #expect(
      run(
        kernel, "--mode", "balance-tlb", "--miimon", "100", "--lp-interval", "3",
        "--xmit-hash-policy", "vlan+srcmac",
        "bond0", "eth0"
      ).status == 0)
    #expect(
      run(
        kernel, "--mode", "balance-rr", "--arp-interval", "500", "--arp-ip-target", "192.0.2.1",
        "--lp-interval", "3",
        "--arp-validate", "filter", "bond1", "eth1"
      ).status == 0)
    kernel.forget()
    let tlb = run(kernel, "--export", "networkd", "bond0").output
    #expect(
      tlb.hasPrefix(
        """
        # /etc/systemd/network/bond0.netdev
        [NetDev]
        Name=bond0
        Kind=bond

        [Bond]
        Mode=balance-tlb
        MIIMonitorSec=100ms
        # xmit_hash_policy vlan+srcmac: systemd-networkd has no value for it
        # lp_interval 3: systemd-networkd sets LearnPacketIntervalSec= only with ARPIntervalSec=

        """), "\(tlb)")
    let rr = run(kernel, "--export", "networkd", "bond1").output
    #expect(rr.contains("ARPIntervalSec=500ms\n"), "\(rr)")
    #expect(rr.contains("# arp_validate filter: systemd-networkd has no value for it\n"), "\(rr)")
    #expect(rr.contains("LearnPacketIntervalSec=3s\n"), "\(rr)")
  }

  /// BONDING_OPTS goes back in through -o as it came out.
  @Test func ifcfgOptionsGoBackThroughDashO() throws {
    let kernel = system()
    let ifcfg = run(kernel, "--export", "ifcfg", "bond1").output
    let line = try #require(ifcfg.split(separator: "\n").first { $0.hasPrefix("BONDING_OPTS=") })
    let options = String(line.dropFirst("BONDING_OPTS=\"".count).dropLast())
    let fresh = FakeKernel()
    fresh.addDummy("eth2")
    #expect(run(fresh, "-o", options, "--mtu", "9000", "bond1", "eth2").status == 0)
    #expect(run(fresh, "--export", "ifcfg", "bond1").output == ifcfg)
  }

  @Test func toADirectoryNeverOverwrites() {
    let kernel = system()
    let written = run(kernel, "--export", "ifcfg", "--to", "/etc/x", "bond0")
    #expect(written.status == 0)
    #expect(
      written.messages == [
        "wrote /etc/x/ifcfg-bond0", "wrote /etc/x/ifcfg-eth0", "wrote /etc/x/ifcfg-eth1",
      ])
    #expect(kernel.files["/etc/x/ifcfg-eth0"]?.contains("MASTER=bond0") == true)
    kernel.files["/etc/x/ifcfg-eth1"] = "mine\n"
    kernel.files["/etc/x/ifcfg-bond0"] = nil
    kernel.files["/etc/x/ifcfg-eth0"] = nil
    let again = run(kernel, "--export", "ifcfg", "--to", "/etc/x", "bond0")
    #expect(again.status == 1)
    #expect(
      again.messages.contains(
        "/etc/x/ifcfg-eth1: cannot write it: it exists, and is never overwritten"))
    #expect(kernel.files["/etc/x/ifcfg-eth1"] == "mine\n")
  }

  @Test func usage() {
    let kernel = system()
    #expect(run(kernel, "--export", "yaml", "bond0").status == 2)
    #expect(run(kernel, "--export", "ifenslave").status == 2)
    #expect(run(kernel, "--to", "/tmp", "bond0").status == 2)
    #expect(
      run(kernel, "--export", "ifenslave", "eth0").messages == ["eth0: not a bond (kind dummy)"])
  }
}
