// SPDX-License-Identifier: GPL-2.0-or-later
@testable import IfenslaveCore

/// A small model of the kernel behind the three ports: links and addresses over netlink, the
/// bonding driver through netlink and through sysfs and its ioctls, with injected failures,
/// so that the orchestration can be tested without root. Its rules are the driver's
/// (bond_enslave, __bond_opt_set, bond_changelink, bonding_masters, SIOCBOND*) as far as
/// ifenslave relies on them, and its options are `DriverOption`'s: it knows a setting by
/// nothing but its long option.
final class FakeKernel: NetlinkPort, HostPort, KernelDouble {
  private(set) var table: [Link] = []
  private(set) var addressList: [InterfaceAddress] = []
  private(set) var routeList: [Route] = []
  /// Bonds whose MAC is random (NET_ADDR_RANDOM): none given, or the last slave gone. The
  /// first slave enslaved gives such a bond its MAC.
  private var randomMAC: Set<InterfaceIndex> = []
  /// The order slaves were enslaved in, which sysfs `slaves` shows.
  private(set) var enslaved: [InterfaceIndex] = []
  /// How many `RTM_GETADDR` dumps were asked for.
  private(set) var addressDumps = 0
  /// Every netlink request performed, in order.
  private(set) var performed: [KernelRequest] = []
  /// Every call on a port, in order, in the words of the `-v` trace.
  private(set) var calls: [Call] = []
  /// MTUs slaves had before they were enslaved, which release gives back.
  private var originalMTU: [InterfaceIndex: UInt32] = [:]
  private var nextIndex: Int32 = 1

  struct Call {
    var words: String
    /// A change, not a read.
    var changes: Bool
  }

  /// The changes among `calls`, on every port: "netlink: set bond0 up", "sysfs: bond0
  /// miimon 100", "ioctl: SIOCBONDENSLAVE bond0 eth0".
  var changes: [String] { calls.filter(\.changes).map(\.words) }

  /// Failures to inject into netlink requests: the first matching rule throws its error, once.
  var failures: [(matches: (KernelRequest) -> Bool, error: KernelError)] = []
  /// A failure to inject at the call with this number in `calls`, read or change, on any port.
  var failureAtCall: (number: Int, error: KernelError)?
  /// Bond attributes this kernel's netlink does not know: it ACKs and drops them, as real
  /// kernels do.
  var unknownAttributes: Set<UInt16> = []
  /// `IFLA_BOND_SLAVE_*` attributes this kernel's netlink does not know (PRIO before 6.0,
  /// ACTOR_PORT_PRIO before 6.18): acknowledged, dropped, never reported.
  var unknownSlaveAttributes: Set<UInt16> = []
  /// A slave option the driver refuses once it reaches it, having applied the ones before it
  /// in the same message, as bond_slave_changelink() does.
  var slaveOptionRefusal: (flag: String, error: KernelError)?
  /// Like vanilla 3.10: replies carry no IFLA_INFO_DATA or IFLA_INFO_SLAVE_DATA, a create
  /// ignores the options it carries, and a change of options answers EOPNOTSUPP.
  var netlinkBondData = true
  /// Bond attributes whose sysfs file this kernel does not have.
  var sysfsMissing: Set<UInt16> = []
  /// Without the driver, netlink does not know kind "bond" and bonding_masters is missing.
  var bondingLoaded = true
  /// The bond appears, made by someone else, just before a create of it (module autoload).
  var bondAppearsOnCreate: InterfaceName?
  var mayAdministerNetwork = true
  var speeds: [InterfaceName: LinkSpeed] = [:]
  /// sysfs `primary` per bond: the driver keeps the name, and reports it over netlink only
  /// while that interface is a slave.
  var configuredPrimaries: [InterfaceName: String] = [:]

  var ports: Kernel { Kernel(netlink: self, driver: self, host: self) }

  // MARK: - Building a system

  @discardableResult
  func addDummy(_ name: String, up: Bool = true, mtu: UInt32 = 1500) -> Link {
    add(
      Link(
        index: InterfaceIndex(0), name: try! InterfaceName(validating: name),
        flags: up ? [.up, .running] : [],
        mtu: mtu, operState: up ? .unknown : .down,
        hardwareAddress: HardwareAddress(bytes: [2, 0, 0, 0, 0, UInt8(nextIndex)]), kind: "dummy"))
  }

