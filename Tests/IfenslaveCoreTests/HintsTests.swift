// SPDX-License-Identifier: GPL-2.0-or-later
import Testing

@testable import IfenslaveCore

/// Status hints, each from the captured replies (Debian 6.1: StatusTests' dump) changed into
/// the state the hint is about.
@Suite struct HintsTests {
  let links: [Link] = Fixture("dump-links").messages.compactMap {
    $0.withUnsafeBytes(LinkMessage.decode)
  }

  func bond(
    _ name: String, speeds: [String: LinkSpeed] = [:], change: (inout BondStatus) -> Void = { _ in }
  )
    -> BondStatus
  {
    var status = BondStatus.collect(from: links, only: IfenslaveCore.InterfaceName(kernel: name)) {
      speeds[$0.rawValue]
    }[0]
    change(&status)
    return status
  }

  func codes(_ status: BondStatus, _ facts: HintFacts = HintFacts()) -> [String] {
    status.hints(with: facts).map(\.code)
  }

  static func set(_ option: BondOption, _ value: OptionValue, in status: inout BondStatus) {
    status.bond.bond!.values[option.bondAttribute!] = value
  }

  @Test func aHealthyActiveBackupBondHasNone() {
    #expect(codes(bond("bond0")) == [])
  }

  @Test func lacpWithoutAPartner() throws {
    // bond3 is 802.3ad over a dummy: no LACPDU ever came, the partner MAC is zero.
    let hints = bond("bond3").hints()
    let hint = try #require(hints.first { $0.code == "lacp-no-partner" })
    #expect(hint.severity == .error)
    #expect(hint.message.contains("no LACP partner on d3 of bond3"))
    #expect(hint.message.contains("static trunk"))
    #expect(hint.message.contains("--mode balance-xor"))
  }

