// SPDX-License-Identifier: GPL-2.0-or-later
import Testing

@testable import IfenslaveCore

/// Decoding real kernel replies (Debian 6.1.192, see Fixtures/README.md).
@Suite struct LinkMessageTests {
  func link(_ fixture: String) throws -> Link {
    try #require(Fixture(fixture).message.withUnsafeBytes(LinkMessage.decode))
  }

  @Test func activeBackupBond() throws {
    let bond = try link("getlink-bond-ab")
    #expect(bond.index == InterfaceIndex(6))
    #expect(bond.name == name("bond0"))
    #expect(bond.isBond && bond.isUp && bond.flags.contains(.master))
    #expect(bond.operState == .up)
    #expect(bond.hardwareAddress?.description == "02:00:00:00:00:10")
    let info = try #require(bond.bond)
    #expect(info.mode == .activeBackup)
    #expect(info.number(.miimon) == 100)
    #expect(info.number(.updelay) == 200)
    #expect(info.number(.downdelay) == 300)
    #expect(info.activeSlave == InterfaceIndex(3))
    #expect(info.primary == InterfaceIndex(3))
    #expect(info.number(.primaryReselect) == 0)
    #expect(info.number(.missedMax) == 2)
    #expect(info.number(.coupledControl) == 1)
    #expect(info.number(.useCarrier) == 1)
    #expect(info.value(.arpIPTarget) == nil)
    #expect(info.adInfo == nil)
  }

  @Test func activeAndBackupSlaves() throws {
    let active = try link("getlink-slave-ab")
    #expect(active.master == InterfaceIndex(6))
    #expect(active.kind == "dummy" && active.slaveKind == "bond")
    let info = try #require(active.bondSlave)
    #expect(info.stateName == "active")
    #expect(info.miiStatusName == "up")
    #expect(info.linkFailureCount == 0)
    #expect(info.permanentAddress?.description == "02:00:00:00:00:10")
    #expect(info.queueID == 0)
    #expect(info.prio == 0)
    #expect(info.aggregatorID == nil)

    let backup = try link("getlink-slave-ab-backup")
    #expect(backup.bondSlave?.stateName == "backup")
    #expect(backup.hardwareAddress?.description == "02:00:00:00:00:10")
    #expect(backup.bondSlave?.permanentAddress?.description == "02:00:00:00:00:11")
  }

  @Test func lacpBondAndPort() throws {
    let bond = try link("getlink-bond-8023ad")
    let info = try #require(bond.bond)
    #expect(info.mode == .ieee8023ad)
    #expect(info.number(.miimon) == 100)
    #expect(info.number(.xmitHashPolicy) == 1)
    #expect(info.number(.lacpRate) == 1)
    #expect(info.number(.adActorSysPrio) == 100)
    #expect(
      info.value(.adActorSystem) == .hardwareAddress(HardwareAddress(parsing: "02:00:00:00:00:aa")!)
    )
    let ad = try #require(info.adInfo)
    #expect(ad.aggregator == 1 && ad.numPorts == 1 && ad.actorKey == 0 && ad.partnerKey == 1)
    #expect(ad.partnerMAC.isZero)

