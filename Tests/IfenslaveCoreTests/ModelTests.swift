// SPDX-License-Identifier: GPL-2.0-or-later
import CNetlink
import Testing

@testable import IfenslaveCore

@Suite struct ModelTests {
  /// The table's attribute numbers are the kernel's (linux/if_link.h).
  @Test func attributeNumbersAreTheKernels() {
    let expected: [BondOption: Int] = [
      .mode: Int(IFLA_BOND_MODE), .miimon: Int(IFLA_BOND_MIIMON), .updelay: Int(IFLA_BOND_UPDELAY),
      .downdelay: Int(IFLA_BOND_DOWNDELAY), .peerNotifyDelay: Int(IFLA_BOND_PEER_NOTIF_DELAY),
      .useCarrier: Int(IFLA_BOND_USE_CARRIER), .arpInterval: Int(IFLA_BOND_ARP_INTERVAL),
      .arpIPTarget: Int(IFLA_BOND_ARP_IP_TARGET), .arpValidate: Int(IFLA_BOND_ARP_VALIDATE),
      .arpAllTargets: Int(IFLA_BOND_ARP_ALL_TARGETS), .missedMax: Int(IFLA_BOND_MISSED_MAX),
      .nsIP6Target: Int(IFLA_BOND_NS_IP6_TARGET), .primary: Int(IFLA_BOND_PRIMARY),
      .primaryReselect: Int(IFLA_BOND_PRIMARY_RESELECT), .failOverMAC: Int(IFLA_BOND_FAIL_OVER_MAC),
      .xmitHashPolicy: Int(IFLA_BOND_XMIT_HASH_POLICY), .resendIGMP: Int(IFLA_BOND_RESEND_IGMP),
      .numGratARP: Int(IFLA_BOND_NUM_PEER_NOTIF), .numUnsolNA: Int(IFLA_BOND_NUM_PEER_NOTIF),
      .allSlavesActive: Int(IFLA_BOND_ALL_SLAVES_ACTIVE), .minLinks: Int(IFLA_BOND_MIN_LINKS),
      .lpInterval: Int(IFLA_BOND_LP_INTERVAL), .packetsPerSlave: Int(IFLA_BOND_PACKETS_PER_SLAVE),
      .lacpRate: Int(IFLA_BOND_AD_LACP_RATE), .lacpActive: Int(IFLA_BOND_AD_LACP_ACTIVE),
      .adSelect: Int(IFLA_BOND_AD_SELECT), .adActorSysPrio: Int(IFLA_BOND_AD_ACTOR_SYS_PRIO),
      .adUserPortKey: Int(IFLA_BOND_AD_USER_PORT_KEY),
      .adActorSystem: Int(IFLA_BOND_AD_ACTOR_SYSTEM),
      .tlbDynamicLB: Int(IFLA_BOND_TLB_DYNAMIC_LB), .coupledControl: Int(IFLA_BOND_COUPLED_CONTROL),
      // Linux 7.2's if_link.h; the build host's headers (6.1) end at COUPLED_CONTROL (32).
      .broadcastNeighbor: 33, .lacpStrict: 34,
      .mtu: Int(IFLA_MTU), .hwaddr: Int(IFLA_ADDRESS),
    ]
    #expect(Set(expected.keys) == Set(BondOption.all))
    for option in BondOption.all {
      let number: UInt16
      switch option.target {
      case .bond(let attribute), .link(let attribute): number = attribute
      }
      #expect(Int(number) == expected[option], "\(option)")
    }
  }

  @Test func theTableIsInTheKernelsChangelinkOrder() {
    // bond_changelink() applies attributes in this order; mode must come first.
    let order = [
      1, 3, 4, 5, 28, 6, 7, 8, 31, 9, 10, 11, 12, 13, 14, 15, 16, 16, 17, 18, 19, 20, 29, 21, 22,
      24, 25, 26, 27, 30, 32, 33, 34,
    ]
    #expect(BondOption.all.compactMap(\.bondAttribute).map(Int.init) == order)
  }

