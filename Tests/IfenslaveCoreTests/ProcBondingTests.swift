// SPDX-License-Identifier: GPL-2.0-or-later
import Testing

@testable import IfenslaveCore

/// /proc/net/bonding as 3.10's and 6.x's bond_procfs.c print it: the options it says, the
/// aggregator, and the slave values 3.10 shows nowhere else.
@Suite struct ProcBondingTests {
  static let linux310 = """
    Ethernet Channel Bonding Driver: v3.7.1 (April 27, 2011)

    Bonding Mode: IEEE 802.3ad Dynamic link aggregation
    Transmit Hash Policy: layer2 (0)
    MII Status: up
    MII Polling Interval (ms): 100
    Up Delay (ms): 0
    Down Delay (ms): 0

    802.3ad info
    LACP rate: slow
    Min links: 0
    Aggregator selection policy (ad_select): stable
    Active Aggregator Info:
    \tAggregator ID: 1
    \tNumber of ports: 1
    \tActor Key: 33
    \tPartner Key: 1
    \tPartner Mac Address: 00:00:00:00:00:00

    Slave Interface: d0
    MII Status: up
    Speed: Unknown
    Duplex: Unknown
    Link Failure Count: 0
    Permanent HW addr: 02:11:22:33:44:55
    Aggregator ID: 1
    Slave queue ID: 0

    Slave Interface: d1
    MII Status: up
    Speed: 10000 Mbps
    Duplex: full
    Link Failure Count: 2
    Permanent HW addr: 02:11:22:33:44:66
    Aggregator ID: N/A
    Slave queue ID: 3

    """

