// SPDX-License-Identifier: GPL-2.0-or-later
import Testing

@testable import IfenslaveCore

/// The probe decision: after netlink answered or was read back, is the request done, to be
/// done over ioctls and sysfs, or a real failure? Table-tested on recorded kernel replies.
@Suite struct FallbackTests {
  static let bond0 = ref("bond0", 6)
  static let d0 = ref("d0", 3)
  static let d1 = ref("d1", 4)

  /// bond0 from Debian's 6.1.192: active-backup, miimon 100, updelay 200, downdelay 300.
  static var modern: Link { decode(Fixture("getlink-bond-ab").message) }
  /// The same bond from Debian's 5.10.262, which has no arp_missed_max or lacp_active.
  static var linux510: Link { decode(Fixture("5.10-getlink-bond-ab").message) }
  /// The 6.1 reply with IFLA_INFO_DATA cut out, as vanilla 3.10 answers (it has no
  /// fill_info): kind "bond" and no options.
  static var linux310: Link { decode(removingInfoData(Fixture("getlink-bond-ab").message)) }

  static func decode(_ bytes: [UInt8]) -> Link { bytes.withUnsafeBytes(LinkMessage.decode)! }

  @Test func theRecordedRepliesAreWhatTheyClaim() {
    #expect(Self.modern.bond?.number(.missedMax) == 2)
    #expect(Self.linux510.bond?.number(.miimon) == 100)
    #expect(Self.linux510.bond?.number(.missedMax) == nil)
    #expect(Self.linux510.bond?.number(.lacpActive) == nil)
    #expect(Self.linux310.isBond && Self.linux310.bond == nil)
    #expect(Self.linux310.mtu == Self.modern.mtu && Self.linux310.name == Self.modern.name)
  }

  typealias Case = (
    name: String, request: KernelRequest, outcome: Fallback.Outcome, decision: Fallback.Decision
  )

