// SPDX-License-Identifier: GPL-2.0-or-later
import Testing

@testable import IfenslaveCore

/// Status built from captured kernel replies (Debian 6.1.192): the text and the JSON.
@Suite struct StatusTests {
  func links() -> [Link] {
    Fixture("dump-links").messages.compactMap { $0.withUnsafeBytes(LinkMessage.decode) }
  }

  func bond(_ name: String) -> BondStatus {
    BondStatus.collect(from: links(), only: IfenslaveCore.InterfaceName(kernel: name)) { name in
      name.rawValue == "d0" ? LinkSpeed(megabits: 10000, duplex: "full") : nil
    }[0]
  }

  @Test func collectsEveryBondWithItsSlaves() {
    let bonds = BondStatus.collect(from: links()) { _ in nil }
    #expect(bonds.map(\.bond.name.rawValue) == ["bond0", "bond1", "bond2", "bond3"])
    #expect(bonds[0].slaves.map(\.link.name.rawValue) == ["d0", "d1"])
    #expect(bonds[3].slaves.map(\.link.name.rawValue) == ["d3"])
  }

  @Test func activeBackupText() {
    #expect(
      bond("bond0").text == """
        bond0: active-backup, up, operstate up, mtu 1500, hwaddr 02:00:00:00:00:10
          link monitoring: MII every 100 ms, updelay 200 ms, downdelay 300 ms
          active slave: d0
          primary: d0 (reselect always)
          fail_over_mac: none
          slaves:
            d0: mii up, active, link failures 0, perm hwaddr 02:00:00:00:00:10, 10000 Mb/s full duplex
            d1: mii up, backup, link failures 0, perm hwaddr 02:00:00:00:00:11

        """)
  }

  @Test func arpMonitoredBondText() {
    let text = bond("bond2").text
    #expect(
      text.contains(
        "link monitoring: ARP every 100 ms to 192.0.2.1,192.0.2.2, validate none, all_targets any"))
    #expect(text.contains("slaves: none"))
  }

  @Test func lacpText() {
    let text = bond("bond3").text
    #expect(text.contains("LACP: rate fast, active on, ad_select stable, min_links 0"))
    #expect(text.contains("transmit hash policy: layer3+4"))
    #expect(
      text.contains(
        "active aggregator: 1, 1 port(s), actor key 0, partner key 1, partner 00:00:00:00:00:00"))
    #expect(
      text.contains(
        "d3: mii up, active, link failures 0, perm hwaddr 02:00:00:00:00:13, aggregator 1"))
  }

  /// 6.1.192 has coupled_control (backported) and neither 7.2 option: those get no word,
  /// and null in JSON; a 7.2 slave's port priority and churn states are shown.
  @Test func newerOptionsAndSlaveFields() {
    var status = bond("bond3")
    #expect(
      status.text.contains(
        "LACP: rate fast, active on, ad_select stable, min_links 0, coupled_control on\n"))
    guard case .object(let members) = status.json else { return }
    #expect(members.first { $0.key == "broadcast_neighbor" }?.value == .null)
    #expect(members.first { $0.key == "lacp_strict" }?.value == .null)
    status.bond.bond?.values[BondOption.broadcastNeighbor.bondAttribute!] = .number(1)
    status.bond.bond?.values[BondOption.lacpStrict.bondAttribute!] = .number(0)
    status.slaves[0].link.bondSlave?.actorPortPrio = 300
    status.slaves[0].link.bondSlave?.churnActorState = 2
    status.slaves[0].link.bondSlave?.churnPartnerState = 1
    status.slaves[0].link.bondSlave?.prio = 0
    #expect(status.text.contains("coupled_control on, broadcast_neighbor on, lacp_strict off\n"))
    #expect(
      status.text.contains("aggregator 1, actor_port_prio 300, churn actor none, partner churned"))
    guard case .object(let after) = status.json,
      case .array(let slaves)? = after.first(where: { $0.key == "slaves" })?.value,
      case .object(let slave)? = slaves.first
    else {
      Issue.record("no slave in \(status.json)")
      return
    }
    #expect(after.first { $0.key == "broadcast_neighbor" }?.value == .string("on"))
    #expect(slave.first { $0.key == "actor_port_prio" }?.value == .int(300))
    #expect(slave.first { $0.key == "churn_partner_state" }?.value == .string("churned"))
    #expect(slave.first { $0.key == "prio" }?.value == .int(0))
  }

  @Test func unmonitoredBondSaysSo() {
    #expect(
      bond("bond1").text.contains(
        "link monitoring: none (miimon 0, arp_interval 0): slave failures go unnoticed"))
  }

  @Test func activeBackupJSON() throws {
    let json = bond("bond0").json
    guard case .object(let members) = json else {
      Issue.record("not an object")
      return
    }
    let keys = members.map(\.key)
    for key in [
      "name", "mode", "miimon", "updelay", "downdelay", "active_slave", "primary",
      "xmit_hash_policy",
      "lacp_rate", "ad_info", "operstate", "mtu", "hwaddr", "slaves", "arp_ip_target",
      "num_grat_arp", "num_unsol_na",
    ] {
      #expect(keys.contains(key), "\(key)")
    }
    func value(_ key: String) -> JSON? { members.first { $0.key == key }?.value }
    #expect(value("name") == .string("bond0"))
    #expect(value("mode") == .string("active-backup"))
    #expect(value("miimon") == .int(100))
    #expect(value("active_slave") == .string("d0"))
    #expect(value("primary") == .string("d0"))
    #expect(value("arp_ip_target") == .array([]))
    #expect(value("arp_validate") == .string("none"))
    #expect(value("use_carrier") == .int(1))
    #expect(value("ad_info") == .null)
    #expect(value("operstate") == .string("up"))
    #expect(value("hwaddr") == .string("02:00:00:00:00:10"))
    guard case .array(let slaves)? = value("slaves"), case .object(let first)? = slaves.first else {
      Issue.record("no slaves")
      return
    }
    func slave(_ key: String) -> JSON? { first.first { $0.key == key }?.value }
    #expect(slave("name") == .string("d0"))
    #expect(slave("state") == .string("active"))
    #expect(slave("mii_status") == .string("up"))
    #expect(slave("link_failure_count") == .int(0))
    #expect(slave("perm_hwaddr") == .string("02:00:00:00:00:10"))
    #expect(slave("queue_id") == .int(0))
    #expect(slave("speed") == .int(10000))
    #expect(slave("duplex") == .string("full"))
    #expect(slave("ad_aggregator_id") == .null)
  }

  @Test func lacpJSON() {
    guard case .object(let members) = bond("bond3").json else { return }
    func value(_ key: String) -> JSON? { members.first { $0.key == key }?.value }
    #expect(
      value("ad_info")
        == .object([
          .init("aggregator", .int(1)), .init("num_ports", .int(1)), .init("actor_key", .int(0)),
          .init("partner_key", .int(1)), .init("partner_mac", .string("00:00:00:00:00:00")),
        ]))
    #expect(value("ad_actor_system") == .string("02:00:00:00:00:aa"))
    #expect(value("lacp_rate") == .string("fast"))
    #expect(value("primary") == .null)
  }

  @Test func aBondWithoutNetlinkOptionsGivesNulls() {
    // A 3.10 kernel reports kind "bond" and no IFLA_INFO_DATA.
    var bond = links().first { $0.name.rawValue == "bond0" }!
    bond.bond = nil
    let status = BondStatus(bond: bond, slaves: [], names: [:])
    guard case .object(let members) = status.json else { return }
    #expect(members.first { $0.key == "mode" }?.value == .null)
    #expect(members.first { $0.key == "miimon" }?.value == .null)
    #expect(status.text.contains("the kernel does not report this bond's options"))
  }

  @Test func showThroughTheCommand() {
    let kernel = FakeKernel()
    kernel.addDummy("eth0")
    kernel.addBond("bond0", up: true, [setting(.mode, "active-backup"), setting(.miimon, "100")])
    kernel.enslaveDirectly("eth0", to: "bond0")
    let text = run(kernel, "bond0")
    #expect(text.status == 0)
    #expect(text.output.hasPrefix("bond0: active-backup, up"))
    let json = run(kernel, "--json", "bond0")
    #expect(json.output.hasPrefix("{\"name\":\"bond0\""))
    #expect(json.output.hasSuffix("}\n"))
    let all = run(kernel, "--json", "-a")
    #expect(all.output.hasPrefix("[{\"name\":\"bond0\""))
    #expect(run(kernel, "eth0").messages == ["eth0: not a bond (kind dummy)"])
    #expect(run(kernel, "eth0").status == 1)
    #expect(run(kernel, "nosuch").messages == ["nosuch: no such interface"])
    #expect(run(FakeKernel(), "--json", "-a").output == "[]\n")
    #expect(run(FakeKernel(), "-a").output == "")
  }
}
