// SPDX-License-Identifier: GPL-2.0-or-later
internal import CNetlink

/// Decodes `RTM_NEWLINK` replies with libnl's parsers. Every length is checked: a reply that
/// is malformed yields nil or leaves the field out, never a read past its end.
enum LinkMessage {
  /// Decodes one message held in `bytes`; nil when it is not a well-formed link message.
  static func decode(_ bytes: UnsafeRawBufferPointer) -> Link? {
    guard let header = checkedHeader(bytes) else { return nil }
    return decode(header)
  }

  static func decode(_ header: UnsafePointer<nlmsghdr>) -> Link? {
    guard header.pointee.nlmsg_type == UInt16(RTM_NEWLINK),
      Int(header.pointee.nlmsg_len) >= nlmsgHeaderLength + MemoryLayout<ifinfomsg>.size
    else { return nil }
    let info = UnsafeRawPointer(header).advanced(by: nlmsgHeaderLength).loadUnaligned(
      as: ifinfomsg.self)
    var table = [UnsafeMutablePointer<nlattr>?](repeating: nil, count: (Int(__IFLA_MAX) - 1) + 1)
    guard
      nlmsg_parse(
        UnsafeMutablePointer(mutating: header), Int32(MemoryLayout<ifinfomsg>.size),
        &table, Int32(__IFLA_MAX - 1), nil) == 0,
      let nameText = table[Int(IFLA_IFNAME)].flatMap(Attribute.string), !nameText.isEmpty,
      info.ifi_index > 0
    else { return nil }

    var link = Link(
      index: InterfaceIndex(info.ifi_index), name: InterfaceName(kernel: nameText),
      flags: LinkFlags(rawValue: info.ifi_flags),
      mtu: table[Int(IFLA_MTU)].flatMap(Attribute.u32) ?? 0)
    if let master = table[Int(IFLA_MASTER)].flatMap(Attribute.u32), master != 0 {
      link.master = InterfaceIndex(Int32(bitPattern: master))
    }
    // An index in another namespace (IFLA_LINK_NETNSID) names nothing here.
    if let lower = table[Int(IFLA_LINK)].flatMap(Attribute.u32), lower != 0,
      lower != UInt32(info.ifi_index),
      table[Int(IFLA_LINK_NETNSID)] == nil
    {
      link.lowerLink = InterfaceIndex(Int32(bitPattern: lower))
    }
    link.operState = table[Int(IFLA_OPERSTATE)].flatMap(Attribute.u8).flatMap(
      OperState.init(rawValue:))
    if let address = table[Int(IFLA_ADDRESS)].map(Attribute.bytes), !address.isEmpty {
      link.hardwareAddress = HardwareAddress(bytes: address)
    }
    if let linkInfo = table[Int(IFLA_LINKINFO)],
      let nested = Attribute.nested(linkInfo, max: Int32(__IFLA_INFO_MAX - 1))
    {
      link.kind = nested[Int(IFLA_INFO_KIND)].flatMap(Attribute.string)
      link.slaveKind = nested[Int(IFLA_INFO_SLAVE_KIND)].flatMap(Attribute.string)
      if link.kind == "bond", let data = nested[Int(IFLA_INFO_DATA)] {
        link.bond = bondInfo(data)
      }
      if link.slaveKind == "bond", let data = nested[Int(IFLA_INFO_SLAVE_DATA)] {
        link.bondSlave = bondSlaveInfo(data)
      }
    }
    return link
  }

  /// How each bond option's attribute is read, worked out once: on a dump of many bonds,
  /// copying option-table entries and growing dictionaries per bond was a large part of `-a`
  /// (BENCHMARKS.md).
  private enum Decoding { case ipv4List, ipv6List, hardwareAddress, interface, u8, u16, u32 }

  private static let bondAttributes: [(attribute: UInt16, decoding: Decoding)] =
    BondOption.all.compactMap { option in
      guard let attribute = option.bondAttribute else { return nil }
      switch (option.value, option.width) {
      case (.ipv4List, _): return (attribute, .ipv4List)
      case (.ipv6List, _): return (attribute, .ipv6List)
      case (.hardwareAddress, _): return (attribute, .hardwareAddress)
      case (.interface, _): return (attribute, .interface)
      case (_, .u8): return (attribute, .u8)
      case (_, .u16): return (attribute, .u16)
      case (_, .u32): return (attribute, .u32)
      case (_, .other): return nil
      }
    }

  private static let highestBondAttribute = Int32(
    max(bondAttributes.map(\.attribute).max() ?? 0, UInt16(IFLA_BOND_AD_INFO)))