  static let optionCases: [Case] = [
    (
      "a full modern reply: done",
      .setBondOptions(
        bond0, [setting(.miimon, "100"), setting(.updelay, "200"), setting(.missedMax, "2")]),
      .readBack(modern), .done
    ),
    (
      "an option the kernel did not report goes to sysfs, alone",
      .setBondOptions(bond0, [setting(.miimon, "100"), setting(.missedMax, "5")]),
      .readBack(linux510),
      .useLegacy(.setBondOptions(bond0, [setting(.missedMax, "5")]), because: "")
    ),
    (
      "a 3.10-style reply without IFLA_INFO_DATA: every option goes to sysfs",
      .setBondOptions(bond0, [setting(.miimon, "100"), setting(.mode, "active-backup")]),
      .readBack(linux310),
      .useLegacy(
        .setBondOptions(bond0, [setting(.miimon, "100"), setting(.mode, "active-backup")]),
        because: "")
    ),
    (
      "a 3.10 create: the bond exists, its options go to sysfs",
      .createBond(name("bond0"), [setting(.mode, "active-backup"), setting(.miimon, "100")]),
      .readBack(linux310),
      .useLegacy(
        .setBondOptions(bond0, [setting(.mode, "active-backup"), setting(.miimon, "100")]),
        because: "")
    ),
    (
      "a create on 5.10 with an option it lacks",
      .createBond(name("bond0"), [setting(.mode, "active-backup"), setting(.lacpActive, "on")]),
      .readBack(linux510),
      .useLegacy(.setBondOptions(bond0, [setting(.lacpActive, "on")]), because: "")
    ),
    (
      "a value reported differently is a real failure",
      .setBondOptions(bond0, [setting(.miimon, "250")]),
      .readBack(modern), .report("miimon did not take: the kernel reports 100 instead of 250")
    ),
    (
      "EOPNOTSUPP on a change falls back",
      .setBondOptions(bond0, [setting(.miimon, "250")]),
      .refused(KernelError(.EOPNOTSUPP)),
      .useLegacy(.setBondOptions(bond0, [setting(.miimon, "250")]), because: "")
    ),
    (
      "EOPNOTSUPP on change-active falls back",
      .setActiveSlave(bond: bond0, slave: d1),
      .refused(KernelError(.EOPNOTSUPP)),
      .useLegacy(.setActiveSlave(bond: bond0, slave: d1), because: "")
    ),
    (
      "change-active on a 3.10-style bond falls back",
      .setActiveSlave(bond: bond0, slave: d1), .readBack(linux310),
      .useLegacy(.setActiveSlave(bond: bond0, slave: d1), because: "")
    ),
    (
      "change-active read back as done",
      .setActiveSlave(bond: bond0, slave: d0), .readBack(modern), .done
    ),
    (
      "change-active the kernel did not make is a failure",
      .setActiveSlave(bond: bond0, slave: d1), .readBack(modern),
      .report("the kernel acknowledged it, but d1 is not the active slave of bond0")
    ),
    (
      "EOPNOTSUPP the kernel explains is its answer: a slave that refuses the bond's MAC",
      .enslave(d1, to: bond0),
      .refused(
        KernelError(
          .EOPNOTSUPP,
          message:
            "Slave device does not support setting the MAC address, but fail_over_mac is not set to active"
        )),
      .report(
        "Slave device does not support setting the MAC address, but fail_over_mac is not set to active"
      )
    ),
    (
      "EOPNOTSUPP without words on enslave is the driver refusing the slave: the ioctl would be refused again",
      .enslave(d1, to: bond0), .refused(KernelError(.EOPNOTSUPP)),
      .report(
        "the bonding driver refuses this slave (Operation not supported); its log (dmesg) names the cause,"
          + " often a device that cannot take the bond's MAC address")
    ),
    (
      "EOPNOTSUPP on release is the driver's answer too",
      .release(d0, from: bond0), .refused(KernelError(.EOPNOTSUPP)),
      .report("Operation not supported")
    ),
    (
      "bonding's generic words for a refused value get what the errno means for the request",
      .setActiveSlave(bond: bond0, slave: d1),
      .refused(KernelError(.EINVAL, message: "invalid option value")),
      .report("invalid option value: the slave or its link is down (Invalid argument)")
    ),
    (
      "words that say more are the reason as they are",
      .setActiveSlave(bond: bond0, slave: d1),
      .refused(KernelError(.EINVAL, message: "Device is not bonding slave")),
      .report("Device is not bonding slave")
    ),
    (
      "EOPNOTSUPP for a link change has no other path",
      .setUp(d0, false), .refused(KernelError(.EOPNOTSUPP)), .report("Operation not supported")
    ),
  ]

  @Test(arguments: optionCases.indices)
  func decides(_ index: Int) {
    let c = Self.optionCases[index]
    #expect(Self.withoutReason(Fallback.decide(c.request, c.outcome)) == c.decision, "\(c.name)")
  }

  /// The table names the request to fall back with; the reason is checked separately.
  static func withoutReason(_ decision: Fallback.Decision) -> Fallback.Decision {
    if case .useLegacy(let request, _) = decision { return .useLegacy(request, because: "") }
    return decision
  }

