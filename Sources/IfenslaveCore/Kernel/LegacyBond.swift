/// The bonding driver as 3.10 offers it: SIOCBOND* ioctls to enslave, release and change
/// the active slave, sysfs for options and for creating and deleting bonds, and the info
/// ioctls plus sysfs for status.
struct LegacyBond {
  let ioctls: IoctlSocket
  let trace: ((String) -> Void)?
  /// Looks an interface's index up over netlink, which every kernel answers.
  let index: (InterfaceName) -> InterfaceIndex?

  func perform(_ request: KernelRequest) throws(KernelError) {
    switch request {
    case .createBond(let name, let settings):
      trace?("sysfs: create \(name)")
      try check(Sysfs.write(Sysfs.masters, "+" + name.rawValue), file: Sysfs.masters)
      do {
        try write(settings.filter { $0.option.bondAttribute != nil }, to: name)
      } catch {
        // Like a netlink create, all or nothing: a bond whose options failed goes again.
        _ = Sysfs.write(Sysfs.masters, "-" + name.rawValue)
        throw error
      }
    case .setBondOptions(let bond, let settings):
      try write(settings, to: bond.name)
    case .setActiveSlave(let bond, let slave):
      trace?("ioctl: SIOCBONDCHANGEACTIVE \(bond) \(slave)")
      try check(BondIoctl.changeActive(to: slave.name, of: bond.name, on: ioctls))
    case .enslave(let slave, let bond):
      trace?("ioctl: SIOCBONDENSLAVE \(bond) \(slave)")
      try check(BondIoctl.enslave(slave.name, to: bond.name, on: ioctls))
    case .release(let slave, let bond):
      trace?("ioctl: SIOCBONDRELEASE \(bond) \(slave)")
      try check(BondIoctl.release(slave.name, from: bond.name, on: ioctls))
    case .deleteLink(let bond):
      trace?("sysfs: delete \(bond)")
      try check(Sysfs.write(Sysfs.masters, "-" + bond.name.rawValue), file: Sysfs.masters)
    case .setUp, .setMTU, .setHardwareAddress, .addAddress, .deleteAddress:
      preconditionFailure("\(request) has no legacy form")
    }
  }

  /// Writes each option's file in the table's order, which puts mode first.
  private func write(_ settings: [BondSetting], to bond: InterfaceName) throws(KernelError) {
    for setting in settings {
      let path = Sysfs.bond(bond, setting.option.kernelName)
      switch setting.value {
      case .ipv4(let targets):
        try replaceTargets(path, with: targets.map(\.description), option: setting.option)
      case .ipv6(let targets):
        try replaceTargets(path, with: targets.map(\.description), option: setting.option)
      default:
        let text = setting.option.format(setting.value)
        trace?("sysfs: \(bond) \(setting.option.kernelName) \(text)")
        try check(Sysfs.write(path, text), file: path, option: setting.option)
      }
    }
  }

  /// The target files add (`+`) and remove (`-`) one address at a time; a netlink list
  /// replaces the whole, and so does this.
  private func replaceTargets(_ path: String, with targets: [String], option: BondOption) throws(KernelError) {
    let current: [String]
    switch Sysfs.read(path) {
    case .success(let text): current = text.split(separator: " ").map(String.init)
    case .failure(let error): try check(error, file: path, option: option); return
    }
    for old in current {
      trace?("sysfs: \(path) -\(old)")
      try check(Sysfs.write(path, "-" + old), file: path)
    }
    for new in targets {
      trace?("sysfs: \(path) +\(new)")
      try check(Sysfs.write(path, "+" + new), file: path)
    }
  }

  /// Turns an errno into the kernel's refusal. A missing file is a kernel without that
  /// feature, said in words: ENOENT would read "No such file or directory". Without
  /// bonding_masters there is no driver (EOPNOTSUPP, as netlink says it); a missing option
  /// file stays ENOENT, a real answer that no other path can change.
  private func check(_ error: Errno?, file: String? = nil, option: BondOption? = nil) throws(KernelError) {
    guard let error else { return }
    if error == .ENOENT, let file {
      if file == Sysfs.masters {
        throw KernelError(.EOPNOTSUPP, message: "no \(Sysfs.masters)")
      }
      guard let option else { throw KernelError(.ENOENT, message: "this kernel has no \(file)") }
      throw KernelError(.ENOENT, message: "no sysfs file for \(option.kernelName) on this kernel: the"
        + " option needs Linux \(option.since) or later, and newer options are set over netlink only")
    }
    throw KernelError(error)
  }

  // MARK: - Status