  /// 3.10 shows each port's aggregator (/proc) but no port states: the active aggregator's
  /// partner MAC decides, for every port.
  @Test func lacpWithoutPortStatesAsOn310() throws {
    func on310(partner: HardwareAddress) -> BondStatus {
      bond("bond3") { status in
        status.bond.bond!.adInfo!.partnerMAC = partner
        status.slaves[0].link.bondSlave!.partnerOperPortState = nil
        status.slaves[0].link.bondSlave!.actorOperPortState = nil
        var second = status.slaves[0]
        second.link.name = IfenslaveCore.InterfaceName(kernel: "d4")
        second.link.index = InterfaceIndex(rawValue: 99)
        second.link.bondSlave!.aggregatorID = 2
        status.slaves.append(second)
      }
    }
    let alone = try #require(
      on310(partner: HardwareAddress(bytes: [0, 0, 0, 0, 0, 0])).hints().first)
    #expect(alone.code == "lacp-no-partner")
    #expect(alone.message.contains("no LACP partner on d3, d4 of bond3"))
    #expect(
      codes(on310(partner: HardwareAddress(bytes: [0x02, 0, 0, 0, 0, 0x42]))) == [
        "lacp-split-aggregators"
      ])
  }

  @Test func lacpSplitOverAggregators() throws {
    // Both ports have a partner (in sync), but on different LAGs.
    let status = bond("bond3") { status in
      status.bond.bond!.adInfo!.partnerMAC = HardwareAddress(bytes: [0x02, 0, 0, 0, 0, 0x42])
      status.slaves[0].link.bondSlave!.partnerOperPortState = 63
      var second = status.slaves[0]
      second.link.name = IfenslaveCore.InterfaceName(kernel: "d4")
      second.link.index = InterfaceIndex(rawValue: 99)
      second.link.bondSlave!.aggregatorID = 2
      status.slaves.append(second)
    }
    #expect(codes(status) == ["lacp-split-aggregators"])
    let hint = try #require(status.hints().first)
    #expect(hint.message.contains("split over 2 aggregators (1 (active): d3; 2: d4)"))
    // Without partners the ports sit apart because of that, which is the hint then.
    #expect(
      codes(
        bond("bond3") { status in
          var second = status.slaves[0]
          second.link.name = IfenslaveCore.InterfaceName(kernel: "d4")
          second.link.bondSlave!.aggregatorID = 2
          status.slaves.append(second)
        }) == ["lacp-no-partner"])
  }

  /// 7.2's churn states: a partner that answers but never gets in sync.
  @Test func lacpChurn() throws {
    let churned = bond("bond3") { status in
      status.bond.bond!.adInfo!.partnerMAC = HardwareAddress(bytes: [0x02, 0, 0, 0, 0, 0x42])
      status.slaves[0].link.bondSlave!.partnerOperPortState = 0x0f
      status.slaves[0].link.bondSlave!.churnActorState = 2
      status.slaves[0].link.bondSlave!.churnPartnerState = 1
    }
    #expect(codes(churned) == ["lacp-churned"])
    let hint = try #require(churned.hints().first)
    #expect(hint.severity == .warning)
    #expect(hint.message.hasPrefix("802.3ad: LACP churn on d3 of bond3: "))
    // Still monitoring, or without a partner (said already): no churn hint.
    #expect(
      codes(bond("bond3") { $0.slaves[0].link.bondSlave!.churnPartnerState = 0 }) == [
        "lacp-no-partner"
      ])
    #expect(
      codes(bond("bond3") { $0.slaves[0].link.bondSlave!.churnPartnerState = 1 }) == [
        "lacp-no-partner"
      ])
  }

  @Test func noLinkMonitoringAndNoSlaves() {
    // bond1: miimon 0, arp_interval 0, no slaves.
    #expect(codes(bond("bond1")) == ["no-slaves", "no-link-monitoring"])
    #expect(bond("bond1").hints()[1].message.contains("set --miimon 100"))
  }

  @Test func everySlaveDownInActiveBackup() {
    let status = bond("bond0") { status in
      for i in status.slaves.indices { status.slaves[i].link.bondSlave!.miiStatus = 2 }
    }
    #expect(codes(status) == ["all-slaves-down"])
    #expect(status.hints()[0].message.contains("every slave of bond0 is down (d0, d1)"))
  }

  @Test func aPrimaryThatIsNotASlave() {
    let status = bond("bond0") { $0.bond.bond!.values[BondOption.primary.bondAttribute!] = nil }
    #expect(status.hintsNeedConfiguredPrimary)
    #expect(codes(status, HintFacts(configuredPrimary: "eth9")) == ["primary-not-slave"])
    #expect(codes(status) == [])
    #expect(!bond("bond0").hintsNeedConfiguredPrimary)
  }

  @Test func slavesOfDifferentSpeeds() throws {
    let status = bond(
      "bond3",
      speeds: [
        "d3": LinkSpeed(megabits: 1000, duplex: "full"),
        "d4": LinkSpeed(megabits: 100, duplex: "full"),
      ]
    ) { status in
      var second = status.slaves[0]
      second.link.name = IfenslaveCore.InterfaceName(kernel: "d4")
      second.speed = LinkSpeed(megabits: 100, duplex: "full")
      status.slaves.append(second)
    }
    let hint = try #require(status.hints().first { $0.code == "speed-mismatch" })
    #expect(
      hint.message.contains("(d3 1000 Mb/s full, d4 100 Mb/s full); 802.3ad needs them equal"))
    #expect(
      !codes(bond("bond0", speeds: ["d0": LinkSpeed(megabits: 1000, duplex: "full")])).contains(
        "speed-mismatch"))
  }

  @Test func anARPTargetOutsideTheBondsSubnets() {
    // bond2 monitors 192.0.2.1 and 192.0.2.2 by ARP.
    let status = bond("bond2")
    #expect(status.hintsNeedAddresses)
    let elsewhere = HintFacts(addresses: [address(status, "198.51.100.7", 24)])
    #expect(codes(status, elsewhere).filter { $0 == "arp-target-unreachable" }.count == 2)
    #expect(
      status.hints(with: elsewhere).contains {
        $0.message.hasPrefix("arp_ip_target 192.0.2.1 is outside bond2's subnets (198.51.100.7/24)")
      })
    #expect(
      !codes(status, HintFacts(addresses: [address(status, "192.0.2.10", 24)])).contains(
        "arp-target-unreachable"))
    // Without addresses nothing can be told.
    #expect(!codes(status).contains("arp-target-unreachable"))
  }

  func address(_ status: BondStatus, _ text: String, _ prefix: UInt8) -> InterfaceAddress {
    InterfaceAddress(link: status.bond.ref, local: IPAddress(parsing: text)!, prefixLength: prefix)
  }

  @Test func aDownBondWithSlaves() {
    let status = bond("bond0") { $0.bond.flags.remove(.up) }
    #expect(codes(status) == ["bond-down"])
  }

  @Test func aMACThatDoesNotFollowTheActiveSlave() throws {
    var status = bond("bond0")
    Self.set(.failOverMAC, .number(1), in: &status)
    #expect(codes(status) == [], "the bond has d0's MAC")
    status.bond.hardwareAddress = HardwareAddress(bytes: [0x02, 0, 0, 0, 0, 0x99])
    let hint = try #require(status.hints().first)
    #expect(hint.code == "mac-not-following")
    #expect(hint.message.contains("MACAddressPolicy"))
  }

  @Test func minLinksNotMet() {
    var status = bond("bond3")
    Self.set(.minLinks, .number(2), in: &status)
    #expect(codes(status).contains("min-links-not-met"))
    #expect(status.hints()[0].severity == .error)
  }

  @Test func hintsInTheOutputThroughTheCommand() {
    let kernel = FakeKernel()
    kernel.addBond("bond0", up: true, [setting(.mode, "active-backup")])
    kernel.configuredPrimaries[IfenslaveCore.InterfaceName(kernel: "bond0")] = "eth7"
    let text = run(kernel, "bond0").output
    #expect(text.contains("  warning: bond0 has no slaves, so it carries no traffic"))
    #expect(text.contains("[no-link-monitoring]"))
    #expect(text.contains("the primary eth7 is not a slave of bond0"))
    let json = run(kernel, "--json", "bond0").output
    #expect(
      json.contains(
        #""hints":[{"code":"no-slaves","severity":"warning","message":"bond0 has no slaves"#))
    // -a keeps to the one dump: no sysfs read per bond for the primary.
    let all = run(kernel, "-a").output
    #expect(all.contains("[no-link-monitoring]"))
    #expect(!all.contains("primary-not-slave"))
  }

  @Test func oneAddressDumpServesEveryBondWithARPTargets() {
    let kernel = FakeKernel()
    let arp = [setting(.arpInterval, "100"), setting(.arpIPTarget, "192.0.2.1")]
    kernel.addBond("bond0", up: true, arp)
    kernel.addBond("bond1", up: true, arp)
    kernel.addBond("bond2", up: true, [setting(.miimon, "100")])
    kernel.addAddress("198.51.100.7", prefix: 24, to: "bond0")
    kernel.addAddress("192.0.2.10", prefix: 24, to: "bond1")
    let all = run(kernel, "-a").output
    #expect(kernel.addressDumps == 1)
    #expect(all.contains("arp_ip_target 192.0.2.1 is outside bond0's subnets (198.51.100.7/24)"))
    #expect(!all.contains("outside bond1's"))
    _ = run(kernel, "--json", "bond2")
    #expect(kernel.addressDumps == 1, "no bond to look at, no dump")
    #expect(run(kernel, "bond1").output.contains("arp-target-unreachable") == false)
    #expect(kernel.addressDumps == 2)
  }
}