  @discardableResult
  func addLoopback() -> Link {
    add(
      Link(
        index: InterfaceIndex(0), name: try! InterfaceName(validating: "lo"),
        flags: [.up, .loopback, .running],
        mtu: 65536, operState: .unknown,
        hardwareAddress: HardwareAddress(bytes: [0, 0, 0, 0, 0, 0])))
  }

  /// A bridge: an upper device, yet without IFF_MASTER, which only bonds, teams and eql set.
  @discardableResult
  func addBridge(_ name: String) -> Link {
    add(
      Link(
        index: InterfaceIndex(0), name: try! InterfaceName(validating: name), flags: [.up],
        hardwareAddress: HardwareAddress(bytes: [2, 0, 0, 0, 1, UInt8(nextIndex)]), kind: "bridge"))
  }

  /// A team device: IFF_MASTER, which bond_enslave() refuses unless it is a bond.
  @discardableResult
  func addTeam(_ name: String) -> Link {
    add(
      Link(
        index: InterfaceIndex(0), name: try! InterfaceName(validating: name),
        flags: [.up, .master],
        hardwareAddress: HardwareAddress(bytes: [2, 0, 0, 0, 2, UInt8(nextIndex)]), kind: "team"))
  }

  func attach(_ port: String, toBridge bridge: String) {
    var link = self.link(port)
    link.master = self.link(bridge).index
    replace(link)
  }

  /// A bond as the kernel creates it, with `settings` applied.
  @discardableResult
  func addBond(_ name: String, up: Bool = false, _ settings: [BondSetting] = []) -> Link {
    try! perform(.createBond(try! InterfaceName(validating: name), settings))
    let bond = link(name)
    if up { try! perform(.setUp(bond.ref, true)) }
    forget()
    return self.link(name)
  }

  func enslaveDirectly(_ slave: String, to bond: String) {
    let s = link(slave)
    if s.isUp { try! perform(.setUp(s.ref, false)) }
    try! perform(.enslave(s.ref, to: link(bond).ref))
    forget()
  }

  /// As `ip addr add` makes them: given by hand (IFA_F_PERMANENT), an IPv4 one labelled;
  /// `scope` 253 for a link-local one.
  func addAddress(
    _ text: String, prefix: UInt8, to name: String, label: String? = nil, scope: UInt8 = 0
  ) {
    let l = link(name)
    let local = IPAddress(parsing: text)!
    addressList.append(
      InterfaceAddress(
        link: l.ref, local: local, prefixLength: prefix,
        label: local.ipv4 == nil ? nil : label ?? name,
        scope: scope, flags: 0x80))
  }

  /// A VLAN on `lower` (IFLA_LINK).
  @discardableResult
  func addVLAN(_ name: String, on lower: String) -> Link {
    var vlan = Link(
      index: InterfaceIndex(0), name: try! InterfaceName(validating: name), flags: [.up],
      kind: "vlan")
    vlan.lowerLink = link(lower).index
    return add(vlan)
  }

  /// A route as `ip route add` makes it (proto boot).
  func addRoute(
    _ destination: String?, via gateway: String?, dev name: String, metric: UInt32? = nil,
    table: UInt32 = Route.mainTable
  ) {
    let gatewayAddress = gateway.flatMap(IPAddress.init(parsing:))
    let family =
      (destination.flatMap(IPAddress.init(parsing:)) ?? gatewayAddress).map {
        $0.ipv4 == nil ? UInt8(10) : 2
      } ?? 2
    let parts = destination?.split(separator: "/")
    routeList.append(
      Route(
        family: family, destination: parts.flatMap { IPAddress(parsing: String($0[0])) },
        prefixLength: parts.flatMap { UInt8($0[1]) } ?? 0, gateway: gatewayAddress,
        link: link(name).ref,
        table: table, metric: metric))
  }

  func routes(_ name: String) -> [Route] {
    let index = link(name).index
    return routeList.filter { $0.link.index == index }
  }

