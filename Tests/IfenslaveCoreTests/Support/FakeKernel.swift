@testable import IfenslaveCore

/// A small model of the kernel's link, bond and address behaviour, with injected failures,
/// so that the orchestration can be tested without root. Its rules are the bonding
/// driver's (bond_enslave, __bond_opt_set, bond_changelink) as far as ifenslave relies on them.
final class FakeKernel: Kernel {
  private(set) var table: [Link] = []
  private(set) var addressList: [InterfaceAddress] = []
  /// How many `RTM_GETADDR` dumps were asked for.
  private(set) var addressDumps = 0
  /// Every request performed, in order, and the backend each went over.
  private(set) var performed: [KernelRequest] = []
  private(set) var backends: [Backend] = []
  /// MTUs slaves had before they were enslaved, which release gives back.
  private var originalMTU: [InterfaceIndex: UInt32] = [:]
  private var nextIndex: Int32 = 1

  /// Failures to inject: the first matching rule throws its error, once.
  var failures: [(matches: (KernelRequest) -> Bool, error: KernelError)] = []
  /// A failure to inject at the request with this number (0 for the first `perform`).
  var failureAtRequest: (number: Int, error: KernelError)?
  /// Bond attributes this kernel's netlink does not know: it ACKs and drops them, as real
  /// kernels do.
  var unknownAttributes: Set<UInt16> = []
  /// Like vanilla 3.10: replies carry no IFLA_INFO_DATA or IFLA_INFO_SLAVE_DATA, a create
  /// ignores the options it carries, and a change of options answers EOPNOTSUPP.
  var netlinkBondData = true
  /// Options whose sysfs file this kernel does not have.
  var sysfsMissing: Set<UInt16> = []
  /// Without the driver, netlink does not know kind "bond" and bonding_masters is missing.
  var bondingLoaded = true
  /// The bond appears, made by someone else, just before a create of it (module autoload).
  var bondAppearsOnCreate: InterfaceName?
  var mayAdministerNetwork = true
  var speeds: [InterfaceName: LinkSpeed] = [:]
  /// sysfs `primary` per bond, for a primary that is not a slave.
  var configuredPrimaries: [InterfaceName: String] = [:]

  // MARK: - Building a system

  @discardableResult
  func addDummy(_ name: String, up: Bool = true, mtu: UInt32 = 1500) -> Link {
    add(Link(
      index: InterfaceIndex(0), name: try! InterfaceName(validating: name), flags: up ? [.up, .running] : [],
      mtu: mtu, operState: up ? .unknown : .down,
      hardwareAddress: HardwareAddress(bytes: [2, 0, 0, 0, 0, UInt8(nextIndex)]), kind: "dummy"))
  }

  @discardableResult
  func addLoopback() -> Link {
    add(Link(
      index: InterfaceIndex(0), name: try! InterfaceName(validating: "lo"), flags: [.up, .loopback, .running],
      type: 772, mtu: 65536, operState: .unknown, hardwareAddress: HardwareAddress(bytes: [0, 0, 0, 0, 0, 0])))
  }

  /// A bridge: an upper device, yet without IFF_MASTER, which only bonds, teams and eql set.
  @discardableResult
  func addBridge(_ name: String) -> Link {
    add(Link(
      index: InterfaceIndex(0), name: try! InterfaceName(validating: name), flags: [.up],
      hardwareAddress: HardwareAddress(bytes: [2, 0, 0, 0, 1, UInt8(nextIndex)]), kind: "bridge"))
  }