  /// The bond options, decoded by the option table.
  static func bondInfo(_ data: UnsafeMutablePointer<nlattr>) -> BondInfo? {
    guard let table = Attribute.nested(data, max: highestBondAttribute) else { return nil }
    var info = BondInfo()
    info.values.reserveCapacity(bondAttributes.count)
    for (attribute, decoding) in bondAttributes {
      guard let found = table[Int(attribute)], let value = decode(found, as: decoding) else {
        continue
      }
      info.values[attribute] = value
    }
    if let active = table[Int(IFLA_BOND_ACTIVE_SLAVE)].flatMap(Attribute.u32), active != 0 {
      info.activeSlave = InterfaceIndex(Int32(bitPattern: active))
    }
    if let ad = table[Int(IFLA_BOND_AD_INFO)],
      let fields = Attribute.nested(ad, max: Int32(__IFLA_BOND_AD_INFO_MAX - 1)),
      let aggregator = fields[Int(IFLA_BOND_AD_INFO_AGGREGATOR)].flatMap(Attribute.u16),
      let ports = fields[Int(IFLA_BOND_AD_INFO_NUM_PORTS)].flatMap(Attribute.u16),
      let actorKey = fields[Int(IFLA_BOND_AD_INFO_ACTOR_KEY)].flatMap(Attribute.u16),
      let partnerKey = fields[Int(IFLA_BOND_AD_INFO_PARTNER_KEY)].flatMap(Attribute.u16),
      let mac = fields[Int(IFLA_BOND_AD_INFO_PARTNER_MAC)].map(Attribute.bytes), mac.count == 6
    {
      info.adInfo = ADInfo(
        aggregator: aggregator, numPorts: ports, actorKey: actorKey, partnerKey: partnerKey,
        partnerMAC: HardwareAddress(bytes: mac))
    }
    return info
  }

  private static func decode(_ attribute: UnsafeMutablePointer<nlattr>, as decoding: Decoding)
    -> OptionValue?
  {
    switch decoding {
    case .ipv4List:
      let entries = Attribute.children(attribute).map(Attribute.bytes)
      guard entries.allSatisfy({ $0.count >= 4 }) else { return nil }
      return .ipv4(entries.map { IPv4Address(octets: Array($0.prefix(4))) })
    case .ipv6List:
      let entries = Attribute.children(attribute).map(Attribute.bytes)
      guard entries.allSatisfy({ $0.count >= 16 }) else { return nil }
      return .ipv6(entries.map { IPv6Address(octets: Array($0.prefix(16))) })
    case .hardwareAddress:
      let bytes = Attribute.bytes(attribute)
      return bytes.isEmpty ? nil : .hardwareAddress(HardwareAddress(bytes: bytes))
    case .interface:
      // 0 never comes: the kernel leaves the primary out while there is none.
      return Attribute.u32(attribute).flatMap { $0 == 0 ? nil : .number(UInt64($0)) }
    case .u8: return Attribute.u8(attribute).map { .number(UInt64($0)) }
    case .u16: return Attribute.u16(attribute).map { .number(UInt64($0)) }
    case .u32: return Attribute.u32(attribute).map { .number(UInt64($0)) }
    }
  }

  static func bondSlaveInfo(_ data: UnsafeMutablePointer<nlattr>) -> BondSlaveInfo? {
    guard let table = Attribute.nested(data, max: Int32(__IFLA_BOND_SLAVE_MAX - 1)),
      let state = table[Int(IFLA_BOND_SLAVE_STATE)].flatMap(Attribute.u8),
      let mii = table[Int(IFLA_BOND_SLAVE_MII_STATUS)].flatMap(Attribute.u8)
    else { return nil }
    var info = BondSlaveInfo(
      state: state, miiStatus: mii,
      linkFailureCount: table[Int(IFLA_BOND_SLAVE_LINK_FAILURE_COUNT)].flatMap(Attribute.u32) ?? 0)
    if let perm = table[Int(IFLA_BOND_SLAVE_PERM_HWADDR)].map(Attribute.bytes), !perm.isEmpty {
      info.permanentAddress = HardwareAddress(bytes: perm)
    }
    info.queueID = table[Int(IFLA_BOND_SLAVE_QUEUE_ID)].flatMap(Attribute.u16)
    info.prio = table[Int(IFLA_BOND_SLAVE_PRIO)].flatMap(Attribute.s32)
    info.aggregatorID = table[Int(IFLA_BOND_SLAVE_AD_AGGREGATOR_ID)].flatMap(Attribute.u16)
    info.actorOperPortState = table[Int(IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE)].flatMap(
      Attribute.u8)
    // A u16 in the kernel, though iproute2 reads it as a u8.
    info.partnerOperPortState = table[Int(IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE)].flatMap {
      attribute in
      Attribute.u16(attribute) ?? Attribute.u8(attribute).map(UInt16.init)
    }
    info.actorPortPrio = table[Int(IFLA_BOND_SLAVE_ACTOR_PORT_PRIO)].flatMap(Attribute.u16)
    info.churnActorState = table[Int(IFLA_BOND_SLAVE_AD_CHURN_ACTOR_STATE)].flatMap(Attribute.u8)
    info.churnPartnerState = table[Int(IFLA_BOND_SLAVE_AD_CHURN_PARTNER_STATE)].flatMap(
      Attribute.u8)
    return info
  }