  @Test func optionNamesAreTheKernelsWithDashes() {
    for option in BondOption.all where ![.peerNotifyDelay, .missedMax].contains(option) {
      #expect(option.name == option.kernelName.replacingUnderscoresWithDashes, "\(option)")
    }
    #expect(BondOption.peerNotifyDelay.kernelName == "peer_notif_delay")
    #expect(BondOption.missedMax.kernelName == "arp_missed_max")
  }

  @Test func modesByNameAndNumber() {
    #expect(BondMode(kernelName: "802.3ad") == .ieee8023ad)
    #expect(BondMode(kernelName: "4") == .ieee8023ad)
    #expect(BondMode(kernelName: "7") == nil)
    #expect(
      BondMode.allCases.map(\.description) == [
        "balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb",
        "balance-alb",
      ])
  }

  @Test func interfaceNamesFollowTheKernel() {
    for good in ["eth0", "a", "bond.100", "enp0s31f6", "x-y_z", "123456789012345", "é"] {
      #expect((try? InterfaceName(validating: good)) != nil, "\(good)")
    }
    let bad: [(String, InterfaceName.Invalid)] = [
      ("", .empty), (".", .dotOrDotDot), ("..", .dotOrDotDot),
      ("1234567890123456", .tooLong(bytes: 16)),
      ("a/b", .forbiddenByte(0x2F)), ("a:b", .forbiddenByte(0x3A)), ("a b", .forbiddenByte(0x20)),
      ("a\tb", .forbiddenByte(0x09)), ("a\nb", .forbiddenByte(0x0A)), ("à", .forbiddenByte(0xA0)),
      ("ééééééééé", .tooLong(bytes: 18)),
    ]
    for (text, reason) in bad {
      #expect(throws: reason) { try InterfaceName(validating: text) }
    }
  }

  @Test func addresses() {
    #expect(HardwareAddress(parsing: "2:0:0:0:0:a")?.description == "02:00:00:00:00:0a")
    #expect(
      HardwareAddress(bytes: [0xff, 0x0f, 0xa0, 0x09, 0x10, 0xbc]).description
        == "ff:0f:a0:09:10:bc")
    #expect(
      HardwareAddress(bytes: Array(0...19)).description.count == 59,
      "an InfiniBand address, 20 bytes")
    #expect(HardwareAddress(bytes: []).description == "")
    #expect(HardwareAddress(parsing: "02:00:00:00:00") == nil)
    #expect(IPv4Address(parsing: "192.0.2.1")?.description == "192.0.2.1")
    #expect(IPv4Address(parsing: "192.0.2.256") == nil)
    #expect(IPv4Address(parsing: "1.2.3") == nil)
    #expect(IPv6Address(parsing: "2001:DB8:0::1")?.description == "2001:db8::1")
  }
}

@Suite struct JSONTests {
  @Test func serializesCompactly() {
    let value = JSON.object([
      .init("a", .int(-1)), .init("b", .array([.bool(true), .null, .string("x")])),
      .init("c", .object([])),
    ])
    #expect(value.serialized == #"{"a":-1,"b":[true,null,"x"],"c":{}}"#)
  }

  @Test func escapesWhatRFC8259Requires() {
    #expect(JSON.string("bond0 é€").serialized == "\"bond0 é€\"")
    #expect(JSON.string("eth0\"").serialized == #""eth0\"""#)
    #expect(
      JSON.string("a\"b\\c\n\t\r\u{08}\u{0C}\u{01}\u{1F}\u{7F}é€").serialized
        == #""a\"b\\c\n\t\r\b\f\u0001\u001f\u007fé€""#)
    // Escapes at the ends and side by side, and nothing to escape at all.
    #expect(JSON.string("").serialized == #""""#)
    #expect(JSON.string("\"\"x\n").serialized == #""\"\"x\n""#)
    #expect(
      JSON.string(String(repeating: "é", count: 300)).serialized == "\""
        + String(repeating: "é", count: 300) + "\"")
  }

  @Test func numbersFromEveryWidth() {
    #expect(JSON.number(UInt32.max).serialized == "4294967295")
    #expect(JSON.number(Int32.min).serialized == "-2147483648")
    #expect(JSON.number(Optional<UInt8>.none).serialized == "null")
  }
}

extension String {
  var replacingUnderscoresWithDashes: String { String(map { $0 == "_" ? "-" : $0 }) }
}