  /// A team device: IFF_MASTER, which bond_enslave() refuses unless it is a bond.
  @discardableResult
  func addTeam(_ name: String) -> Link {
    add(Link(
      index: InterfaceIndex(0), name: try! InterfaceName(validating: name), flags: [.up, .master],
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

  func addAddress(_ text: String, prefix: UInt8, to name: String, label: String? = nil) {
    let l = link(name)
    addressList.append(InterfaceAddress(
      link: l.ref, local: IPv4Address(parsing: text)!, prefixLength: prefix, label: label ?? name))
  }

  private func add(_ link: Link) -> Link {
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
    backends.removeAll()
  }

  // MARK: - Kernel

  func link(named name: InterfaceName) throws(KernelError) -> Link? {
    table.first { $0.name == name }.map(overNetlink)
  }

  func link(at index: InterfaceIndex) throws(KernelError) -> Link? {
    table.first { $0.index == index }.map(overNetlink)
  }

  func links() throws(KernelError) -> [Link] { table.map(overNetlink) }

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
    return link
  }

  func legacyStatus(of bond: LinkRef) throws(KernelError) -> LegacyBondStatus {
    let link = try existing(bond)
    guard var info = link.bond else { throw KernelError(.EOPNOTSUPP) }
    for attribute in sysfsMissing { info.values[attribute] = nil }
    var slaves: [InterfaceName: BondSlaveInfo] = [:]
    for slave in table where slave.master == link.index { slaves[slave.name] = slave.bondSlave }
    return LegacyBondStatus(info: info, slaves: slaves)
  }

  func addresses(of links: [LinkRef]) throws(KernelError) -> [InterfaceAddress] {
    addressDumps += 1
    return addressList.filter { address in links.contains { $0.index == address.link.index } }
  }

  func linkSpeed(of name: InterfaceName) -> LinkSpeed? { speeds[name] }

  func configuredPrimary(of bond: InterfaceName) -> String? { configuredPrimaries[bond] }

  /// What `--monitor` will hear, batch by batch.
  var announcements = ScriptedAnnouncements([])

  func subscribeToLinks() throws(KernelError) -> any LinkNotifications { announcements }

  func perform(_ request: KernelRequest, via backend: Backend) throws(KernelError) {
    performed.append(request)
    backends.append(backend)
    if let i = failures.firstIndex(where: { $0.matches(request) }) {
      let error = failures.remove(at: i).error
      throw error
    }
    if let failure = failureAtRequest, failure.number == performed.count - 1 {
      throw failure.error
    }
    let legacy = backend == .ioctl && request.meaning.hasLegacyForm
    if !legacy && !netlinkBondData {
      switch request {
      case .setBondOptions, .setActiveSlave: throw KernelError(.EOPNOTSUPP)
      default: break
      }
    }
    // Netlink drops the attributes it does not know; sysfs refuses a file it does not have.
    let dropped = legacy ? [] : (netlinkBondData ? unknownAttributes : Set(BondOption.all.compactMap(\.bondAttribute)))
    if legacy, case .setBondOptions(_, let settings) = request,
      let missing = settings.first(where: { sysfsMissing.contains($0.option.bondAttribute ?? 0) })
    {
      throw KernelError(.ENOENT, message: "no sysfs file for \(missing.option.kernelName) on this kernel")
    }
    switch request {
    case .createBond where !bondingLoaded:
      throw legacy
        ? KernelError(.EOPNOTSUPP, message: "no /sys/class/net/bonding_masters")
        : KernelError(.EOPNOTSUPP, message: "Unknown device type")
    case .createBond(let name, let settings):
      if name == bondAppearsOnCreate {
        bondAppearsOnCreate = nil
        _ = add(Link(index: InterfaceIndex(0), name: name, kind: "bond", bond: Self.defaults))
        throw KernelError(.EEXIST)
      }
      guard try self.link(named: name) == nil else { throw KernelError(.EEXIST) }
      var bond = Link(
        index: InterfaceIndex(0), name: name, flags: [.master], operState: .down,
        hardwareAddress: HardwareAddress(bytes: [2, 0xbb, 0, 0, 0, UInt8(nextIndex)]), kind: "bond",
        bond: Self.defaults)
      for setting in settings {
        switch (setting.option, setting.value) {
        case (.mtu, .number(let mtu)): bond.mtu = UInt32(mtu)
        case (.hwaddr, .hardwareAddress(let mac)): bond.hardwareAddress = mac
        default: break
        }
      }
      // bond_newlink() applies the options before the bond exists: a failure leaves nothing.
      try apply(settings.filter { $0.option.bondAttribute != nil }, to: &bond, dropping: dropped)
      _ = add(bond)
    case .setBondOptions(let ref, let settings):
      var bond = try existing(ref)
      defer { replace(bond) }
      try apply(settings, to: &bond, dropping: dropped)
    case .setActiveSlave(let bondRef, let slaveRef):
      var bond = try existing(bondRef)
      guard let mode = bond.bond?.mode, mode.hasActiveSlave else { throw KernelError(.EACCES) }
      let slave = try existing(slaveRef)
      guard slave.master == bond.index, slave.isUp else { throw KernelError(.EINVAL) }
      bond.bond?.activeSlave = slave.index
      replace(bond)
      refreshSlaveStates(of: bond)
    case .setUp(let ref, let up):
      var link = try existing(ref)
      if up { link.flags.insert(.up) } else { link.flags.remove(.up) }
      link.operState = up ? .up : .down
      replace(link)
    case .enslave(let slaveRef, let bondRef):
      var slave = try existing(slaveRef)
      let bond = try existing(bondRef)
      guard bond.isBond else { throw KernelError(.EOPNOTSUPP) }
      guard slave.master == nil else { throw KernelError(.EBUSY, message: "Device is in use and cannot be enslaved") }
      guard slave.index != bond.index else { throw KernelError(.EPERM, message: "Cannot enslave bond to itself.") }
      guard !slave.isUp else { throw KernelError(.EPERM, message: "Device can not be enslaved while up") }
      originalMTU[slave.index] = slave.mtu
      slave.master = bond.index
      slave.mtu = bond.mtu
      slave.flags.formUnion([.up, .slave])
      slave.slaveKind = "bond"
      slave.bondSlave = BondSlaveInfo(state: 1, miiStatus: 0, linkFailureCount: 0, permanentAddress: slave.hardwareAddress)
      replace(slave)
      var updated = bond
      if updated.bond?.activeSlave == nil, updated.bond?.mode?.hasActiveSlave == true {
        updated.bond?.activeSlave = slave.index
        replace(updated)
      }
      refreshSlaveStates(of: updated)
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
    case .deleteLink(let ref):
      let link = try existing(ref)
      for var slave in table where slave.master == link.index {
        release(&slave, from: link.index)
      }
      table.removeAll { $0.index == link.index }
      addressList.removeAll { $0.link.index == link.index }
    case .addAddress(let address):
      _ = try existing(address.link)
      guard !addressList.contains(where: { $0.link.index == address.link.index && $0.local == address.local }) else {
        throw KernelError(.EEXIST)
      }
      addressList.append(address)
    case .deleteAddress(let address):
      guard let i = addressList.firstIndex(where: {
        $0.link.index == address.link.index && $0.local == address.local && $0.prefixLength == address.prefixLength
      }) else { throw KernelError(.EADDRNOTAVAIL) }
      addressList.remove(at: i)
    }
  }

  // MARK: - The driver's rules

  static let defaults: BondInfo = {
    var info = BondInfo()
    for option in BondOption.all {
      guard let attribute = option.bondAttribute else { continue }
      switch option.value {
      case .names(let names): info.values[attribute] = .number(UInt64(names.firstIndex(of: option.defaultValue) ?? 0))
      case .number, .toggle: info.values[attribute] = UInt64(option.defaultValue).map(OptionValue.number)
      default: break
      }
    }
    info.values[BondOption.adActorSysPrio.bondAttribute!] = nil
    info.values[BondOption.adUserPortKey.bondAttribute!] = nil
    return info
  }()

  /// `__bond_opt_set` for each setting in `bond_changelink` order: not atomic, as the kernel.
  private func apply(_ settings: [BondSetting], to bond: inout Link, dropping dropped: Set<UInt16>) throws(KernelError) {
    let hasSlaves = table.contains { $0.master == bond.index && bond.index.rawValue != 0 }
    for setting in settings {
      guard let attribute = setting.option.bondAttribute else { continue }
      if dropped.contains(attribute) { continue }
      let mode = bond.bond?.mode ?? .balanceRR
      if let modes = setting.option.modes, !modes.contains(mode) {
        throw KernelError(.EACCES, message: "option not supported in mode")
      }
      if setting.option.needs.contains(.noSlaves) && hasSlaves {
        throw KernelError(.ENOTEMPTY, message: "unable to set option because the bond device has slaves")
      }
      if setting.option.needs.contains(.bondDown) && bond.isUp {
        throw KernelError(.EBUSY, message: "unable to set option because the bond is up")
      }
      var value = setting.value
      if setting.option.needs.contains(.miimon), case .number(let n) = value {
        guard let miimon = bond.bond?.number(.miimon), miimon > 0 else { throw KernelError(.EPERM) }
        value = .number(n / miimon * miimon)
      }
      if case .interface(let ref) = value { value = .number(UInt64(ref.index!.rawValue)) }
      bond.bond?.values[attribute] = value
      if setting.option == .mode, let newMode = bond.bond?.mode,
        [.ieee8023ad, .balanceTLB, .balanceALB].contains(newMode)
      {
        bond.bond?.values[BondOption.arpInterval.bondAttribute!] = .number(0)
        if bond.bond?.number(.miimon) == 0 { bond.bond?.values[BondOption.miimon.bondAttribute!] = .number(100) }
      }
    }
  }

  private func release(_ slave: inout Link, from master: InterfaceIndex) {
    slave.master = nil
    slave.flags.remove(.up)
    slave.flags.remove(.slave)
    slave.operState = .down
    slave.slaveKind = nil
    slave.bondSlave = nil
    slave.mtu = originalMTU[slave.index] ?? slave.mtu
    replace(slave)
    if var bond = table.first(where: { $0.index == master }), bond.bond?.activeSlave == slave.index {
      bond.bond?.activeSlave = table.first { $0.master == master }?.index
      replace(bond)
      refreshSlaveStates(of: bond)
    }
  }

  private func refreshSlaveStates(of bond: Link) {
    let bond = table.first { $0.index == bond.index }!
    for var slave in table where slave.master == bond.index {
      let active = bond.bond?.mode?.hasActiveSlave == true ? bond.bond?.activeSlave == slave.index : true
      slave.bondSlave?.state = active ? 0 : 1
      replace(slave)
    }
  }

  private func existing(_ ref: LinkRef) throws(KernelError) -> Link {
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

  private func replace(_ link: Link) {
    if let i = table.firstIndex(where: { $0.index == link.index }) { table[i] = link }
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

  func pending() -> Interruption? { exhausted ? Interruption(signal: 2, name: "SIGINT") : nil }
}