  func status(of bond: LinkRef) throws(KernelError) -> LegacyBondStatus {
    trace?("ioctl: SIOCBONDINFOQUERY \(bond); sysfs: \(bond)/bonding")
    var info = BondInfo()
    for option in BondOption.all {
      guard let attribute = option.bondAttribute,
        case .success(let text) = Sysfs.read(Sysfs.bond(bond.name, option.kernelName)),
        let value = parse(text, as: option)
      else { continue }
      info.values[attribute] = value
    }
    if case .success(let name) = Sysfs.read(Sysfs.bond(bond.name, "active_slave")), !name.isEmpty {
      info.activeSlave = index(InterfaceName(kernel: name))
    }
    info.adInfo = adInfo(bond.name)

    let query: BondIoctl.BondQuery
    switch BondIoctl.query(bond.name, on: ioctls) {
    case .success(let answer): query = answer
    case .failure(let error): throw KernelError(error)
    }
    // Every kernel answers these two through the ioctl, whatever its sysfs has.
    let modeAttribute = BondOption.mode.bondAttribute!, miimonAttribute = BondOption.miimon.bondAttribute!
    if info.values[modeAttribute] == nil { info.values[modeAttribute] = .number(UInt64(max(0, query.mode))) }
    if info.values[miimonAttribute] == nil { info.values[miimonAttribute] = .number(UInt64(max(0, query.miimon))) }

    var slaves: [InterfaceName: BondSlaveInfo] = [:]
    // Read once, and only on kernels without bonding_slave/ (before 3.14).
    var procSlaves: [InterfaceName: ProcBonding.Slave]?
    for id in 0..<max(0, query.slaveCount) {
      guard case .success(let slave) = BondIoctl.slave(id, of: bond.name, on: ioctls) else { break }
      var state = BondSlaveInfo(state: slave.state, miiStatus: slave.link, linkFailureCount: slave.linkFailureCount)
      func file(_ name: String) -> Result<String, Errno> { Sysfs.read(Sysfs.slave(slave.name, name)) }
      func value<T>(_ name: String, _ parse: (String) -> T?) -> T? {
        if case .success(let text) = file(name), !text.isEmpty { return parse(text) }
        return nil
      }
      if case .failure(.ENOENT) = file("perm_hwaddr") {
        if procSlaves == nil {
          trace?("proc: \(ProcBonding.path(bond.name))")
          procSlaves = (try? Sysfs.read(ProcBonding.path(bond.name), limit: 1 << 16).get()).map(ProcBonding.slaves(in:)) ?? [:]
        }
        let shown = procSlaves?[slave.name]
        state.permanentAddress = shown?.permanentAddress
        state.queueID = shown?.queueID
        state.aggregatorID = shown?.aggregatorID
      } else {
        state.permanentAddress = value("perm_hwaddr", HardwareAddress.init(parsing:))
        state.queueID = value("queue_id") { UInt16($0) }
        state.aggregatorID = value("ad_aggregator_id") { UInt16($0) }
        state.actorOperPortState = value("ad_actor_oper_port_state") { UInt8($0) }
        state.partnerOperPortState = value("ad_partner_oper_port_state") { UInt16($0) }
      }
      slaves[slave.name] = state
    }
    return LegacyBondStatus(info: info, slaves: slaves)
  }

  /// Reads a value as the driver prints it: "active-backup 1" (name and number), "100",
  /// "192.0.2.1 192.0.2.2", a MAC, or an interface name. Empty means not shown.
  func parse(_ text: String, as option: BondOption) -> OptionValue? {
    let words = text.split(separator: " ").map(String.init)
    switch option.value {
    case .names(let names):
      guard let last = words.last else { return nil }
      if let number = UInt64(last) { return .number(number) }
      return names.firstIndex(of: last).map { .number(UInt64($0)) }
    case .toggle, .number:
      return words.first.flatMap { UInt64($0) }.map(OptionValue.number)
    case .interface:
      return words.first.flatMap { index(InterfaceName(kernel: $0)) }.map { .number(UInt64($0.rawValue)) }
    case .ipv4List:
      return .ipv4(words.compactMap(IPv4Address.init(parsing:)))
    case .ipv6List:
      return .ipv6(words.compactMap(IPv6Address.init(parsing:)))
    case .hardwareAddress:
      return HardwareAddress(parsing: text).map(OptionValue.hardwareAddress)
    }
  }

  /// The active aggregator: the driver shows it only in 802.3ad mode, to CAP_NET_ADMIN.
  private func adInfo(_ bond: InterfaceName) -> ADInfo? {
    func number(_ file: String) -> UInt16? {
      if case .success(let text) = Sysfs.read(Sysfs.bond(bond, file)) { return UInt16(text) }
      return nil
    }
    // ad_aggregator reads 0 while no aggregator is active; netlink then leaves AD_INFO out.
    guard let aggregator = number("ad_aggregator"), aggregator > 0, let ports = number("ad_num_ports"),
      let actorKey = number("ad_actor_key"), let partnerKey = number("ad_partner_key"),
      case .success(let mac) = Sysfs.read(Sysfs.bond(bond, "ad_partner_mac")),
      let partner = HardwareAddress(parsing: mac)
    else { return nil }
    return ADInfo(aggregator: aggregator, numPorts: ports, actorKey: actorKey, partnerKey: partnerKey, partnerMAC: partner)
  }
}
