// SPDX-License-Identifier: GPL-2.0-or-later
internal import CNetlink
internal import Glibc

/// Turns a `KernelRequest` into the rtnetlink message libnl sends: the one place where the
/// typed model becomes `nlmsg_*` and `nla_put_*` calls.
///
/// The bytes match what iproute2 sends for the equivalent `ip` command; the unit tests
/// compare them with captures from a real kernel.
enum RequestEncoder {
  /// Builds the message. The caller sends and frees it.
  static func message(for request: KernelRequest) throws(KernelError) -> OpaquePointer {
    let builder = try Builder(request)
    do {
      try builder.build(request)
    } catch {
      nlmsg_free(builder.message)
      throw error as? KernelError ?? KernelError(.EINVAL)
    }
    return builder.message
  }

  /// The message's bytes, with sequence number and port 0, as libnl will send them once it
  /// fills those in.
  static func bytes(for request: KernelRequest) throws(KernelError) -> [UInt8] {
    let message = try message(for: request)
    defer { nlmsg_free(message) }
    let header = nlmsg_hdr(message)!
    return Array(UnsafeRawBufferPointer(start: header, count: Int(header.pointee.nlmsg_len)))
  }

  private struct Builder {
    let message: OpaquePointer

    init(_ request: KernelRequest) throws(KernelError) {
      let (type, flags) = Self.header(for: request)
      guard let message = nlmsg_alloc_simple(type, flags | NLM_F_REQUEST | NLM_F_ACK) else {
        throw KernelError(.ENOMEM)
      }
      self.message = message
    }

    private static func header(for request: KernelRequest) -> (Int32, Int32) {
      switch request {
      case .createBond: return (Int32(RTM_NEWLINK), NLM_F_CREATE | NLM_F_EXCL)
      case .deleteLink: return (Int32(RTM_DELLINK), 0)
      case .addAddress: return (Int32(RTM_NEWADDR), NLM_F_CREATE | NLM_F_EXCL)
      case .deleteAddress: return (Int32(RTM_DELADDR), 0)
      case .addRoute: return (Int32(RTM_NEWROUTE), NLM_F_CREATE | NLM_F_EXCL)
      default: return (Int32(RTM_NEWLINK), 0)
      }
    }

    func build(_ request: KernelRequest) throws {
      switch request {
      case .createBond(let name, let settings):
        try link(index: nil)
        try put { nla_put_string(message, Int32(IFLA_IFNAME), name.rawValue) }
        try putLinkSettings(settings)
        try bondData(settings.filter { $0.option.bondAttribute != nil })
      case .setBondOptions(let bond, let settings):
        try link(index: bond)
        try bondData(settings)
      case .setActiveSlave(let bond, let slave):
        try link(index: bond)
        let slaveIndex = try index(of: slave)
        try linkInfo {
          try nest(IFLA_INFO_DATA) {
            try put { nla_put_u32(message, Int32(IFLA_BOND_ACTIVE_SLAVE), slaveIndex) }
          }
        }
      case .setUp(let link, let up):
        try self.link(index: link, flags: up ? UInt32(IFF_UP) : 0, change: UInt32(IFF_UP))
      case .enslave(let slave, let bond):
        try link(index: slave)
        let bondIndex = try index(of: bond)
        try put { nla_put_u32(message, Int32(IFLA_MASTER), bondIndex) }
      case .setSlaveOptions(let slave, _, let settings):
        try link(index: slave)
        try slaveData(settings)
      case .release(let slave, _):
        try link(index: slave)
        try put { nla_put_u32(message, Int32(IFLA_MASTER), 0) }
      case .setMTU(let link, let mtu):
        try self.link(index: link)
        try put { nla_put_u32(message, Int32(IFLA_MTU), mtu) }
      case .setHardwareAddress(let link, let address):
        try self.link(index: link)
        try putBytes(Int32(IFLA_ADDRESS), address.bytes)
      case .deleteLink(let link):
        try self.link(index: link)
      case .addAddress(let address):
        try self.address(address, restoring: true)
      case .deleteAddress(let address):
        try self.address(address, restoring: false)
      case .addRoute(let route):
        try self.route(route)
      }
    }

    // MARK: - Pieces

    /// `struct ifinfomsg`, addressing an existing link by index (nil for a new one).
    private func link(index ref: LinkRef?, flags: UInt32 = 0, change: UInt32 = 0) throws {
      var header = ifinfomsg()
      header.ifi_family = UInt8(AF_UNSPEC)
      if let ref { header.ifi_index = Int32(bitPattern: try index(of: ref)) }
      header.ifi_flags = flags
      header.ifi_change = change
      try put { nlmsg_append(message, &header, MemoryLayout<ifinfomsg>.size, Int32(NLMSG_ALIGNTO)) }
    }