    let port = try #require(try link("getlink-slave-8023ad").bondSlave)
    #expect(port.aggregatorID == 1)
    #expect(port.actorOperPortState == 79)
    #expect(port.partnerOperPortState == 0)
  }

  @Test func dumpOfEveryLink() throws {
    let messages = Fixture("dump-links").messages
    let links = messages.compactMap { $0.withUnsafeBytes(LinkMessage.decode) }
    #expect(
      links.map(\.name.rawValue) == [
        "lo", "nlmon0", "d0", "d1", "d2", "bond0", "bond1", "bond2", "bond3", "d3",
      ])
    #expect(links.filter(\.isBond).count == 4)
    let bond2 = try #require(links.first { $0.name.rawValue == "bond2" })
    #expect(
      bond2.bond?.value(.arpIPTarget)
        == .ipv4([IPv4Address(parsing: "192.0.2.1")!, IPv4Address(parsing: "192.0.2.2")!]))
    #expect(bond2.bond?.number(.arpInterval) == 100)
    #expect(links.filter { $0.master == InterfaceIndex(6) }.map(\.name.rawValue) == ["d0", "d1"])
    #expect(links[0].flags.contains(.loopback))
  }

  @Test func addressDump() throws {
    let names: (InterfaceIndex) -> InterfaceName? = { [1: name("lo"), 3: name("d0")][$0.rawValue] }
    let addresses = Fixture("getaddr-dump").messages.compactMap { bytes in
      bytes.withUnsafeBytes { AddressMessage.decode($0, names: names) }
    }
    #expect(addresses.map(\.description) == ["127.0.0.1/8", "192.0.2.1/24", "192.0.2.2/24"])
    #expect(addresses[0].scope == 254)
    #expect(addresses[1].broadcast == IPv4Address(parsing: "192.0.2.255"))
    #expect(addresses[1].label == "d0")
    #expect(addresses[1].flags == 0x80)
    #expect(addresses[2].flags & 0x01 != 0)  // IFA_F_SECONDARY
    #expect(addresses[1].validLifetime == nil)
  }

  /// The top-level attributes of a link message that end within its first `length` bytes,
  /// by type, found by walking the TLVs here rather than by the decoder under test.
  func attributesWithin(_ bytes: [UInt8], _ length: Int) -> Set<Int> {
    var types: Set<Int> = []
    var offset = 16 + 16  // nlmsghdr, ifinfomsg
    while offset + 4 <= length {
      let size = Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
      let type = (Int(bytes[offset + 2]) | Int(bytes[offset + 3]) << 8) & 0x3FFF
      guard size >= 4, offset + size <= length else { break }
      types.insert(type)
      offset += (size + 3) & ~3
    }
    return types
  }

  @Test func everyTruncationIsRefusedOrPartial() throws {
    // No prefix of a real reply may crash or read past its end: it decodes to nil, or to a
    // link whose fields all came from inside the prefix. The bytes past the claimed length
    // are there too, once, so that reading them would show.
    let (mtu, master, address, operstate, name, linkinfo) = (4, 10, 1, 16, 3, 18)
    for fixture in ["getlink-bond-ab", "getlink-slave-8023ad", "getlink-bond-8023ad"] {
      let bytes = Fixture(fixture).message
      let whole = try #require(bytes.withUnsafeBytes(LinkMessage.decode), "\(fixture)")
      var partial = 0
      for length in 0..<bytes.count {
        for keepTheRest in length >= 4 ? [false, true] : [false] {
          var buffer = keepTheRest ? bytes : Array(bytes.prefix(length))
          if length >= 4 {
            // Claim the truncated length, as a kernel bug would.
            withUnsafeBytes(of: UInt32(length).littleEndian) {
              buffer.replaceSubrange(0..<4, with: $0)
            }
          }
          let link = buffer.withUnsafeBytes(LinkMessage.decode)
          let inside = attributesWithin(bytes, length)
          let at =
            "\(fixture), \(length) of \(bytes.count) bytes\(keepTheRest ? ", the rest behind" : "")"
          guard let link else {
            #expect(length < 32 || !inside.contains(name), "\(at): a prefix with the name refused")
            continue
          }
          partial += 1
          #expect(inside.contains(name), "\(at): a link without its name")
          #expect(
            link.index == whole.index && link.name == whole.name && link.flags == whole.flags,
            "\(at)")
          #expect(link.mtu == (inside.contains(mtu) ? whole.mtu : 0), "\(at): mtu \(link.mtu)")
          #expect(link.master == (inside.contains(master) ? whole.master : nil), "\(at): master")
          #expect(
            link.operState == (inside.contains(operstate) ? whole.operState : nil),
            "\(at): operstate")
          #expect(
            link.hardwareAddress == (inside.contains(address) ? whole.hardwareAddress : nil),
            "\(at): address")
          #expect(link.kind == (inside.contains(linkinfo) ? whole.kind : nil), "\(at): kind")
          #expect(link.bond == (inside.contains(linkinfo) ? whole.bond : nil), "\(at): bond data")
          #expect(
            link.bondSlave == (inside.contains(linkinfo) ? whole.bondSlave : nil),
            "\(at): slave data")
        }
      }
      #expect(partial > 0, "\(fixture): no prefix decoded, so nothing was checked")
    }
  }

  @Test func lengthLargerThanTheBufferIsRefused() {
    var bytes = Fixture("getlink-bond-ab").message
    withUnsafeBytes(of: UInt32(bytes.count + 100).littleEndian) {
      bytes.replaceSubrange(0..<4, with: $0)
    }
    #expect(bytes.withUnsafeBytes(LinkMessage.decode) == nil)
  }
}

