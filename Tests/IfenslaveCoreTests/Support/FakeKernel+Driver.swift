// SPDX-License-Identifier: GPL-2.0-or-later
@testable import IfenslaveCore

/// The bonding driver without netlink: bonding_masters, the option files and the SIOCBOND*
/// ioctls, each call one action, with the errors `LegacyDriver` turns the kernel's into.
/// sysfs and ioctls carry no extended ACK: the driver's errno alone comes back.
extension FakeKernel: LegacyDriverPort {
  func createBond(_ name: InterfaceName) throws(KernelError) {
    try record("sysfs: create \(name)", changes: true)
    try requireDriver()
    try errnoAlone { () throws(KernelError) in _ = add(try newBond(name)) }
  }

  func deleteBond(_ name: InterfaceName) throws(KernelError) {
    try record("sysfs: delete \(name)", changes: true)
    try requireDriver()
    // bonding_masters: "unable to delete non-existent"
    guard let bond = table.first(where: { $0.name == name }), bond.isBond else {
      throw KernelError(.ENODEV)
    }
    delete(bond)
  }

  func write(_ change: OptionWrite, to file: String, of name: InterfaceName) throws(KernelError) {
    let path = Self.path(file, of: name)
    switch change {
    case .value(let text): try record("sysfs: \(name) \(file) \(text)", changes: true)
    case .add(let target): try record("sysfs: \(path) +\(target)", changes: true)
    case .remove(let target): try record("sysfs: \(path) -\(target)", changes: true)
    }
    // bonding/queue_id takes "SLAVE:ID" for any slave of the bond.
    if file == "queue_id", case .value(let text) = change {
      guard table.contains(where: { $0.name == name && $0.isBond }) else {
        throw KernelError(.ENOENT, message: "this kernel has no \(path)")
      }
      let parts = text.split(separator: ":", maxSplits: 1)
      guard parts.count == 2, let id = Int64(parts[1]),
        let slave = table.first(where: { $0.name.rawValue == parts[0] }),
        slave.master == table.first(where: { $0.name == name })?.index
      else { throw KernelError(.EPERM) }
      try errnoAlone { () throws(KernelError) in try set(DriverSlaveOption.queueID, id, on: slave) }
      return
    }
    let (found, option) = try optionFile(file, of: name)
    var bond = found
    defer { replace(bond) }
    try errnoAlone { () throws(KernelError) in
      switch (change, option.values) {
      case (.value(let text), _):
        let interface = { (text: String) -> LinkRef? in
          (try? InterfaceName(validating: text)).map {
            LinkRef($0, index: self.table.first { $0.name.rawValue == text }?.index)
          }
        }
        // The target files answer a value without "+" or "-" with EPERM.
        if case .ipv4Targets = option.values { throw KernelError(.EPERM) }
        if case .ipv6Targets = option.values { throw KernelError(.EPERM) }
        guard let value = option.parse(text, interface: interface) else {
          throw KernelError(.EINVAL)
        }
        try set(option, value, on: &bond)
      case (.add(let text), .ipv4Targets), (.remove(let text), .ipv4Targets):
        guard let address = IPv4Address(parsing: text),
          case .ipv4(var list)? = bond.bond?.values[option.attribute] ?? .ipv4([])
        else { throw KernelError(.EINVAL) }
        try edit(&list, address, adding: change == .add(text))
        try set(option, .ipv4(list), on: &bond)
      case (.add(let text), .ipv6Targets), (.remove(let text), .ipv6Targets):
        guard let address = IPv6Address(parsing: text),
          case .ipv6(var list)? = bond.bond?.values[option.attribute] ?? .ipv6([])
        else { throw KernelError(.EINVAL) }
        try edit(&list, address, adding: change == .add(text))
        try set(option, .ipv6(list), on: &bond)
      case (.add, _), (.remove, _):
        throw KernelError(.EINVAL)
      }
    }
  }

  /// One target more or less: the driver refuses a duplicate, a full table (16) and a
  /// target it does not have, with EINVAL.
  private func edit<Address: Equatable>(_ list: inout [Address], _ address: Address, adding: Bool)
    throws(KernelError)
  {
    if adding {
      guard !list.contains(address), list.count < 16 else { throw KernelError(.EINVAL) }
      list.append(address)
    } else {
      guard let i = list.firstIndex(of: address) else { throw KernelError(.EINVAL) }
      list.remove(at: i)
    }
  }

  func read(_ file: String, of name: InterfaceName) throws(KernelError) -> String {
    try record("sysfs: read \(name) \(file)", changes: false)
    if file == "slaves", let bond = table.first(where: { $0.name == name && $0.isBond }) {
      return enslaved.compactMap { index in
        table.first { $0.index == index && $0.master == bond.index }?.name.rawValue
      }
      .joined(separator: " ")
    }
    let (bond, option) = try optionFile(file, of: name)
    if option.file == DriverOption.primary.file { return configuredPrimaries[name] ?? "" }
    return option.show(bond.bond?.values[option.attribute]) { index in
      self.table.first { $0.index == index }?.name.rawValue
    }
  }

  func call(_ ioctl: SlaveIoctl, bond name: InterfaceName, slave slaveName: InterfaceName)
    throws(KernelError)
  {
    try record("ioctl: \(ioctl.rawValue) \(name) \(slaveName)", changes: true)
    guard let bond = table.first(where: { $0.name == name }) else { throw KernelError(.ENODEV) }
    // Only a bond has the SIOCBOND* ioctls.
    guard bond.isBond else { throw KernelError(.EOPNOTSUPP) }
    guard var slave = table.first(where: { $0.name == slaveName }) else {
      throw KernelError(.ENODEV)
    }
    try errnoAlone { () throws(KernelError) in
      switch ioctl {
      case .enslave: try enslave(slave, to: bond)
      case .changeActive: try makeActive(slave, of: bond)
      case .release:
        guard slave.master == bond.index else { throw KernelError(.EINVAL) }
        release(&slave, from: bond.index)
      }
    }
  }

  func status(of ref: LinkRef) throws(KernelError) -> LegacyBondStatus {
    try record("ioctl: SIOCBONDINFOQUERY \(ref); sysfs: \(ref)/bonding", changes: false)
    let link = try existing(ref)
    guard var info = link.bond else { throw KernelError(.EOPNOTSUPP) }
    for attribute in sysfsMissing { info.values[attribute] = nil }
    var slaves: [InterfaceName: BondSlaveInfo] = [:]
    for slave in table where slave.master == link.index { slaves[slave.name] = slave.bondSlave }
    return LegacyBondStatus(info: info, slaves: slaves)
  }

  // MARK: - What LegacyDriver makes of the kernel's answers

  static func path(_ file: String, of bond: InterfaceName) -> String {
    "/sys/class/net/\(bond)/bonding/\(file)"
  }

  private func requireDriver() throws(KernelError) {
    guard bondingLoaded else {
      throw KernelError(.EOPNOTSUPP, message: "no /sys/class/net/bonding_masters")
    }
  }

  /// The bond and the option behind a file this kernel has.
  private func optionFile(_ file: String, of name: InterfaceName) throws(KernelError) -> (
    Link, DriverOption
  ) {
    guard let bond = table.first(where: { $0.name == name && $0.isBond }),
      let option = DriverOption.file(file),
      !sysfsMissing.contains(option.attribute)
    else { throw KernelError(.ENOENT, message: "this kernel has no \(Self.path(file, of: name))") }
    return (bond, option)
  }

  private func errnoAlone(_ body: () throws(KernelError) -> Void) throws(KernelError) {
    do { try body() } catch { throw KernelError(error.errno) }
  }
}