    private func index(of ref: LinkRef) throws -> UInt32 {
      // Index 0 would mean "none" to the kernel (IFLA_MASTER 0 releases, IFLA_BOND_PRIMARY 0
      // clears): an interface that was never looked up must not get this far.
      guard let index = ref.index, index.rawValue > 0 else {
        throw KernelError(.ENODEV, message: "\(ref.name) has no interface index")
      }
      return UInt32(bitPattern: index.rawValue)
    }

    /// `IFLA_MTU` and `IFLA_ADDRESS` of a bond being created.
    private func putLinkSettings(_ settings: [BondSetting]) throws {
      for setting in settings {
        guard case .link(let attribute) = setting.option.target else { continue }
        switch setting.value {
        case .number(let number): try put { nla_put_u32(message, Int32(attribute), UInt32(number)) }
        case .hardwareAddress(let address): try putBytes(Int32(attribute), address.bytes)
        default: continue
        }
      }
    }

    /// `IFLA_LINKINFO` { `IFLA_INFO_KIND` "bond", `IFLA_INFO_DATA` { options } }.
    private func bondData(_ settings: [BondSetting]) throws {
      try linkInfo {
        guard !settings.isEmpty else { return }
        try nest(IFLA_INFO_DATA) {
          for setting in settings { try option(setting) }
        }
      }
    }

    /// `IFLA_LINKINFO` { `IFLA_INFO_SLAVE_KIND` "bond", `IFLA_INFO_SLAVE_DATA` { options } },
    /// as iproute2 sends `type bond_slave`.
    private func slaveData(_ settings: [SlaveSetting]) throws {
      try nest(IFLA_LINKINFO) {
        try putBytes(Int32(IFLA_INFO_SLAVE_KIND), Array("bond".utf8))
        try nest(IFLA_INFO_SLAVE_DATA) {
          for setting in settings {
            let attribute = Int32(setting.option.attribute)
            if setting.option.signed {
              try put { nla_put_s32(message, attribute, Int32(truncatingIfNeeded: setting.value)) }
            } else {
              try put { nla_put_u16(message, attribute, UInt16(truncatingIfNeeded: setting.value)) }
            }
          }
        }
      }
    }

    private func linkInfo(_ body: () throws -> Void) throws {
      try nest(IFLA_LINKINFO) {
        // Without the NUL, as iproute2 sends it; the kernel takes either.
        try putBytes(Int32(IFLA_INFO_KIND), Array("bond".utf8))
        try body()
      }
    }

    private func option(_ setting: BondSetting) throws {
      guard let attribute = setting.option.bondAttribute.map(Int32.init) else { return }
      switch (setting.option.width, setting.value) {
      case (.u8, .number(let n)):
        try put { nla_put_u8(message, attribute, UInt8(truncatingIfNeeded: n)) }
      case (.u16, .number(let n)):
        try put { nla_put_u16(message, attribute, UInt16(truncatingIfNeeded: n)) }
      case (.u32, .number(let n)):
        try put { nla_put_u32(message, attribute, UInt32(truncatingIfNeeded: n)) }
      case (.u32, .interface(let ref)):
        let index = try index(of: ref)
        try put { nla_put_u32(message, attribute, index) }
      case (_, .hardwareAddress(let address)):
        try putBytes(attribute, address.bytes)
      case (_, .ipv4(let addresses)):
        // Entries are numbered by slot, as iproute2 and the kernel's own replies number them.
        try nest(attribute) {
          for (slot, address) in addresses.enumerated() {
            try putBytes(Int32(slot), address.octets)
          }
        }
      case (_, .ipv6(let addresses)):
        try nest(attribute) {
          for (slot, address) in addresses.enumerated() {
            try putBytes(Int32(slot), address.octets)
          }
        }
      default:
        throw KernelError(.EINVAL, message: "no encoding for \(setting)")
      }
    }

