import Testing

@testable import IfenslaveCore

/// /proc/net/bonding as 3.10's bond_procfs.c prints it, for the slave values 3.10 shows
/// nowhere else.
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
    let slaves = ProcBonding.slaves(in: Self.linux310)
    #expect(slaves.count == 2)
    #expect(slaves[name("d0")] == ProcBonding.Slave(
      permanentAddress: HardwareAddress(parsing: "02:11:22:33:44:55"), queueID: 0, aggregatorID: 1))
    // The bond's own "Aggregator ID: 1" is not d1's: d1 is in no aggregator.
    #expect(slaves[name("d1")] == ProcBonding.Slave(
      permanentAddress: HardwareAddress(parsing: "02:11:22:33:44:66"), queueID: 3, aggregatorID: nil,
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
    #expect(ProcBonding.slaves(in: "Bonding Mode: load balancing (round-robin)\nMII Status: down\n").isEmpty)
    #expect(ProcBonding.slaves(in: "Slave Interface: a/b\nSlave queue ID: 1\n").isEmpty)
    #expect(ProcBonding.slaves(in: "").isEmpty)
  }
}
