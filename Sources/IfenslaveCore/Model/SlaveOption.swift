// SPDX-License-Identifier: GPL-2.0-or-later
/// A setting of one slave in its bond, in the slave's `IFLA_INFO_SLAVE_DATA`
/// (`ip link set dev SLAVE type bond_slave NAME VALUE`). Given with an enslave, it applies to
/// every SLAVE named.
struct SlaveOption: Hashable, Sendable, CustomStringConvertible {
  /// The long option, without dashes.
  let name: String
  /// The kernel's name, as iproute2 and the JSON use it.
  let kernelName: String
  /// `IFLA_BOND_SLAVE_*`
  let attribute: UInt16
  let range: ClosedRange<Int64>
  /// Sent as a u16 or an s32, as the kernel's policy has it.
  let signed: Bool
  /// The modes the kernel takes it in (`unsuppmodes`); nil for every mode.
  let modes: [BondMode]?
  /// The first release whose netlink sets it.
  let since: String
  /// Whether the bond's sysfs has a file for it, as `SLAVE:VALUE` (`queue_id`): the only way
  /// to set it on 3.10.
  let sysfs: Bool
  let defaultValue: Int64
  let metavar: String
  let help: String
  /// What the kernel reports for it, or nil when it reports nothing.
  let reported: @Sendable (BondSlaveInfo) -> Int64?

  var description: String { name }

  static func == (lhs: SlaveOption, rhs: SlaveOption) -> Bool { lhs.name == rhs.name }
  func hash(into hasher: inout Hasher) { hasher.combine(name) }

  /// Parses one command-line value: a decimal number in the range.
  func parse(_ text: String) throws(InvalidValue) -> Int64 {
    guard let number = Int64(text), range.contains(number) else {
      throw InvalidValue(
        option: name, value: text, reason: "expected \(range.lowerBound)-\(range.upperBound)")
    }
    return number
  }

  /// Whether a bond in `mode` takes it.
  func accepts(_ mode: BondMode) -> Bool { modes?.contains(mode) ?? true }
}

extension SlaveOption {
  static let queueID = SlaveOption(
    name: "queue-id", kernelName: "queue_id", attribute: 5, range: 0...65535, signed: false,
    modes: nil,
    since: "3.14", sysfs: true, defaultValue: 0, metavar: "N",
    help: "the transmit queue of each SLAVE, for tc filters to choose (0: none)",
    reported: { $0.queueID.map(Int64.init) })
  static let prio = SlaveOption(
    name: "prio", kernelName: "prio", attribute: 9, range: Int64(Int32.min)...Int64(Int32.max),
    signed: true,
    modes: [.activeBackup, .balanceTLB, .balanceALB], since: "6.0", sysfs: false, defaultValue: 0,
    metavar: "N",
    help: "the failover priority of each SLAVE: without a primary, the highest becomes active",
    reported: { $0.prio.map(Int64.init) })
  static let actorPortPrio = SlaveOption(
    name: "actor-port-prio", kernelName: "actor_port_prio", attribute: 10, range: 0...65535,
    signed: false,
    modes: [.ieee8023ad], since: "6.18", sysfs: false, defaultValue: 255, metavar: "N",
    help: "the LACP port priority of each SLAVE, for ad_select actor_port_prio",
    reported: { $0.actorPortPrio.map(Int64.init) })

  /// In the order the kernel's `bond_slave_changelink()` applies them: it stops at the first
  /// refusal, having applied the ones before.
  static let all: [SlaveOption] = [queueID, prio, actorPortPrio]
}

/// A slave option and its value.
struct SlaveSetting: Hashable, Sendable, CustomStringConvertible {
  let option: SlaveOption
  var value: Int64

  init(_ option: SlaveOption, _ value: Int64) {
    self.option = option
    self.value = value
  }

  /// `queue_id 2`, as `ip link` prints it.
  var description: String { "\(option.kernelName) \(value)" }
}