  func add(_ link: Link) -> Link {
    var link = link
    link.index = InterfaceIndex(nextIndex)
    nextIndex += 1
    table.append(link)
    return link
  }

  func link(_ name: String) -> Link {
    table.first { $0.name.rawValue == name }!
  }

  func addresses(_ name: String) -> [InterfaceAddress] {
    let index = link(name).index
    return addressList.filter { $0.link.index == index }
  }

  func forget() {
    performed.removeAll()
    calls.removeAll()
  }

  /// Notes a call on a port, and fails it if it is the one to fail.
  func record(_ words: String, changes: Bool) throws(KernelError) {
    calls.append(Call(words: words, changes: changes))
    if let failure = failureAtCall, failure.number == calls.count - 1 { throw failure.error }
  }

  // MARK: - NetlinkPort

  func link(named name: InterfaceName) throws(KernelError) -> Link? {
    try record("netlink: get \(name)", changes: false)
    return table.first { $0.name == name }.map(overNetlink)
  }

  func link(at index: InterfaceIndex) throws(KernelError) -> Link? {
    try record("netlink: get interface \(index)", changes: false)
    return table.first { $0.index == index }.map(overNetlink)
  }

  func links() throws(KernelError) -> [Link] {
    try record("netlink: dump links", changes: false)
    return table.map(overNetlink)
  }

  func addresses(of links: [LinkRef], family: AddressFamily) throws(KernelError)
    -> [InterfaceAddress]
  {
    try record(
      "netlink: dump \(family == .ipv4 ? "IPv4 " : "")addresses of \(links.map(\.description).joined(separator: ", "))",
      changes: false)
    addressDumps += 1
    return addressList.filter { address in
      links.contains { $0.index == address.link.index }
        && (family == .any || address.local.ipv4 != nil)
    }
  }

  func routes(through links: [LinkRef]) throws(KernelError) -> [Route] {
    try record(
      "netlink: dump routes through \(links.map(\.description).joined(separator: ", "))",
      changes: false)
    return routeList.filter { route in links.contains { $0.index == route.link.index } }
  }

  /// What a netlink reply shows: nothing of the bond on a 3.10-style kernel, and never an
  /// attribute this kernel's netlink does not know.
  private func overNetlink(_ link: Link) -> Link {
    var link = link
    guard netlinkBondData else {
      link.bond = nil
      link.bondSlave = nil
      return link
    }
    for attribute in unknownAttributes { link.bond?.values[attribute] = nil }
    if unknownSlaveAttributes.contains(DriverSlaveOption.prio.attribute) {
      link.bondSlave?.prio = nil
    }
    if unknownSlaveAttributes.contains(DriverSlaveOption.actorPortPrio.attribute) {
      link.bondSlave?.actorPortPrio = nil
    }
    return link
  }

  /// What `--monitor` will hear, batch by batch.
  var announcements = ScriptedAnnouncements([])

  func subscribeToLinks() throws(KernelError) -> any LinkNotifications {
    try record("netlink: listen to link announcements", changes: false)
    return announcements
  }