  @Test func theReasonSaysWhatTheKernelDid() {
    let unreported = Fallback.decide(
      .setBondOptions(Self.bond0, [setting(.missedMax, "5")]), .readBack(Self.linux510))
    #expect(
      unreported
        == .useLegacy(
          .setBondOptions(Self.bond0, [setting(.missedMax, "5")]),
          because:
            "arp_missed_max did not take: the kernel acknowledged it over netlink but does not report it (the attribute needs Linux 5.17 or later)"
        ))
    let noData = Fallback.decide(
      .setBondOptions(Self.bond0, [setting(.miimon, "100")]), .readBack(Self.linux310))
    #expect(
      noData
        == .useLegacy(
          .setBondOptions(Self.bond0, [setting(.miimon, "100")]),
          because:
            "this kernel reports no bond options over netlink (no IFLA_INFO_DATA: before Linux 3.13)"
        ))
    let refused = Fallback.decide(
      .setBondOptions(Self.bond0, [setting(.miimon, "100")]), .refused(KernelError(.EOPNOTSUPP)))
    #expect(
      refused
        == .useLegacy(
          .setBondOptions(Self.bond0, [setting(.miimon, "100")]),
          because:
            "this kernel changes bond options over netlink only from Linux 3.14; --backend auto uses sysfs"
        ))
  }

  /// Real answers are reported, never retried another way.
  @Test(arguments: [
    Errno.EPERM, .EBUSY, .ENODEV, .EINVAL, .EACCES, .ENOTEMPTY, .EEXIST, .ERANGE, .ENOMEM,
  ])
  func realErrorsAreReported(_ errno: Errno) {
    let requests: [KernelRequest] = [
      .createBond(name("bond0"), [setting(.miimon, "100")]),
      .setBondOptions(Self.bond0, [setting(.miimon, "100")]),
      .setActiveSlave(bond: Self.bond0, slave: Self.d1), .enslave(Self.d0, to: Self.bond0),
      .release(Self.d0, from: Self.bond0), .deleteLink(Self.bond0),
    ]
    for request in requests {
      guard case .report = Fallback.decide(request, .refused(KernelError(errno))) else {
        Issue.record("\(request) after \(errno) must be reported")
        continue
      }
    }
  }

  @Test func anEnslaveReadBack() {
    let enslaved = Self.decode(Fixture("getlink-slave-ab").message)  // d0, master bond0
    #expect(Fallback.decide(.enslave(Self.d0, to: Self.bond0), .readBack(enslaved)) == .done)
    var ignored = enslaved
    ignored.master = nil  // IFLA_MASTER acknowledged and ignored, as before 2.6.39
    #expect(
      Fallback.decide(.enslave(Self.d0, to: Self.bond0), .readBack(ignored))
        == .useLegacy(
          .enslave(Self.d0, to: Self.bond0),
          because: "the kernel acknowledged it, but d0 is not a slave of bond0"))
    #expect(Fallback.decide(.release(Self.d0, from: Self.bond0), .readBack(ignored)) == .done)
    #expect(
      Fallback.decide(.release(Self.d0, from: Self.bond0), .readBack(enslaved))
        == .useLegacy(
          .release(Self.d0, from: Self.bond0),
          because: "the kernel acknowledged it, but d0 is still a slave of bond0"))
  }

  /// Cuts IFLA_INFO_DATA out of IFLA_LINKINFO in an RTM_NEWLINK message, fixing the lengths.
  static func removingInfoData(_ message: [UInt8]) -> [UInt8] {
    func u16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    func setU16(_ b: inout [UInt8], _ i: Int, _ v: Int) {
      b[i] = UInt8(v & 0xFF)
      b[i + 1] = UInt8(v >> 8)
    }
    var bytes = message
    var offset = 32  // nlmsghdr + ifinfomsg
    while offset + 4 <= bytes.count {
      let length = u16(bytes, offset)
      let type = u16(bytes, offset + 2) & 0x3FFF
      if type == 18 {  // IFLA_LINKINFO
        var inner = offset + 4
        while inner + 4 <= offset + length {
          let innerLength = u16(bytes, inner)
          if u16(bytes, inner + 2) & 0x3FFF == 2 {  // IFLA_INFO_DATA
            let aligned = (innerLength + 3) & ~3
            bytes.removeSubrange(inner..<(inner + aligned))
            setU16(&bytes, offset, length - aligned)
            let total = bytes.count
            for (i, b) in withUnsafeBytes(of: UInt32(total).littleEndian, Array.init).enumerated() {
              bytes[i] = b
            }
            return bytes
          }
          inner += (innerLength + 3) & ~3
        }
      }
      offset += (length + 3) & ~3
    }
    preconditionFailure("no IFLA_INFO_DATA")
  }
}
