// SPDX-License-Identifier: GPL-2.0-or-later
import Testing

@testable import IfenslaveCore

/// teamd configurations as libteam's teamd/example_configs have them (each runner, link
/// watcher and port option there), turned into bonds; and what has no bonding equivalent,
/// refused by its key.
@Suite struct TeamdConfigTests {
  func bond(_ text: String, master: String? = "bond0") throws -> TeamdConfig.Bond {
    try TeamdConfig.bond(from: Array(text.utf8), master: master.map { InterfaceName(kernel: $0) })
  }

  func refusal(_ text: String) -> String? {
    do {
      _ = try bond(text)
      return nil
    } catch { return "\(error)" }
  }

  /// The settings as ifenslave's own words, `mode active-backup`.
  func words(_ bond: TeamdConfig.Bond) -> [String] { bond.settings.map(\.description) }

  @Test func activeBackupWithEthtoolAndPortPriorities() throws {
    let result = try bond(
      """
      {"device": "team7", "runner": {"name": "activebackup"}, "link_watch": {"name": "ethtool"},
       "ports": {"ens3": {"prio": -5, "sticky": true}, "ens4": {"prio": 50, "queue_id": 2}}}
      """, master: nil)
    #expect(result.master.rawValue == "team7")
    #expect(words(result) == ["mode active-backup", "miimon 100", "primary_reselect failure"])
    #expect(result.slaves.map(\.rawValue) == ["ens3", "ens4"])
    #expect(result.slaveSettings[InterfaceName(kernel: "ens3")] == [SlaveSetting(.prio, -5)])
    #expect(
      result.slaveSettings[InterfaceName(kernel: "ens4")] == [
        SlaveSetting(.queueID, 2), SlaveSetting(.prio, 50),
      ])
    #expect(
      result.notes == [
        "ports.*.sticky: primary_reselect failure, which bonding applies to every slave"
      ])
  }

  @Test func ethtoolDelaysAreUpdelayAndDowndelay() throws {
    let result = try bond(
      """
      {"runner": {"name": "activebackup"}, "link_watch": {"name": "ethtool", "delay_up": 2000, "delay_down": 500},
       "ports": {"ens3": {}}}
      """)
    #expect(words(result) == ["mode active-backup", "miimon 100", "updelay 2000", "downdelay 500"])
  }

  @Test func arpPingIsARPMonitoring() throws {
    let result = try bond(
      """
      {"runner": {"name": "activebackup"},
       "link_watch": {"name": "arp_ping", "interval": 200, "missed_max": 9, "source_host": "198.51.100.2",
                      "target_host": "198.51.100.1", "validate_active": true},
       "ports": {"ens3": {}, "ens4": {}}}
      """)
    #expect(
      words(result) == [
        "mode active-backup", "arp_interval 200", "arp_ip_target 198.51.100.1",
        "arp_validate active",
        "arp_missed_max 9",
      ])
    #expect(
      result.notes == [
        "link_watch.source_host: bonding sends its probes from the bond's own address"
      ])
  }

  @Test func nsnaPingIsNSMonitoring() throws {
    let result = try bond(
      """
      {"runner": {"name": "activebackup"},
       "link_watch": {"name": "nsna_ping", "interval": 300, "missed_max": 4, "target_host": "2001:db8::1"},
       "ports": {"ens3": {}}}
      """)
    #expect(
      words(result) == [
        "mode active-backup", "arp_interval 300", "ns_ip6_target 2001:db8::1", "arp_missed_max 4",
      ])
  }

  @Test func lacpRunner() throws {
    let result = try bond(
      """
      {"runner": {"name": "lacp", "active": true, "fast_rate": true, "tx_hash": ["eth", "ipv4", "ipv6"],
                  "sys_prio": 100, "min_ports": 2, "agg_select_policy": "count"},
       "link_watch": {"name": "ethtool"},
       "ports": {"ens3": {"lacp_prio": 10, "lacp_key": 7}, "ens4": {"lacp_key": 7}}}
      """)
    #expect(
      words(result) == [
        "mode 802.3ad", "miimon 100", "xmit_hash_policy layer2+3", "min_links 2", "lacp_rate fast",
        "ad_select count",
        "ad_actor_sys_prio 100", "ad_user_port_key 7",
      ])
    #expect(
      result.slaveSettings[InterfaceName(kernel: "ens3")] == [SlaveSetting(.actorPortPrio, 10)])
    #expect(result.slaveSettings[InterfaceName(kernel: "ens4")] == nil)
  }

  @Test func theSimpleRunners() throws {
    func mode(_ runner: String) throws -> [String] {
      try words(bond(#"{"runner": {"name": "\#(runner)"}, "ports": {"ens3": {}, "ens4": {}}}"#))
    }
    #expect(try mode("broadcast") == ["mode broadcast", "miimon 100"])
    #expect(try mode("roundrobin") == ["mode balance-rr", "miimon 100"])
    // packets_per_slave 0: each packet through a slave chosen at random.
    #expect(try mode("random") == ["mode balance-rr", "miimon 100", "packets_per_slave 0"])
    // teamd hashes MAC and IP addresses unless told otherwise.
    #expect(
      try mode("loadbalance") == ["mode balance-xor", "miimon 100", "xmit_hash_policy layer2+3"])
    #expect(try words(bond(#"{"ports": {"ens3": {}}}"#)) == ["mode balance-rr", "miimon 100"])
  }

  @Test func loadBalanceHashesAndTheActiveBalancer() throws {
    let l4 = try bond(
      #"{"runner": {"name": "loadbalance", "tx_hash": ["ipv4", "tcp", "udp"]}, "ports": {"ens3": {}}}"#
    )
    #expect(words(l4) == ["mode balance-xor", "miimon 100", "xmit_hash_policy layer3+4"])
    let l2 = try bond(
      #"{"runner": {"name": "loadbalance", "tx_hash": ["eth"]}, "ports": {"ens3": {}}}"#)
    #expect(words(l2) == ["mode balance-xor", "miimon 100", "xmit_hash_policy layer2"])
    let basic = try bond(
      """
      {"runner": {"name": "loadbalance", "tx_hash": ["eth", "ipv4", "ipv6"], "tx_balancer": {"name": "basic"}},
       "ports": {"ens3": {}}}
      """)
    #expect(words(basic) == ["mode balance-tlb", "miimon 100", "xmit_hash_policy layer2+3"])
  }

  @Test func whatBondingHasNoEquivalentForIsRefusedByName() {
    #expect(
      refusal(
        #"{"runner": {"name": "activebackup"}, "ports": {"a": {"link_watch": {"name": "tipc", "tipc_bearer": "v0"}}}}"#
      )
        == "link_watch.name tipc has no bonding equivalent")
    #expect(
      refusal(
        """
        {"runner": {"name": "activebackup"},
         "link_watch": [{"name": "arp_ping", "interval": 100, "target_host": "192.0.2.1"},
                        {"name": "arp_ping", "interval": 50, "target_host": "192.0.2.9"}],
         "ports": {"a": {}}}
        """) == "link_watch.interval: bonding probes every target at one interval, and these differ"
    )
    #expect(
      refusal(
        """
        {"runner": {"name": "activebackup"}, "link_watch_policy": "all",
         "link_watch": [{"name": "arp_ping", "interval": 100, "target_host": "192.0.2.1"}, {"name": "ethtool"}],
         "ports": {"a": {}}}
        """) == "link_watch: bonding monitors links with MII or with ARP/NS probes, not both")
    #expect(
      refusal(
        """
        {"runner": {"name": "activebackup"}, "link_watch": {"name": "arp_ping", "target_host": "192.0.2.1"},
         "ports": {"a": {}, "b": {"link_watch": {"name": "arp_ping", "missed_max": 0, "target_host": "192.0.2.1"}}}}
        """)
        == "ports.b.link_watch differs from link_watch: bonding watches every slave the same way")
    #expect(
      refusal(#"{"runner": {"name": "activebackup", "colour": "red"}, "ports": {}}"#)
        == "runner.colour has no bonding equivalent")
    #expect(
      refusal(#"{"runner": {"name": "lacp", "agg_select_policy": "port_config"}, "ports": {}}"#)
        == "runner.agg_select_policy port_config has no bonding equivalent")
    #expect(
      refusal(#"{"runner": {"name": "roundrobin"}, "ports": {"a": {"prio": 3}}}"#)
        == "ports.a.prio: bonding has slave priorities in active-backup mode only, not balance-rr")
    #expect(
      refusal(
        #"{"runner": {"name": "lacp"}, "ports": {"a": {"lacp_key": 1}, "b": {"lacp_key": 2}}}"#)
        == "ports.*.lacp_key: bonding has one key for every port (ad_user_port_key), and the ports have 2"
    )
    #expect(
      refusal(#"{"mcast_rejoin": {"interval": 50}, "ports": {}}"#)
        == "mcast_rejoin.interval has no bonding equivalent (bonding resends every 200 ms)")
    #expect(
      refusal(#"{"runner": {"name": "lacp", "tx_balancer": {"name": "basic"}}, "ports": {}}"#)
        == "runner.tx_balancer: bonding balances 802.3ad transmits by hash only")
    #expect(refusal(#"{"ports": {"a": {}}, }"#)?.hasPrefix("not JSON: line 1:") == true)
    #expect(
      refusal("{\"ports\": {\"a\": {}}}\n{}") == "not JSON: line 2: text after the JSON value")
  }

  @Test func theJSONReader() throws {
    #expect(
      try JSONReader.read(Array(#" {"a": [1, -2, true, null, "x\u00e9\n"], "b": {}} "#.utf8))
        == .object([
          .init("a", .array([.int(1), .int(-2), .bool(true), .null, .string("xé\n")])),
          .init("b", .object([])),
        ]))
    #expect(throws: JSONReader.Failure.self) { try JSONReader.read(Array(#"{"a": 1.5}"#.utf8)) }
    #expect(throws: JSONReader.Failure.self) {
      try JSONReader.read(Array(#"{"a": 1, "a": 2}"#.utf8))
    }
    #expect(throws: JSONReader.Failure.self) {
      try JSONReader.read(Array(String(repeating: "[", count: 100).utf8))
    }
  }

  /// The command: the bond built with each port's own options, --dry-run printing the plan.
  @Test func theCommandBuildsTheBond() {
    let kernel = FakeKernel()
    kernel.addDummy("ens3")
    kernel.addDummy("ens4")
    kernel.files["/etc/teamd/team0.conf"] = """
      {"device": "team0", "runner": {"name": "activebackup"}, "link_watch": {"name": "ethtool"},
       "ports": {"ens3": {"prio": 10}, "ens4": {"prio": 20}}}
      """
    let dry = run(kernel, "--dry-run", "--teamd-config", "/etc/teamd/team0.conf", "bond0")
    #expect(dry.status == 0, "\(dry.messages)")
    #expect(
      dry.output == """
        create bond0 type bond mode active-backup miimon 100
        set bond0 up
        set ens3 down
        enslave ens3 to bond0
        set ens4 down
        enslave ens4 to bond0
        set ens3 type bond_slave prio 10
        set ens4 type bond_slave prio 20

        """)
    #expect(kernel.changes.isEmpty)
    let real = run(kernel, "--teamd-config", "/etc/teamd/team0.conf")
    #expect(real.status == 0, "\(real.messages)")
    #expect(kernel.link("team0").bond?.mode == .activeBackup)
    #expect(kernel.link("ens4").bondSlave?.prio == 20)
    let missing = run(kernel, "--teamd-config", "/nowhere.conf", "bond1")
    #expect(missing.status == 1)
    #expect(missing.messages == ["/nowhere.conf: cannot read it: No such file or directory"])
    let mixed = run(kernel, "--mode", "802.3ad", "--teamd-config", "/etc/teamd/team0.conf")
    #expect(mixed.status == 2)
  }
}