@Suite struct KernelErrorMessageTests {
  func decode(_ fixture: String) -> KernelError? {
    Fixture(fixture).message.withUnsafeBytes(KernelErrorMessage.decode)
  }

  @Test func enslavingAnUpDevice() {
    #expect(
      decode("error-enslave-up")
        == KernelError(.EPERM, message: "Device can not be enslaved while up"))
  }

  @Test func changingModeWithSlaves() {
    let error = decode("error-mode-with-slaves")
    #expect(error?.errno == .ENOTEMPTY)
    #expect(error?.message == "unable to set option because the bond device has slaves")
  }

  @Test func olderKernelsGiveTheErrnoAloneAndWeExplainIt() {
    // 5.10's option code sets no extended-ACK text; ENOTEMPTY would read "Directory not empty".
    let error = decode("5.10-error-mode-with-slaves")
    #expect(error == KernelError(.ENOTEMPTY))
    let request = KernelRequest.setBondOptions(ref("bond0", 6), [setting(.mode, "balance-rr")])
    #expect(
      request.meaning.reason(for: error!)
        == "the kernel changes this only while the bond has no slaves")
    #expect(decode("5.10-error-enslave-up")?.message == "Device can not be enslaved while up")
  }

  @Test func noExtendedAck() {
    #expect(decode("error-nodev") == KernelError(.ENODEV))
    #expect(decode("error-nodev")?.description == "No such device")
  }

  @Test func cappedAckCarriesTheMessageRightAfterTheHeader() {
    // With NETLINK_CAP_ACK, as ifenslave asks, the kernel echoes only our header.
    var bytes = Array(Fixture("error-enslave-up").message)
    let headerAndError = 16 + 20
    let echoedPayload = 40 - 16
    bytes.removeSubrange(headerAndError..<(headerAndError + echoedPayload))
    withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { bytes.replaceSubrange(0..<4, with: $0) }
    bytes[7] |= 0x01  // NLM_F_CAPPED (0x100), the high byte of the little-endian flags
    #expect(
      bytes.withUnsafeBytes(KernelErrorMessage.decode)?.message
        == "Device can not be enslaved while up")
  }

  @Test func truncatedErrorsAreRefusedOrTheErrnoWithTheWholeTextOrNone() {
    let bytes = Fixture("error-mode-with-slaves").message
    let whole = decode("error-mode-with-slaves")
    // nlmsghdr and struct nlmsgerr: a shorter message has no errno to give.
    let errnoEnd = 16 + 20
    // Where the text ends in the message, found by searching for its bytes.
    let text = Array("unable to set option because the bond device has slaves".utf8)
    let textStart = (0...(bytes.count - text.count)).first {
      Array(bytes[$0..<($0 + text.count)]) == text
    }!
    let textEnd = textStart + text.count
    for length in 0...bytes.count {
      // With the rest of the message behind the claimed length, too: it must not be read.
      for keepTheRest in length >= 4 ? [false, true] : [false] {
        var prefix = keepTheRest ? bytes : Array(bytes.prefix(length))
        if length >= 4 {
          withUnsafeBytes(of: UInt32(length).littleEndian) {
            prefix.replaceSubrange(0..<4, with: $0)
          }
        }
        let error = prefix.withUnsafeBytes(KernelErrorMessage.decode)
        if length < errnoEnd {
          #expect(error == nil, "\(length) bytes")
        } else {
          #expect(error?.errno == .ENOTEMPTY, "\(length) bytes")
          // The text is the whole extended ACK or none: never a cut-off or made-up one.
          #expect(
            error?.message == nil || error?.message == whole?.message,
            "\(length) bytes: \(error?.message ?? "")")
          // A claimed length that cuts the text's attribute leaves the text out.
          if length < textEnd {
            #expect(error?.message == nil, "\(length) bytes: \(error?.message ?? "")")
          }
        }
      }
    }
    #expect(whole?.message != nil)
  }
}
