// SPDX-License-Identifier: GPL-2.0-or-later
/// A bonding mode (`BOND_MODE_*` in the kernel's `include/net/bonding.h`).
///
/// The raw value is the number the kernel uses in `IFLA_BOND_MODE`, sysfs and the
/// `SIOCBONDINFOQUERY` reply; the description is the kernel's and iproute2's name.
enum BondMode: UInt8, CaseIterable, Sendable, CustomStringConvertible {
  /// `BOND_MODE_ROUNDROBIN`
  case balanceRR = 0
  /// `BOND_MODE_ACTIVEBACKUP`
  case activeBackup = 1
  /// `BOND_MODE_XOR`
  case balanceXOR = 2
  /// `BOND_MODE_BROADCAST`
  case broadcast = 3
  /// `BOND_MODE_8023AD`
  case ieee8023ad = 4
  /// `BOND_MODE_TLB`
  case balanceTLB = 5
  /// `BOND_MODE_ALB`
  case balanceALB = 6

  var description: String { Self.names[Int(rawValue)] }

  /// The kernel's names, indexed by mode number (`bond_mode_tbl`).
  static let names = [
    "balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb",
    "balance-alb",
  ]

  /// Accepts the kernel's name or the mode's number, as iproute2 and sysfs do.
  init?(kernelName: String) {
    if let index = Self.names.firstIndex(of: kernelName) {
      self.init(rawValue: UInt8(index))
    } else if let number = UInt8(kernelName), let mode = BondMode(rawValue: number) {
      self = mode
    } else {
      return nil
    }
  }

  /// The modes with one active slave at a time, the only ones where `-c` and `primary` mean
  /// something (`bond_uses_primary()`).
  static let withActiveSlave: [BondMode] = [.activeBackup, .balanceTLB, .balanceALB]

  var hasActiveSlave: Bool { Self.withActiveSlave.contains(self) }

  /// The modes that can monitor links by ARP (`bond_mode_uses_arp()`): only they take the ARP
  /// options, and switching to another mode turns ARP monitoring off and MII monitoring on.
  static let withARPMonitoring: [BondMode] = [.balanceRR, .activeBackup, .balanceXOR, .broadcast]

  var usesARPMonitoring: Bool { Self.withARPMonitoring.contains(self) }

  /// The modes whose choice of slave `xmit_hash_policy` decides, the only ones whose status
  /// shows it.
  static let withTransmitHash: [BondMode] = [.balanceXOR, .ieee8023ad, .balanceTLB]

  /// "a, b and c", for help texts.
  static func list(_ modes: [BondMode]) -> String {
    let names = modes.map(\.description)
    guard let last = names.last, names.count > 1 else { return names.joined() }
    return names.dropLast().joined(separator: ", ") + " and " + last
  }
}
