// SPDX-License-Identifier: GPL-2.0-or-later
/// The bonding driver as 3.10 offers it: sysfs to create and delete bonds and to set their
/// options, the SIOCBOND* ioctls to enslave, release and change the active slave, and the
/// info ioctls plus sysfs and /proc/net/bonding for status. Each change is one write(2) or
/// one ioctl; which ones, in which order, and what to undo is LegacyPath's.
struct LegacyDriver: LegacyDriverPort {
  private let ioctls = IoctlSocket()
  private let trace: ((String) -> Void)?
  /// Looks an interface's index up, for the status, which names what the kernel reports as
  /// an index (the active slave, the primary): over netlink, which every kernel answers.
  private let index: (InterfaceName) -> InterfaceIndex?
  /// What one bond showed this kernel lacks, the others lack too: `-a` on 100 bonds of 3.10
  /// would otherwise look for a dozen missing files a bond.
  private let absent = AbsentFiles()

  private final class AbsentFiles {
    var options: Set<String> = []
    /// Whether the kernel has bonding_slave/ (3.14), once a slave has shown it.
    var slaveDirectory: Bool?
  }

  init(trace: ((String) -> Void)? = nil, index: @escaping (InterfaceName) -> InterfaceIndex?) {
    self.trace = trace
    self.index = index
  }

  func createBond(_ name: InterfaceName) throws(KernelError) {
    trace?("sysfs: create \(name)")
    try check(Sysfs.write(Sysfs.masters, "+" + name.rawValue), file: Sysfs.masters)
  }

  func deleteBond(_ name: InterfaceName) throws(KernelError) {
    trace?("sysfs: delete \(name)")
    try check(Sysfs.write(Sysfs.masters, "-" + name.rawValue), file: Sysfs.masters)
  }

  func write(_ change: OptionWrite, to file: String, of bond: InterfaceName) throws(KernelError) {
    let path = Sysfs.bond(bond, file)
    switch change {
    case .value(let text):
      trace?("sysfs: \(bond) \(file) \(text)")
      try check(Sysfs.write(path, text), file: path)
    case .add(let target):
      trace?("sysfs: \(path) +\(target)")
      try check(Sysfs.write(path, "+" + target), file: path)
    case .remove(let target):
      trace?("sysfs: \(path) -\(target)")
      try check(Sysfs.write(path, "-" + target), file: path)
    }
  }

  func read(_ file: String, of bond: InterfaceName) throws(KernelError) -> String {
    let path = Sysfs.bond(bond, file)
    switch Sysfs.read(path) {
    case .success(let text): return text
    case .failure(let error):
      try check(error, file: path)
      return ""
    }
  }

  func call(_ ioctl: SlaveIoctl, bond: InterfaceName, slave: InterfaceName) throws(KernelError) {
    trace?("ioctl: \(ioctl.rawValue) \(bond) \(slave)")
    switch ioctl {
    case .enslave: try check(BondIoctl.enslave(slave, to: bond, on: ioctls))
    case .release: try check(BondIoctl.release(slave, from: bond, on: ioctls))
    case .changeActive: try check(BondIoctl.changeActive(to: slave, of: bond, on: ioctls))
    }
  }

  /// Turns an errno into the kernel's refusal. A missing file is a kernel without that
  /// feature, said in words: ENOENT would read "No such file or directory". Without
  /// bonding_masters there is no driver (EOPNOTSUPP, as netlink says it); a missing option
  /// file stays ENOENT, a real answer that no other path can change.
  private func check(_ error: Errno?, file: String? = nil) throws(KernelError) {
    guard let error else { return }
    if error == .ENOENT, let file {
      if file == Sysfs.masters { throw KernelError(.EOPNOTSUPP, message: "no \(Sysfs.masters)") }
      throw KernelError(.ENOENT, message: "this kernel has no \(file)")
    }
    throw KernelError(error)
  }

  // MARK: - Status