  func perform(_ request: KernelRequest) throws(KernelError) {
    performed.append(request)
    try record("netlink: \(request)", changes: true)
    if let i = failures.firstIndex(where: { $0.matches(request) }) {
      let error = failures.remove(at: i).error
      throw error
    }
    switch request {
    case .createBond where !bondingLoaded:
      throw KernelError(.EOPNOTSUPP, message: "Unknown device type")
    case .createBond(let name, let settings):
      var bond = try newBond(name)
      for setting in settings {
        switch (setting.option.name, setting.value) {
        case ("mtu", .number(let mtu)): bond.mtu = UInt32(mtu)
        case ("hwaddr", .hardwareAddress(let mac)): bond.hardwareAddress = mac
        default: break
        }
      }
      // bond_newlink() applies the options before the bond exists: a failure leaves nothing.
      // 3.10's takes none.
      if netlinkBondData {
        try apply(settings.filter { DriverOption.linkAttributes[$0.option.name] == nil }, to: &bond)
      }
      let made = add(bond)
      if !settings.contains(where: { $0.option.name == "hwaddr" }) { randomMAC.insert(made.index) }
    case .setBondOptions(let ref, let settings):
      guard netlinkBondData else { throw KernelError(.EOPNOTSUPP) }
      var bond = try existing(ref)
      defer { replace(bond) }
      try apply(settings, to: &bond)
    case .setActiveSlave(let bond, let slave):
      guard netlinkBondData else { throw KernelError(.EOPNOTSUPP) }
      try makeActive(existing(slave), of: existing(bond))
    case .setUp(let ref, let up):
      var link = try existing(ref)
      if link.isUp && !up {
        // NETDEV_DOWN: fib_disable_ip() flushes the routes through it, addrconf_ifdown() its
        // IPv6 addresses (keep_addr_on_down 0, the default).
        routeList.removeAll { $0.link.index == link.index }
        addressList.removeAll { $0.link.index == link.index && $0.local.ipv4 == nil }
      }
      if up { link.flags.insert(.up) } else { link.flags.remove(.up) }
      link.operState = up ? .up : .down
      replace(link)
    case .enslave(let slave, let bond):
      try enslave(existing(slave), to: existing(bond))
    case .setSlaveOptions(let slaveRef, _, let settings):
      // 3.10 knows no IFLA_INFO_SLAVE_KIND: the message is acknowledged and does nothing.
      guard netlinkBondData else { return }
      for setting in settings {
        guard let option = DriverSlaveOption.flag(setting.option.name) else {
          throw KernelError(
            .EINVAL, message: "the fake driver has no slave option \(setting.option.name)")
        }
        if unknownSlaveAttributes.contains(option.attribute) { continue }
        if let refusal = slaveOptionRefusal, refusal.flag == option.flag { throw refusal.error }
        try set(option, setting.value, on: existing(slaveRef))
      }
    case .release(let slaveRef, _):
      var slave = try existing(slaveRef)
      guard let master = slave.master else { throw KernelError(.EINVAL) }
      release(&slave, from: master)
    case .setMTU(let ref, let mtu):
      var link = try existing(ref)
      guard (68...65535).contains(mtu) else { throw KernelError(.EINVAL) }
      link.mtu = mtu
      replace(link)
      if link.isBond {
        for var slave in table where slave.master == link.index {
          slave.mtu = mtu
          replace(slave)
        }
      }
    case .setHardwareAddress(let ref, let mac):
      var link = try existing(ref)
      link.hardwareAddress = mac
      replace(link)
      randomMAC.remove(link.index)
    case .deleteLink(let ref):
      delete(try existing(ref))
    case .addAddress(let address):
      _ = try existing(address.link)
      guard
        !addressList.contains(where: {
          $0.link.index == address.link.index && $0.local == address.local
        })
      else {
        throw KernelError(.EEXIST)
      }
      addressList.append(address)
    case .deleteAddress(let address):
      guard
        let i = addressList.firstIndex(where: {
          $0.link.index == address.link.index && $0.local == address.local
            && $0.prefixLength == address.prefixLength
        })
      else { throw KernelError(.EADDRNOTAVAIL) }
      addressList.remove(at: i)
    case .addRoute(let route):
      let link = try existing(route.link)
      // fib_check_nh(): "Nexthop device is not up".
      guard link.isUp else { throw KernelError(.ENETDOWN, message: "Nexthop device is not up") }
      guard !routeList.contains(where: { $0.sameKeyInFake(route) }) else {
        throw KernelError(.EEXIST)
      }
      routeList.append(route)
    }
  }

  /// `bond_changelink`: each option through `__bond_opt_set`, in the order given, and not
  /// atomic, as the kernel. An attribute this kernel's netlink does not know is dropped.
  private func apply(_ settings: [BondSetting], to bond: inout Link) throws(KernelError) {
    for setting in settings {
      guard let option = DriverOption.flag(setting.option.name) else {
        throw KernelError(.EINVAL, message: "the fake driver has no option \(setting.option.name)")
      }
      if unknownAttributes.contains(option.attribute) { continue }
      try set(option, setting.value, on: &bond)
    }
  }

  // MARK: - HostPort

  func linkSpeed(of name: InterfaceName) -> LinkSpeed? { speeds[name] }

  /// Files the host has, for --teamd-config.
  var files: [String: String] = [:]