  /// The header of the message at the start of `bytes`, if its length field fits in them.
  static func checkedHeader(_ bytes: UnsafeRawBufferPointer) -> UnsafePointer<nlmsghdr>? {
    guard bytes.count >= nlmsgHeaderLength, let base = bytes.baseAddress,
      Int(base.loadUnaligned(as: UInt32.self)) <= bytes.count,
      Int(base.loadUnaligned(as: UInt32.self)) >= nlmsgHeaderLength,
      Int(bitPattern: base) % 4 == 0
    else { return nil }
    return base.assumingMemoryBound(to: nlmsghdr.self)
  }
}

/// Decodes `RTM_NEWADDR` replies into IPv4 and IPv6 addresses.
enum AddressMessage {
  static func decode(_ bytes: UnsafeRawBufferPointer, names: (InterfaceIndex) -> InterfaceName?)
    -> InterfaceAddress?
  {
    guard let header = LinkMessage.checkedHeader(bytes) else { return nil }
    return decode(header, names: names)
  }

  static func decode(_ header: UnsafePointer<nlmsghdr>, names: (InterfaceIndex) -> InterfaceName?)
    -> InterfaceAddress?
  {
    guard header.pointee.nlmsg_type == UInt16(RTM_NEWADDR),
      Int(header.pointee.nlmsg_len) >= nlmsgHeaderLength + MemoryLayout<ifaddrmsg>.size
    else { return nil }
    let info = UnsafeRawPointer(header).advanced(by: nlmsgHeaderLength).loadUnaligned(
      as: ifaddrmsg.self)
    guard info.ifa_family == UInt8(AF_INET) || info.ifa_family == UInt8(AF_INET6) else {
      return nil
    }
    var table = [UnsafeMutablePointer<nlattr>?](repeating: nil, count: (Int(__IFA_MAX) - 1) + 1)
    guard
      nlmsg_parse(
        UnsafeMutablePointer(mutating: header), Int32(MemoryLayout<ifaddrmsg>.size),
        &table, Int32(__IFA_MAX - 1), nil) == 0
    else { return nil }
    let size = info.ifa_family == UInt8(AF_INET) ? 4 : 16
    func ip(_ type: Int) -> IPAddress? {
      table[type].map(Attribute.bytes).flatMap { $0.count == size ? IPAddress(octets: $0) : nil }
    }
    let index = InterfaceIndex(Int32(bitPattern: info.ifa_index))
    // IPv6 sends only IFA_ADDRESS, and IFA_LOCAL too on a point-to-point link.
    guard let local = ip(Int(IFA_LOCAL)) ?? ip(Int(IFA_ADDRESS)), let name = names(index) else {
      return nil
    }
    var address = InterfaceAddress(
      link: LinkRef(name, index: index), local: local, prefixLength: info.ifa_prefixlen,
      broadcast: ip(Int(IFA_BROADCAST))?.ipv4,
      label: table[Int(IFA_LABEL)].flatMap(Attribute.string),
      scope: info.ifa_scope,
      flags: table[Int(IFA_FLAGS)].flatMap(Attribute.u32) ?? UInt32(info.ifa_flags))
    if let peer = ip(Int(IFA_ADDRESS)), peer != local { address.peer = peer }
    if let cache = table[Int(IFA_CACHEINFO)].map(Attribute.payload),
      cache.count >= MemoryLayout<ifa_cacheinfo>.size
    {
      let lifetimes = cache.loadUnaligned(as: ifa_cacheinfo.self)
      if lifetimes.ifa_valid != UInt32.max { address.validLifetime = lifetimes.ifa_valid }
      if lifetimes.ifa_prefered != UInt32.max { address.preferredLifetime = lifetimes.ifa_prefered }
    }
    return address
  }
}