  func status(of bond: LinkRef) throws(KernelError) -> LegacyBondStatus {
    trace?(
      "ioctl: SIOCBONDINFOQUERY \(bond); proc: \(ProcBonding.path(bond.name)); sysfs: \(bond)/bonding"
    )
    let query: BondIoctl.BondQuery
    switch BondIoctl.query(bond.name, on: ioctls) {
    case .success(let answer): query = answer
    case .failure(let error): throw KernelError(error)
    }
    let mode = BondMode(rawValue: UInt8(clamping: max(0, query.mode)))
    // Every kernel answers these two through the ioctl.
    var info = BondInfo()
    info.values[BondOption.mode.bondAttribute!] = .number(UInt64(max(0, query.mode)))
    info.values[BondOption.miimon.bondAttribute!] = .number(UInt64(max(0, query.miimon)))
    // One file says most options, the aggregator and the slaves' values; sysfs the rest.
    let shown =
      (try? Sysfs.read(ProcBonding.path(bond.name), limit: 1 << 16).get())
      .map { ProcBonding.read($0, mode: mode) } ?? ProcBonding.Shown()
    // Without its directory (gone, or not a bond) nothing more is read, and nothing learnt
    // of which files this kernel lacks.
    let directory = Sysfs.Directory(of: bond.name)
    for option in BondOption.all {
      guard let attribute = option.bondAttribute, info.values[attribute] == nil else { continue }
      let text: String
      if let said = shown.options[option.kernelName] {
        text = said
      } else {
        guard let directory, !absent.options.contains(option.kernelName) else { continue }
        switch directory.read(option.kernelName) {
        case .success(let read): text = read
        case .failure(.ENOENT):
          absent.options.insert(option.kernelName)
          continue
        case .failure: continue
        }
      }
      if let value = parse(text, as: option) { info.values[attribute] = value }
    }
    // Shown in the modes that have one, as the primary is.
    let active =
      shown.options["active_slave"]
      ?? {
        guard mode.map(BondMode.withActiveSlave.contains) ?? true,
          case .success(let name)? = directory?.read("active_slave")
        else { return nil }
        return name
      }()
    if let active, !active.isEmpty { info.activeSlave = index(InterfaceName(kernel: active)) }
    // The driver shows an aggregator in 802.3ad mode only.
    if mode == nil || mode == .ieee8023ad {
      info.adInfo = shown.aggregatorShown ? shown.aggregator : directory.flatMap(adInfo)
    }

    var slaves: [InterfaceName: BondSlaveInfo] = [:]
    for id in 0..<max(0, query.slaveCount) {
      guard case .success(let slave) = BondIoctl.slave(id, of: bond.name, on: ioctls) else { break }
      var state = BondSlaveInfo(
        state: slave.state, miiStatus: slave.link, linkFailureCount: slave.linkFailureCount)
      func file(_ name: String) -> Result<String, Errno> {
        Sysfs.read(Sysfs.slave(slave.name, name))
      }
      // The first slave's perm_hwaddr tells whether the kernel has bonding_slave/ (3.14).
      var probe: Result<String, Errno>?
      if absent.slaveDirectory == nil {
        probe = file("perm_hwaddr")
        if case .failure(.ENOENT)? = probe {
          absent.slaveDirectory = false
        } else {
          absent.slaveDirectory = true
        }
      }
      func value<T>(_ name: String, _ parse: (String) -> T?) -> T? {
        let read = name == "perm_hwaddr" ? (probe ?? file(name)) : file(name)
        if case .success(let text) = read, !text.isEmpty { return parse(text) }
        return nil
      }
      if absent.slaveDirectory == false {
        let said = shown.slaves[slave.name]
        state.permanentAddress = said?.permanentAddress
        state.queueID = said?.queueID
        state.aggregatorID = said?.aggregatorID
        state.speed = said?.speed
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
    let words = text.utf8.split(separator: UInt8(ascii: " ")).map { String(Substring($0)) }
    switch option.value {
    case .names(let names):
      guard let last = words.last else { return nil }
      if let number = UInt64(last) { return .number(number) }
      return names.firstIndex(of: last).map { .number(UInt64($0)) }
    case .toggle, .number:
      return words.first.flatMap { UInt64($0) }.map(OptionValue.number)
    case .interface:
      return words.first.flatMap { index(InterfaceName(kernel: $0)) }.map {
        .number(UInt64($0.rawValue))
      }
    case .ipv4List:
      return .ipv4(words.compactMap(IPv4Address.init(parsing:)))
    case .ipv6List:
      return .ipv6(words.compactMap(IPv6Address.init(parsing:)))
    case .hardwareAddress:
      return HardwareAddress(parsing: text).map(OptionValue.hardwareAddress)
    }
  }

  /// The active aggregator: the driver shows it only in 802.3ad mode, to CAP_NET_ADMIN.
  private func adInfo(_ directory: Sysfs.Directory) -> ADInfo? {
    func number(_ file: String) -> UInt16? {
      if case .success(let text) = directory.read(file) { return UInt16(text) }
      return nil
    }
    // ad_aggregator reads 0 while no aggregator is active; netlink then leaves AD_INFO out.
    guard let aggregator = number("ad_aggregator"), aggregator > 0,
      let ports = number("ad_num_ports"),
      let actorKey = number("ad_actor_key"), let partnerKey = number("ad_partner_key"),
      case .success(let mac) = directory.read("ad_partner_mac"),
      let partner = HardwareAddress(parsing: mac)
    else { return nil }
    return ADInfo(
      aggregator: aggregator, numPorts: ports, actorKey: actorKey, partnerKey: partnerKey,
      partnerMAC: partner)
  }
}