  func create(_ path: String, _ text: String) -> Errno? {
    guard files[path] == nil else { return .EEXIST }
    files[path] = text
    return nil
  }

  func contents(of path: String) -> Result<[UInt8], Errno> {
    files[path].map { .success(Array($0.utf8)) } ?? .failure(.ENOENT)
  }

  // MARK: - The driver's rules, whichever way they are reached

  /// A bond as `bond_create` makes it: the driver's defaults, no slaves, down.
  func newBond(_ name: InterfaceName) throws(KernelError) -> Link {
    if name == bondAppearsOnCreate {
      bondAppearsOnCreate = nil
      _ = add(Link(index: InterfaceIndex(0), name: name, kind: "bond", bond: DriverOption.defaults))
      throw KernelError(.EEXIST)
    }
    guard !table.contains(where: { $0.name == name }) else { throw KernelError(.EEXIST) }
    return Link(
      index: InterfaceIndex(0), name: name, flags: [.master], operState: .down,
      hardwareAddress: HardwareAddress(bytes: [2, 0xbb, 0, 0, 0, UInt8(nextIndex)]), kind: "bond",
      bond: DriverOption.defaults)
  }

  /// `bond_opt_check_deps`: the mode, then the slaves, then the bond's state.
  func checkDependencies(_ option: DriverOption, of bond: Link) throws(KernelError) {
    if let modes = option.modes, !modes.contains(mode(of: bond)) {
      throw KernelError(.EACCES, message: "option not supported in mode")
    }
    if option.noSlaves
      && table.contains(where: { $0.master == bond.index && bond.index.rawValue != 0 })
    {
      throw KernelError(
        .ENOTEMPTY, message: "unable to set option because the bond device has slaves")
    }
    if option.ifDown && bond.isUp {
      throw KernelError(.EBUSY, message: "unable to set option because the bond is up")
    }
  }

  /// `__bond_opt_set`: the dependencies, the value, then what the option's own setter does.
  func set(_ option: DriverOption, _ value: OptionValue, on bond: inout Link) throws(KernelError) {
    try checkDependencies(option, of: bond)
    guard option.accepts(value) else { throw KernelError(.EINVAL, message: "invalid option value") }
    var value = value
    if option.miimonMultiple, case .number(let n) = value {
      guard let miimon = number(DriverOption.miimon, of: bond), miimon > 0 else {
        throw KernelError(.EPERM)
      }
      value = .number(n / miimon * miimon)
    }
    if case .interface(let ref) = value {
      // bond_option_primary_set: the name is kept; the slave of that name is the primary.
      let name = table.first { $0.index == ref.index }?.name ?? ref.name
      configuredPrimaries[bond.name] = name.rawValue
      let slave = table.first { $0.name == name && $0.master == bond.index }
      bond.bond?.values[option.attribute] = slave.map { .number(UInt64($0.index.rawValue)) }
      return
    }
    bond.bond?.values[option.attribute] = value
    guard case .number(let n) = value else { return }
    switch option.attribute {
    case DriverOption.mode.attribute:
      // bond_option_mode_set
      if !DriverOption.arpModes.contains(n) {
        bond.bond?.values[DriverOption.arpInterval.attribute] = .number(0)
        if number(DriverOption.miimon, of: bond) == 0 {
          bond.bond?.values[DriverOption.miimon.attribute] = .number(100)
        }
      }
      if n == DriverOption.alb {
        bond.bond?.values[DriverOption.tlbDynamicLB.attribute] = .number(1)
      }
      bond.bond?.values[DriverOption.arpValidate.attribute] = .number(0)
    case DriverOption.miimon.attribute
    where n > 0 && number(DriverOption.arpInterval, of: bond) != 0:
      // bond_option_miimon_set: MII monitoring turns ARP monitoring off.
      bond.bond?.values[DriverOption.arpInterval.attribute] = .number(0)
      bond.bond?.values[DriverOption.arpValidate.attribute] = .number(0)
    case DriverOption.arpInterval.attribute where n > 0:
      // bond_option_arp_interval_set: and the other way round.
      bond.bond?.values[DriverOption.miimon.attribute] = .number(0)
    default:
      break
    }
  }

