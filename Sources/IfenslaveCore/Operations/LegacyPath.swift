// SPDX-License-Identifier: GPL-2.0-or-later
/// Carries out a request's legacy form one kernel action at a time: each sysfs write, each
/// ioctl and each netlink step it needs is its own call on a port, so each can fail on its
/// own, and what a failure leaves half made is put back here, where the steps are known.
struct LegacyPath {
  let netlink: any NetlinkPort
  let driver: any LegacyDriverPort

  func perform(_ form: RequestMeaning.LegacyForm) throws(KernelError) {
    switch form {
    case .createBond(let name, let settings): try create(name, settings)
    case .setOptions(let bond, let settings): try write(settings, to: bond)
    case .ioctl(let ioctl, let bond, let slave): try driver.call(ioctl, bond: bond, slave: slave)
    case .slaveOptions(let bond, let slave, let settings): try write(settings, of: slave, to: bond)
    case .deleteBond(let name): try driver.deleteBond(name)
    }
  }

  /// sysfs creates a bond with nothing but its name: the options follow in their files, MTU
  /// and MAC over netlink, which every kernel has, by the index netlink gives the new bond.
  /// Like a netlink create, all or nothing: a bond a later step failed on goes again.
  private func create(_ name: InterfaceName, _ settings: [BondSetting]) throws(KernelError) {
    try driver.createBond(name)
    do throws(KernelError) {
      try write(settings.filter { $0.option.bondAttribute != nil }, to: name)
      let linkChanges = settings.compactMap { setting -> ((LinkRef) -> KernelRequest)? in
        switch (setting.option, setting.value) {
        case (.mtu, .number(let mtu)): return { .setMTU($0, UInt32(mtu)) }
        case (.hwaddr, .hardwareAddress(let mac)): return { .setHardwareAddress($0, mac) }
        default: return nil
        }
      }
      guard !linkChanges.isEmpty else { return }
      guard let bond = try netlink.link(named: name) else { throw KernelError(.ENODEV) }
      for change in linkChanges { try netlink.perform(change(bond.ref)) }
    } catch {
      try? driver.deleteBond(name)
      throw error
    }
  }

  /// Writes each option's file in turn; the caller's order is the table's, which puts mode
  /// first.
  private func write(_ settings: [BondSetting], to bond: InterfaceName) throws(KernelError) {
    for setting in settings {
      let option = setting.option
      switch setting.value {
      case .ipv4(let targets):
        try replaceTargets(of: option, on: bond, with: targets.map(\.description))
      case .ipv6(let targets):
        try replaceTargets(of: option, on: bond, with: targets.map(\.description))
      default:
        try explainingMissingFile(of: option) { () throws(KernelError) in
          try driver.write(.value(option.format(setting.value)), to: option.kernelName, of: bond)
        }
      }
    }
  }

  /// The bond's file of a slave option takes "SLAVE:VALUE"; the others have no file on any
  /// kernel. In the table's order, as netlink applies them.
  private func write(_ settings: [SlaveSetting], of slave: InterfaceName, to bond: InterfaceName)
    throws(KernelError)
  {
    for setting in settings {
      let option = setting.option
      guard option.sysfs else {
        throw KernelError(
          .ENOENT,
          message: "\(option.kernelName) has no sysfs file on any kernel: it is set over"
            + " netlink only, from Linux \(option.since)")
      }
      try driver.write(.value("\(slave):\(setting.value)"), to: option.kernelName, of: bond)
    }
  }

  /// The target files add (`+`) and remove (`-`) one address at a time; a netlink list
  /// replaces the whole, and so does this.
  private func replaceTargets(of option: BondOption, on bond: InterfaceName, with targets: [String])
    throws(KernelError)
  {
    let file = option.kernelName
    let current = try explainingMissingFile(of: option) { () throws(KernelError) in
      try driver.read(file, of: bond)
    }
    for old in current.split(separator: " ") {
      try driver.write(.remove(String(old)), to: file, of: bond)
    }
    for new in targets { try driver.write(.add(new), to: file, of: bond) }
  }

  /// A missing option file is a kernel older than the option, said in words: ENOENT would
  /// read "No such file or directory". It stays ENOENT, a real answer no other path changes.
  private func explainingMissingFile<T>(of option: BondOption, _ step: () throws(KernelError) -> T)
    throws(KernelError) -> T
  {
    do {
      return try step()
    } catch  where error.errno == .ENOENT {
      throw KernelError(
        .ENOENT,
        message: "no sysfs file for \(option.kernelName) on this kernel: the option needs"
          + " Linux \(option.since) or later, and newer options are set over netlink only")
    }
  }
}
