// SPDX-License-Identifier: GPL-2.0-or-later
internal import Glibc

/// One thing that happened to a bond, as `--monitor` prints it.
struct MonitorEvent: Equatable, Sendable {
  enum Kind: String, Sendable {
    case bondAdded = "bond-added"
    case bondRemoved = "bond-removed"
    case bondUp = "bond-up"
    case bondDown = "bond-down"
    case slaveAdded = "slave-added"
    case slaveRemoved = "slave-removed"
    case linkUp = "link-up"
    case linkDown = "link-down"
    case activeSlave = "active-slave"
    case lacp, option
  }

  var bond: String
  var kind: Kind
  var slave: String?
  var option: String?
  var from: String?
  var to: String?
  /// What happened, in words, without the bond's name.
  var text: String

  init(
    bond: String, kind: Kind, slave: String? = nil, option: String? = nil, from: String? = nil,
    to: String? = nil, text: String
  ) {
    self.bond = bond
    self.kind = kind
    self.slave = slave
    self.option = option
    self.from = from
    self.to = to
    self.text = text
  }

  /// `2026-11-29T05:30:00.123Z bond0: d1 link down (mii up -> down)`
  func line(at time: String) -> String { "\(time) \(bond): \(text)" }

  func json(at time: String) -> JSON {
    var members: [JSON.Member] = [
      .init("time", .string(time)), .init("bond", .string(bond)),
      .init("event", .string(kind.rawValue)),
    ]
    if let slave { members.append(.init("slave", .string(slave))) }
    if let option { members.append(.init("option", .string(option))) }
    if from != nil || to != nil {
      members.append(.init("from", from.map(JSON.string) ?? .null))
      members.append(.init("to", to.map(JSON.string) ?? .null))
    }
    members.append(.init("message", .string(text)))
    return .object(members)
  }
}

/// The wall clock in UTC with milliseconds, as monitor lines start: 2026-11-29T05:30:00.123Z.
enum Timestamp {
  static func now() -> String {
    var time = timespec()
    clock_gettime(CLOCK_REALTIME, &time)
    var parts = tm()
    var seconds = time.tv_sec
    gmtime_r(&seconds, &parts)
    func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
    let millis = time.tv_nsec / 1_000_000
    let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
      + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(ms)Z"
  }
}