  /// `__bond_opt_set` for a slave option, and its setter; what came before in the same
  /// message stays applied.
  func set(_ option: DriverSlaveOption, _ value: Int64, on slave: Link) throws(KernelError) {
    guard let master = slave.master, let bond = table.first(where: { $0.index == master }) else {
      throw KernelError(.ENODEV)
    }
    if let modes = option.modes, !modes.contains(mode(of: bond)) {
      throw KernelError(.EACCES, message: "option not supported in mode")
    }
    var slave = slave
    switch option.attribute {
    case DriverSlaveOption.queueID.attribute:
      // bond_option_queue_id_set
      let taken = table.contains {
        $0.master == master && $0.index != slave.index && value != 0
          && $0.bondSlave?.queueID == UInt16(value)
      }
      guard (0...DriverSlaveOption.txQueues).contains(value), !taken else {
        throw KernelError(.EPERM)
      }
      slave.bondSlave?.queueID = UInt16(value)
    case DriverSlaveOption.prio.attribute:
      slave.bondSlave?.prio = Int32(value)
    default:
      slave.bondSlave?.actorPortPrio = UInt16(value)
    }
    replace(slave)
  }

  func mode(of bond: Link) -> UInt64 {
    number(DriverOption.mode, of: bond) ?? DriverOption.roundRobin
  }

  func number(_ option: DriverOption, of bond: Link) -> UInt64? {
    if case .number(let n)? = bond.bond?.values[option.attribute] { return n }
    return nil
  }

  /// `bond_option_active_slave_set`, for IFLA_BOND_ACTIVE_SLAVE and SIOCBONDCHANGEACTIVE.
  func makeActive(_ slave: Link, of bond: Link) throws(KernelError) {
    try checkDependencies(DriverOption.activeSlave, of: bond)
    guard slave.master == bond.index, slave.isUp else { throw KernelError(.EINVAL) }
    var bond = bond
    bond.bond?.activeSlave = slave.index
    replace(bond)
    refreshSlaveStates(of: bond)
  }

  /// `bond_enslave`, for IFLA_MASTER and SIOCBONDENSLAVE.
  func enslave(_ slave: Link, to bond: Link) throws(KernelError) {
    var slave = slave
    guard bond.isBond else { throw KernelError(.EOPNOTSUPP) }
    guard slave.master == nil else {
      throw KernelError(.EBUSY, message: "Device is in use and cannot be enslaved")
    }
    guard slave.index != bond.index else {
      throw KernelError(.EPERM, message: "Cannot enslave bond to itself.")
    }
    guard !slave.isUp else {
      throw KernelError(.EPERM, message: "Device can not be enslaved while up")
    }
    originalMTU[slave.index] = slave.mtu
    let first = !table.contains { $0.master == bond.index }
    slave.master = bond.index
    enslaved.append(slave.index)
    slave.mtu = bond.mtu
    slave.flags.formUnion([.up, .slave])
    slave.slaveKind = "bond"
    slave.bondSlave = BondSlaveInfo(
      state: 1, miiStatus: 0, linkFailureCount: 0, permanentAddress: slave.hardwareAddress,
      queueID: 0, prio: 0)
    if mode(of: bond) == DriverOption.ieee8023ad {
      slave.bondSlave?.actorPortPrio = DriverSlaveOption.defaultActorPortPrio
    }
    replace(slave)
    var updated = bond
    if first && randomMAC.contains(bond.index) {
      updated.hardwareAddress = slave.hardwareAddress
      randomMAC.remove(bond.index)
    }
    if updated.bond?.activeSlave == nil, DriverOption.primaryModes.contains(mode(of: bond)) {
      updated.bond?.activeSlave = slave.index
    }
    if configuredPrimaries[bond.name] == slave.name.rawValue {
      updated.bond?.values[DriverOption.primary.attribute] = .number(UInt64(slave.index.rawValue))
    }
    replace(updated)
    refreshSlaveStates(of: updated)
  }