    /// `struct ifaddrmsg` and the attributes that identify an address, and when restoring
    /// it, everything that makes it the same address again.
    private func address(_ address: InterfaceAddress, restoring: Bool) throws {
      var header = ifaddrmsg()
      header.ifa_family = address.local.family
      header.ifa_prefixlen = address.prefixLength
      header.ifa_scope = restoring ? address.scope : 0
      header.ifa_index = try index(of: address.link)
      try put { nlmsg_append(message, &header, MemoryLayout<ifaddrmsg>.size, Int32(NLMSG_ALIGNTO)) }
      // iproute2's order; the kernel reads them by type.
      try putBytes(Int32(IFA_LOCAL), address.local.octets)
      if restoring, let broadcast = address.broadcast {
        try putBytes(Int32(IFA_BROADCAST), broadcast.octets)
      }
      try putBytes(Int32(IFA_ADDRESS), (address.peer ?? address.local).octets)
      guard restoring else { return }
      // The kernel labels an address with its interface's name unless told otherwise.
      if let label = address.label, label != address.link.name.rawValue {
        try put { nla_put_string(message, Int32(IFA_LABEL), label) }
      }
      let settable =
        address.flags
        & UInt32(IFA_F_NOPREFIXROUTE | IFA_F_NODAD | IFA_F_MANAGETEMPADDR | IFA_F_HOMEADDRESS)
      if settable != 0 { try put { nla_put_u32(message, Int32(IFA_FLAGS), settable) } }
      if address.validLifetime != nil || address.preferredLifetime != nil {
        var lifetimes = ifa_cacheinfo()
        lifetimes.ifa_valid = address.validLifetime ?? UInt32.max
        lifetimes.ifa_prefered = address.preferredLifetime ?? UInt32.max
        try put {
          nla_put(
            message, Int32(IFA_CACHEINFO), Int32(MemoryLayout<ifa_cacheinfo>.size), &lifetimes)
        }
      }
    }

    /// `struct rtmsg` and the route's attributes, as `ip route add` sends them.
    private func route(_ route: Route) throws {
      var header = rtmsg()
      header.rtm_family = route.family
      header.rtm_dst_len = route.prefixLength
      header.rtm_tos = route.tos
      // Tables above 255 travel in RTA_TABLE alone.
      header.rtm_table = route.table < 256 ? UInt8(route.table) : UInt8(RT_TABLE_UNSPEC.rawValue)
      header.rtm_protocol = route.origin
      header.rtm_scope = route.scope
      header.rtm_type = route.type
      header.rtm_flags = route.onlink ? UInt32(RTNH_F_ONLINK) : 0
      try put { nlmsg_append(message, &header, MemoryLayout<rtmsg>.size, Int32(NLMSG_ALIGNTO)) }
      try put { nla_put_u32(message, Int32(RTA_TABLE.rawValue), route.table) }
      if let destination = route.destination {
        try putBytes(Int32(RTA_DST.rawValue), destination.octets)
      }
      if let gateway = route.gateway { try putBytes(Int32(RTA_GATEWAY.rawValue), gateway.octets) }
      let oif = try index(of: route.link)
      try put { nla_put_u32(message, Int32(RTA_OIF.rawValue), oif) }
      if let metric = route.metric {
        try put { nla_put_u32(message, Int32(RTA_PRIORITY.rawValue), metric) }
      }
      if let source = route.preferredSource {
        try putBytes(Int32(RTA_PREFSRC.rawValue), source.octets)
      }
      if !route.metrics.isEmpty { try putBytes(Int32(RTA_METRICS.rawValue), route.metrics) }
      if let preference = route.preference {
        try put { nla_put_u8(message, Int32(RTA_PREF.rawValue), preference) }
      }
    }

    // MARK: - libnl calls

    /// Opens a nest without `NLA_F_NESTED`, which libnl 3.7's `nla_nest_start` would add:
    /// iproute2 and the kernel leave it out, and every kernel accepts either.
    private func nest(_ type: some BinaryInteger, _ body: () throws -> Void) throws {
      let start =
        UnsafeMutableRawPointer(nlmsg_hdr(message)!) + Int(nlmsg_hdr(message)!.pointee.nlmsg_len)
      try put { nla_put(message, Int32(type), 0, nil) }
      try body()
      try put { nla_nest_end(message, start.assumingMemoryBound(to: nlattr.self)) }
    }

    private func putBytes(_ type: Int32, _ bytes: [UInt8]) throws {
      try put { bytes.withUnsafeBytes { nla_put(message, type, Int32($0.count), $0.baseAddress) } }
    }

    /// libnl's builders fail only when the message buffer is full.
    private func put(_ call: () -> Int32) throws {
      guard call() >= 0 else {
        throw KernelError(.ENOBUFS, message: "the request does not fit in one netlink message")
      }
    }
  }
}
