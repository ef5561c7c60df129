// SPDX-License-Identifier: GPL-2.0-or-later
import Testing

@testable import IfenslaveCore

/// The messages libnl builds for each request, byte for byte against what iproute2 6.1 sent
/// for the same operation to a Debian 6.1 kernel (captured on nlmon; see Fixtures/README.md).
@Suite struct RequestEncoderTests {
  static let d0 = ref("d0", 3)
  static let d1 = ref("d1", 4)
  static let bond0 = ref("bond0", 6)

  static let cases: [(fixture: String, request: KernelRequest)] = [
    (
      "create-bond",
      .createBond(name("bond0"), [setting(.mode, "active-backup"), setting(.miimon, "100")])
    ),
    ("create-bond-plain", .createBond(name("bond1"), [])),
    (
      "create-8023ad",
      .createBond(
        name("bond3"),
        [
          setting(.mode, "802.3ad"), setting(.xmitHashPolicy, "layer3+4"),
          setting(.lacpRate, "fast"),
          setting(.adActorSysPrio, "100"), setting(.adActorSystem, "02:00:00:00:00:aa"),
        ])
    ),
    (
      "change-options",
      .setBondOptions(bond0, [setting(.updelay, "200"), setting(.downdelay, "300")])
    ),
    (
      "arp-targets",
      .setBondOptions(
        ref("bond2", 8),
        [
          setting(.arpInterval, "100"), setting(.arpIPTarget, "192.0.2.1,192.0.2.2"),
        ])
    ),
    ("set-down", .setUp(d0, false)),
    ("set-up", .setUp(d0, true)),
    ("enslave", .enslave(d0, to: bond0)),
    ("release", .release(d0, from: bond0)),
    ("active-slave", .setActiveSlave(bond: bond0, slave: d1)),
    ("delete-link", .deleteLink(bond0)),
    ("set-mtu", .setMTU(d0, 9000)),
    ("set-hwaddr", .setHardwareAddress(bond0, HardwareAddress(parsing: "02:00:00:00:00:99")!)),
    (
      "address-del",
      .deleteAddress(
        InterfaceAddress(
          link: d0, local: IPAddress(parsing: "192.0.2.1")!, prefixLength: 24, label: "d0"))
    ),
    (
      "address-add",
      .addAddress(
        InterfaceAddress(
          link: d0, local: IPAddress(parsing: "192.0.2.1")!, prefixLength: 24,
          broadcast: IPv4Address(parsing: "192.0.2.255")!, label: "d0", flags: 0x80))
    ),
  ]

  @Test(arguments: cases.map(\.fixture))
  func matchesCapture(_ fixture: String) throws {
    let request = Self.cases.first { $0.fixture == fixture }!.request
    let captured = withoutSequence(Fixture(fixture).message)
    let built = try RequestEncoder.bytes(for: request)
    #expect(hex(built) == hex(captured))
  }

  @Test func refusesAnInterfaceThatWasNeverLookedUp() {
    // Index 0 would release (IFLA_MASTER) or clear (IFLA_BOND_PRIMARY): never send it.
    let unresolved = LinkRef(name("eth0"))
    #expect(throws: KernelError.self) {
      try RequestEncoder.bytes(for: .enslave(unresolved, to: Self.bond0))
    }
    #expect(throws: KernelError.self) {
      try RequestEncoder.bytes(
        for: .setBondOptions(Self.bond0, [BondSetting(.primary, .interface(unresolved))]))
    }
  }

  @Test func encodesEveryOptionOfTheTable() throws {
    // Each option alone, with a valid value, must encode: one IFLA_BOND_* attribute or link attribute.
    for option in BondOption.all {
      let value: OptionValue
      switch option.value {
      case .names(let names): value = .number(UInt64(names.count - 1))
      case .toggle: value = .number(1)
      case .number(let range): value = .number(range.upperBound)
      case .interface: value = .interface(Self.d1)
      case .ipv4List: value = .ipv4([IPv4Address(parsing: "192.0.2.1")!])
      case .ipv6List: value = .ipv6([IPv6Address(parsing: "2001:db8::1")!])
      case .hardwareAddress:
        value = .hardwareAddress(HardwareAddress(parsing: "02:00:00:00:00:01")!)
      }
      let bytes = try RequestEncoder.bytes(
        for: .createBond(name("bond9"), [BondSetting(option, value)]))
      let decoded = try #require(bytes.withUnsafeBytes(LinkRequestDecoder.linkAttributes))
      switch option.target {
      case .bond(let attribute): #expect(decoded.bondAttributes.contains(attribute), "\(option)")
      case .link(let attribute): #expect(decoded.linkAttributes.contains(attribute), "\(option)")
      }
    }
  }
}

/// Lists the attribute types of an RTM_NEWLINK request, to check what the encoder emitted.
enum LinkRequestDecoder {
  struct Attributes {
    var linkAttributes: [UInt16] = []
    var bondAttributes: [UInt16] = []
  }

  static func linkAttributes(_ bytes: UnsafeRawBufferPointer) -> Attributes? {
    var result = Attributes()
    func walk(_ start: Int, _ end: Int, _ body: (UInt16, Int, Int) -> Void) {
      var offset = start
      while offset + 4 <= end {
        let length = Int(bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
        let type = bytes.loadUnaligned(fromByteOffset: offset + 2, as: UInt16.self) & 0x3FFF
        guard length >= 4, offset + length <= end else { return }
        body(type, offset + 4, offset + length)
        offset += (length + 3) & ~3
      }
    }
    walk(32, bytes.count) { type, start, end in
      result.linkAttributes.append(type)
      if type == 18 {  // IFLA_LINKINFO
        walk(start, end) { inner, s, e in
          if inner == 2 { walk(s, e) { bond, _, _ in result.bondAttributes.append(bond) } }
        }
      }
    }
    return result
  }
}