  /// `__bond_release_one`: the slave goes down with its own MTU back, and the bond picks
  /// another active slave.
  func release(_ slave: inout Link, from master: InterfaceIndex) {
    slave.master = nil
    slave.flags.remove(.up)
    slave.flags.remove(.slave)
    slave.operState = .down
    slave.slaveKind = nil
    slave.bondSlave = nil
    slave.mtu = originalMTU[slave.index] ?? slave.mtu
    replace(slave)
    enslaved.removeAll { $0 == slave.index }
    guard var bond = table.first(where: { $0.index == master }) else { return }
    if !table.contains(where: { $0.master == master }) {
      // The last slave gone: eth_hw_addr_random().
      bond.hardwareAddress = HardwareAddress(bytes: [
        2, 0xee, 0, 0, 0, UInt8(truncatingIfNeeded: nextIndex),
      ])
      nextIndex += 1
      randomMAC.insert(master)
    }
    if bond.bond?.activeSlave == slave.index {
      bond.bond?.activeSlave = table.first { $0.master == master }?.index
    }
    if number(DriverOption.primary, of: bond) == UInt64(slave.index.rawValue) {
      bond.bond?.values[DriverOption.primary.attribute] = nil
    }
    replace(bond)
    refreshSlaveStates(of: bond)
  }

  /// Deleting a bond releases its slaves first.
  func delete(_ link: Link) {
    for var slave in table where slave.master == link.index {
      release(&slave, from: link.index)
    }
    table.removeAll { $0.index == link.index }
    addressList.removeAll { $0.link.index == link.index }
    routeList.removeAll { $0.link.index == link.index }
    configuredPrimaries[link.name] = nil
  }

  private func refreshSlaveStates(of bond: Link) {
    let bond = table.first { $0.index == bond.index }!
    for var slave in table where slave.master == bond.index {
      let active =
        DriverOption.primaryModes.contains(mode(of: bond))
        ? bond.bond?.activeSlave == slave.index : true
      slave.bondSlave?.state = active ? 0 : 1
      replace(slave)
    }
  }

  func existing(_ ref: LinkRef) throws(KernelError) -> Link {
    guard let index = ref.index, let link = table.first(where: { $0.index == index }) else {
      throw KernelError(.ENODEV)
    }
    return link
  }

  /// Changes the interface as the driver would on its own (a failover, a link that drops).
  func change(_ name: String, _ body: (inout Link) -> Void) {
    var link = self.link(name)
    body(&link)
    replace(link)
  }

  func replace(_ link: Link) {
    if let i = table.firstIndex(where: { $0.index == link.index }) { table[i] = link }
  }
}

extension Route {
  /// fib_table_insert() and ip6_ins_rt() refuse a second route with this key: written here
  /// from the kernel's rule, not from the production code's.
  func sameKeyInFake(_ other: Route) -> Bool {
    family == other.family && destination == other.destination && prefixLength == other.prefixLength
      && table == other.table && metric == other.metric && tos == other.tos
  }
}

extension KernelRequest {
  /// Whether the request touches the interface named `name`, for injecting failures.
  func touches(_ name: String) -> Bool { description.split(separator: " ").contains { $0 == name } }
}

/// Link announcements in batches, for `--monitor`; a batch may be a lost-announcements error.
/// Once they have all been heard, `pending()` reports SIGINT, which ends the monitor.
final class ScriptedAnnouncements: LinkNotifications, Interruptions {
  private var batches: [Result<[LinkNotification], KernelError>]
  /// Runs before each batch is handed out, to change the fake kernel as the batch says.
  var beforeEach: (Int) -> Void = { _ in }
  /// How many of the batches after a scripted ENOBUFS the kernel had queued before it
  /// overflowed: they still come unless discarded, as from the kernel's socket.
  var queuedAtOverflow = 0
  private var handedOut = 0
  private var exhausted = false

  init(_ batches: [Result<[LinkNotification], KernelError>]) { self.batches = batches }

  func next(waitingAtMost milliseconds: Int32) throws(KernelError) -> [LinkNotification] {
    guard !batches.isEmpty else {
      exhausted = true
      return []
    }
    beforeEach(handedOut)
    handedOut += 1
    return try batches.removeFirst().get()
  }

  func discardQueued() {
    let queued = min(queuedAtOverflow, batches.count)
    batches.removeFirst(queued)
    queuedAtOverflow = 0
  }

  func pending() -> Interruption? { exhausted ? Interruption(signal: 2, name: "SIGINT") : nil }
}
