/// `/proc/net/bonding/BOND`, read only for what a kernel shows nowhere else: before 3.14
/// there is no `bonding_slave/` in sysfs and no per-slave netlink data, yet this file has each
/// slave's permanent MAC, queue ID and 802.3ad aggregator.
enum ProcBonding {
  /// What the file shows of one slave.
  struct Slave: Equatable {
    var permanentAddress: HardwareAddress?
    var queueID: UInt16?
    var aggregatorID: UInt16?
  }

  static func path(_ bond: InterfaceName) -> String { "/proc/net/bonding/" + bond.rawValue }

  /// Each "Slave Interface: NAME" section's values; the bond's own lines come before them.
  static func slaves(in text: String) -> [InterfaceName: Slave] {
    var slaves: [InterfaceName: Slave] = [:]
    var current: InterfaceName?
    for line in text.split(separator: "\n") {
      guard let colon = line.firstIndex(of: ":") else { continue }
      let key = line[..<colon]
      let value = line[line.index(after: colon)...].drop { $0 == " " }
      if key == "Slave Interface" {
        current = (try? InterfaceName(validating: String(value)))
        if let current { slaves[current] = Slave() }
        continue
      }
      guard let name = current else { continue }
      switch key {
      case "Permanent HW addr": slaves[name]?.permanentAddress = HardwareAddress(parsing: String(value))
      case "Slave queue ID": slaves[name]?.queueID = UInt16(value)
      // "N/A" while the port is in no aggregator.
      case "Aggregator ID": slaves[name]?.aggregatorID = UInt16(value)
      default: break
      }
    }
    return slaves
  }
}
