/// `/proc/net/bonding/BOND`, read only for what a kernel shows nowhere else: before 3.14
/// there is no `bonding_slave/` in sysfs and no per-slave netlink data, yet this file has each
/// slave's permanent MAC, queue ID and 802.3ad aggregator; and its speed and duplex, which
/// spare an ethtool request a slave once the file is read.
enum ProcBonding {
  /// What the file shows of one slave.
  struct Slave: Equatable {
    var permanentAddress: HardwareAddress?
    var queueID: UInt16?
    var aggregatorID: UInt16?
    /// The speed and duplex the bond keeps for the slave ("Unknown" reads as nil in each).
    var speed = LinkSpeed(megabits: nil, duplex: nil)
  }

  static func path(_ bond: InterfaceName) -> String { "/proc/net/bonding/" + bond.rawValue }

  /// Each "Slave Interface: NAME" section's values; the bond's own lines come before them.
  /// Read as bytes: the file is ASCII, and splitting it by Characters cost more than all
  /// the rest of a bond's legacy status.
  static func slaves(in text: String) -> [InterfaceName: Slave] {
    var slaves: [InterfaceName: Slave] = [:]
    var current: InterfaceName?
    for line in text.utf8.split(separator: UInt8(ascii: "\n")) {
      guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
      let key = line[..<colon]
      func value() -> String { String(Substring(line[line.index(after: colon)...].drop { $0 == UInt8(ascii: " ") })) }
      if key.elementsEqual("Slave Interface".utf8) {
        current = try? InterfaceName(validating: value())
        if let current { slaves[current] = Slave() }
        continue
      }
      guard let name = current else { continue }
      if key.elementsEqual("Permanent HW addr".utf8) {
        slaves[name]?.permanentAddress = HardwareAddress(parsing: value())
      } else if key.elementsEqual("Slave queue ID".utf8) {
        slaves[name]?.queueID = UInt16(value())
      } else if key.elementsEqual("Speed".utf8) {
        // "10000 Mbps"
        slaves[name]?.speed.megabits = UInt32(value().prefix { $0 != " " })
      } else if key.elementsEqual("Duplex".utf8) {
        let duplex = value()
        slaves[name]?.speed.duplex = duplex == "full" || duplex == "half" ? duplex : nil
      } else if key.elementsEqual("Aggregator ID".utf8) {
        // "N/A" while the port is in no aggregator.
        slaves[name]?.aggregatorID = UInt16(value())
      }
    }
    return slaves
  }
}