  @Test func eachSlavesPermanentMACQueueAndAggregator() {
    let slaves = ProcBonding.read(Self.linux310, mode: .ieee8023ad).slaves
    #expect(slaves.count == 2)
    #expect(
      slaves[name("d0")]
        == ProcBonding.Slave(
          permanentAddress: HardwareAddress(parsing: "02:11:22:33:44:55"), queueID: 0,
          aggregatorID: 1))
    // The bond's own "Aggregator ID: 1" is not d1's: d1 is in no aggregator.
    #expect(
      slaves[name("d1")]
        == ProcBonding.Slave(
          permanentAddress: HardwareAddress(parsing: "02:11:22:33:44:66"), queueID: 3,
          aggregatorID: nil,
          speed: LinkSpeed(megabits: 10000, duplex: "full")))
  }

  /// Where the bond said a slave's speed (even "Unknown"), ethtool is not asked for it.
  @Test func aSpeedTheBondKnowsSparesEthtool() {
    var known = Link(index: InterfaceIndex(2), name: name("d0"), master: InterfaceIndex(1))
    known.bondSlave = BondSlaveInfo(state: 0, miiStatus: 0, linkFailureCount: 0)
    known.bondSlave?.speed = LinkSpeed(megabits: nil, duplex: nil)
    var other = Link(index: InterfaceIndex(3), name: name("d1"), master: InterfaceIndex(1))
    other.bondSlave = BondSlaveInfo(state: 0, miiStatus: 0, linkFailureCount: 0)
    let bond = Link(index: InterfaceIndex(1), name: name("b0"), kind: "bond", bond: BondInfo())
    var asked: [String] = []
    let status = BondStatus.collect(from: [bond, known, other]) { slave in
      asked.append(slave.rawValue)
      return LinkSpeed(megabits: 1000, duplex: "full")
    }
    #expect(asked == ["d1"])
    #expect(status[0].slaves.map { $0.speed?.megabits } == [nil, 1000])
  }

  @Test func aBondWithoutSlavesAndNonsense() {
    #expect(
      ProcBonding.read(
        "Bonding Mode: load balancing (round-robin)\nMII Status: down\n", mode: .balanceRR
      ).slaves.isEmpty)
    #expect(ProcBonding.read("Slave Interface: a/b\nSlave queue ID: 1\n", mode: nil).slaves.isEmpty)
    #expect(ProcBonding.read("", mode: nil).slaves.isEmpty)
  }

  /// The options the file says, as their sysfs files would print them; the rest is left to
  /// sysfs, since the file leaves out lines by mode.
  @Test func an8023adBondsOptionsAndAggregator() {
    let shown = ProcBonding.read(Self.linux310, mode: .ieee8023ad)
    #expect(
      shown.options == [
        "xmit_hash_policy": "0", "updelay": "0", "downdelay": "0", "arp_interval": "0",
        "lacp_rate": "slow", "min_links": "0", "ad_select": "stable",
      ])
    #expect(shown.aggregatorShown)
    #expect(
      shown.aggregator
        == ADInfo(
          aggregator: 1, numPorts: 1, actorKey: 33, partnerKey: 1,
          partnerMAC: HardwareAddress(parsing: "00:00:00:00:00:00")!))
  }

  @Test func anActiveBackupBondWithPrimaryFailOverMACAndARP() {
    let text = """
      Ethernet Channel Bonding Driver: v3.7.1 (April 27, 2011)

      Bonding Mode: fault-tolerance (active-backup) (fail_over_mac follow)
      Primary Slave: d1 (primary_reselect better)
      Currently Active Slave: d0
      MII Status: up
      MII Polling Interval (ms): 0
      Up Delay (ms): 0
      Down Delay (ms): 0
      ARP Polling Interval (ms): 250
      ARP IP target/s (n.n.n.n form): 192.0.2.1, 192.0.2.2

      Slave Interface: d0
      MII Status: up
      """
    let shown = ProcBonding.read(text, mode: .activeBackup)
    #expect(
      shown.options == [
        "fail_over_mac": "follow", "primary": "d1", "primary_reselect": "better",
        "active_slave": "d0",
        "updelay": "0", "downdelay": "0", "arp_interval": "250",
        "arp_ip_target": "192.0.2.1 192.0.2.2",
      ])
    #expect(!shown.aggregatorShown)
  }

  /// Lines missing by rule: no fail_over_mac suffix in active-backup mode is "none", no
  /// primary is "None", no ARP lines is arp_interval 0 (targets then unsaid: 3.10 keeps them).
  @Test func whatAMissingLineMeans() {
    let text = """
      Bonding Mode: fault-tolerance (active-backup)
      Primary Slave: None
      Currently Active Slave: None
      MII Status: down
      MII Polling Interval (ms): 100
      Up Delay (ms): 200
      Down Delay (ms): 300
      """
    let shown = ProcBonding.read(text, mode: .activeBackup)
    #expect(
      shown.options == [
        "fail_over_mac": "0", "primary": "", "active_slave": "", "updelay": "200",
        "downdelay": "300",
        "arp_interval": "0",
      ])
    // Outside active-backup mode the file does not say fail_over_mac.
    #expect(
      ProcBonding.read("Bonding Mode: load balancing (round-robin)\n", mode: .balanceRR).options
        == ["arp_interval": "0"])
  }

  /// 6.x prints more (LACP active, system priority, per-port LACPDU details indented by
  /// spaces), and says "no active aggregator" in words; none of it is mistaken for an option.
  @Test func aNewerKernelsFile() {
    let text = """
      Ethernet Channel Bonding Driver: 6.1.0-57-amd64

      Bonding Mode: IEEE 802.3ad Dynamic link aggregation
      Transmit Hash Policy: layer3+4 (1)
      MII Status: down
      MII Polling Interval (ms): 100
      Up Delay (ms): 0
      Down Delay (ms): 0
      Peer Notification Delay (ms): 0

      802.3ad info
      LACP active: on
      LACP rate: fast
      Min links: 2
      Aggregator selection policy (ad_select): count
      System priority: 65535
      System MAC address: 02:00:00:00:00:01
      bond0 has no active aggregator

      Slave Interface: d0
      MII Status: down
      Speed: Unknown
      Duplex: Unknown
      Link Failure Count: 0
      Permanent HW addr: 02:11:22:33:44:55
      Slave queue ID: 0
      Aggregator ID: 2
      Actor Churn State: churned
      details actor lacp pdu:
          system priority: 65535
          port key: 0
          port state: 71
      """
    let shown = ProcBonding.read(text, mode: .ieee8023ad)
    #expect(
      shown.options == [
        "xmit_hash_policy": "1", "updelay": "0", "downdelay": "0", "arp_interval": "0",
        "lacp_rate": "fast", "min_links": "2", "ad_select": "count",
      ])
    #expect(shown.aggregatorShown && shown.aggregator == nil)
    #expect(shown.slaves[name("d0")]?.aggregatorID == 2)
  }
}
