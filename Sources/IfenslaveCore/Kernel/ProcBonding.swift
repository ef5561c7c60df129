// SPDX-License-Identifier: GPL-2.0-or-later
/// `/proc/net/bonding/BOND`, the one file where the legacy status finds most of a bond at
/// once: the options it prints (read there instead of a sysfs file each), the active
/// aggregator, and what a kernel before 3.14 shows nowhere else: each slave's permanent MAC,
/// queue ID and 802.3ad aggregator; and its speed and duplex, which spare an ethtool request
/// a slave.
enum ProcBonding {
  /// What the file shows of one slave.
  struct Slave: Equatable {
    var permanentAddress: HardwareAddress?
    var queueID: UInt16?
    var aggregatorID: UInt16?
    /// The speed and duplex the bond keeps for the slave ("Unknown" reads as nil in each).
    var speed = LinkSpeed(megabits: nil, duplex: nil)
  }

  /// What the file shows of the bond and its slaves.
  struct Shown: Equatable {
    /// Option values by sysfs name, as the sysfs file would print them ("" for none). An
    /// option missing here is one the file does not say, to be read from sysfs.
    var options: [String: String] = [:]
    /// Whether the file said what the active aggregator is (802.3ad mode, to CAP_NET_ADMIN):
    /// then a nil aggregator is a bond without one.
    var aggregatorShown = false
    var aggregator: ADInfo?
    var slaves: [InterfaceName: Slave] = [:]
  }

  static func path(_ bond: InterfaceName) -> String { "/proc/net/bonding/" + bond.rawValue }

  /// Reads the file as bond_procfs.c writes it, for a bond in `mode` (from the info ioctl):
  /// some lines appear only in some modes or only with a value, so what a missing line
  /// means depends on the mode. Read as bytes: the file is ASCII, and splitting it by
  /// Characters cost more than all the rest of a bond's legacy status.
  static func read(_ text: String, mode: BondMode?) -> Shown {
    var shown = Shown()
    // Printed whatever the mode; ARP lines only while arp_interval is set.
    shown.options["arp_interval"] = "0"
    // The suffix " (fail_over_mac X)" appears in active-backup mode unless it is none.
    if mode == .activeBackup { shown.options["fail_over_mac"] = "0" }
    var aggregator:
      (id: UInt16?, ports: UInt16?, actor: UInt16?, partner: UInt16?, mac: HardwareAddress?)
    var current: InterfaceName?
    for line in text.utf8.split(separator: UInt8(ascii: "\n")) {
      guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
        // "bond0 has no active aggregator"
        if current == nil, line.ends(with: " has no active aggregator".utf8) {
          shown.aggregatorShown = true
        }
        continue
      }
      // The aggregator's lines are indented with a tab.
      let key = line[..<colon].drop { $0 == UInt8(ascii: "\t") }
      let rest = line[line.index(after: colon)...].drop { $0 == UInt8(ascii: " ") }
      func value() -> String { String(Substring(rest)) }
      func named(_ name: String) -> Bool { key.elementsEqual(name.utf8) }
      if named("Slave Interface") {
        current = try? InterfaceName(validating: value())
        if let current { shown.slaves[current] = Slave() }
        continue
      }
      guard let name = current else {
        if named("Bonding Mode") {
          // "fault-tolerance (active-backup) (fail_over_mac active)"
          if mode == .activeBackup, let policy = suffix(value(), after: "(fail_over_mac ") {
            shown.options["fail_over_mac"] = policy
          }
        } else if named("Transmit Hash Policy") {
          // "layer2 (0)": the number, which every kernel's table agrees on.
          shown.options["xmit_hash_policy"] = suffix(value(), after: "(") ?? value()
        } else if named("Primary Slave") {
          // "None", or "eth0 (primary_reselect always)".
          let words = value().split(separator: " ", maxSplits: 1)
          shown.options["primary"] = words.first == "None" ? "" : words.first.map(String.init) ?? ""
          if let policy = suffix(value(), after: "(primary_reselect ") {
            shown.options["primary_reselect"] = policy
          }
        } else if named("Currently Active Slave") {
          shown.options["active_slave"] = value() == "None" ? "" : value()
        } else if named("Up Delay (ms)") {
          shown.options["updelay"] = value()
        } else if named("Down Delay (ms)") {
          shown.options["downdelay"] = value()
        } else if named("ARP Polling Interval (ms)") {
          shown.options["arp_interval"] = value()
          shown.options["arp_ip_target"] = ""
        } else if named("ARP IP target/s (n.n.n.n form)") {
          // " 192.0.2.1, 192.0.2.2", as sysfs prints "192.0.2.1 192.0.2.2".
          shown.options["arp_ip_target"] = String(value().filter { $0 != "," })
        } else if named("LACP rate") {
          shown.options["lacp_rate"] = value()
        } else if named("Min links") {
          shown.options["min_links"] = value()
        } else if named("Aggregator selection policy (ad_select)") {
          shown.options["ad_select"] = value()
        } else if named("Active Aggregator Info") {
          shown.aggregatorShown = true
        } else if named("Aggregator ID") {
          aggregator.id = UInt16(value())
        } else if named("Number of ports") {
          aggregator.ports = UInt16(value())
        } else if named("Actor Key") {
          aggregator.actor = UInt16(value())
        } else if named("Partner Key") {
          aggregator.partner = UInt16(value())
        } else if named("Partner Mac Address") {
          aggregator.mac = HardwareAddress(parsing: value())
        }
        continue
      }
      if named("Permanent HW addr") {
        shown.slaves[name]?.permanentAddress = HardwareAddress(parsing: value())
      } else if named("Slave queue ID") {
        shown.slaves[name]?.queueID = UInt16(value())
      } else if named("Speed") {
        // "10000 Mbps"
        shown.slaves[name]?.speed.megabits = UInt32(value().prefix { $0 != " " })
      } else if named("Duplex") {
        let duplex = value()
        shown.slaves[name]?.speed.duplex = duplex == "full" || duplex == "half" ? duplex : nil
      } else if named("Aggregator ID") {
        // "N/A" while the port is in no aggregator.
        shown.slaves[name]?.aggregatorID = UInt16(value())
      }
    }
    // "Aggregator ID" reads 0 while no aggregator is active, as sysfs's ad_aggregator does.
    if shown.aggregatorShown, let id = aggregator.id, id > 0, let ports = aggregator.ports,
      let actor = aggregator.actor, let partner = aggregator.partner, let mac = aggregator.mac
    {
      shown.aggregator = ADInfo(
        aggregator: id, numPorts: ports, actorKey: actor, partnerKey: partner, partnerMAC: mac)
    }
    return shown
  }

  /// "WORDS (KEY VALUE)" gives VALUE, given "(KEY ".
  private static func suffix(_ text: String, after opening: String) -> String? {
    let bytes = text.utf8
    let key = opening.utf8
    var start = bytes.startIndex
    while start != bytes.endIndex, !bytes[start...].starts(with: key) {
      start = bytes.index(after: start)
    }
    guard start != bytes.endIndex else { return nil }
    let rest = bytes[bytes.index(start, offsetBy: key.count)...]
    guard let end = rest.firstIndex(of: UInt8(ascii: ")")) else { return nil }
    return String(Substring(rest[..<end]))
  }
}

extension Collection where Element == UInt8 {
  fileprivate func ends(with suffix: String.UTF8View) -> Bool {
    count >= suffix.count && self.dropFirst(count - suffix.count).elementsEqual(suffix)
  }
}
