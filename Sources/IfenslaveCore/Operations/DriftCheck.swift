// SPDX-License-Identifier: GPL-2.0-or-later
/// `--check`: whether the kernel already has what a command line asks for, without changing
/// anything: the bond exists, the options given have those values, the slaves named are in
/// it with the slave options given. A fleet reports drift with it.
struct DriftCheck {
  /// One way the kernel differs from the command line.
  struct Difference: Equatable {
    enum Kind: String {
      case bond, option, slave
      case slaveOption = "slave-option"
    }
    var bond: InterfaceName
    var kind: Kind
    var slave: InterfaceName?
    var option: String?
    /// What the kernel has, and what the command line wants; nil where there is nothing.
    var have: String?
    var want: String?
    var message: String

    var json: JSON {
      var members: [JSON.Member] = [
        .init("bond", .string(bond.rawValue)), .init("kind", .string(kind.rawValue)),
      ]
      if let slave { members.append(.init("slave", .string(slave.rawValue))) }
      if let option { members.append(.init("option", .string(option))) }
      members.append(.init("have", .text(have)))
      members.append(.init("want", .text(want)))
      members.append(.init("message", .string(message)))
      return .object(members)
    }
  }

  let kernel: Kernel
  let command: Command

  /// The differences, or a failure to read the kernel at all.
  func differences(master: InterfaceName, slaves: [InterfaceName]) throws(Failure) -> [Difference] {
    let reader = BondReader(driver: kernel.driver, backend: command.backend)
    let links: [Link]
    do { links = reader.complete(try kernel.netlink.links()) } catch {
      throw Failure("cannot list interfaces", error.description)
    }
    let names = Dictionary(
      links.map { ($0.index, $0.name) }, uniquingKeysWith: { first, _ in first })
    guard let bond = links.first(where: { $0.name == master }) else {
      return [Difference(bond: master, kind: .bond, message: "\(master): no such interface")]
    }
    guard bond.isBond else {
      return [
        Difference(
          bond: master, kind: .bond, message: "\(master): not a bond (\(bond.kindDescription))")
      ]
    }
    var found: [Difference] = []
    // The command line names an interface; the kernel reports its index.
    let settings = command.settings.map { setting -> BondSetting in
      guard case .interface(let ref) = setting.value,
        let link = links.first(where: { $0.name == ref.name })
      else { return setting }
      return BondSetting(setting.option, .interface(link.ref))
    }
    for setting in settings where !Readback.holds(setting, on: bond) {
      let option = setting.option
      let have = Readback.reported(setting, on: bond).map { shown($0, of: option, names: names) }
      // As asked: the kernel's rounding to a multiple of miimon is what the comparison allows.
      let want = shown(setting.value, of: option, names: names)
      let message =
        have.map { "\(master): \(option.kernelName) is \($0), wanted \(want)" }
        ?? "\(master): \(option.kernelName) is not reported by this kernel, wanted \(want)"
      found.append(
        Difference(
          bond: master, kind: .option, option: option.kernelName, have: have, want: want,
          message: message))
    }
    for name in slaves {
      guard let slave = links.first(where: { $0.name == name }) else {
        found.append(
          Difference(
            bond: master, kind: .slave, slave: name,
            message: "\(master): \(name) is not a slave: there is no such interface"))
        continue
      }
      guard slave.master == bond.index else {
        let elsewhere = slave.master.flatMap { names[$0] }.map { ": it is a slave of \($0)" } ?? ""
        found.append(
          Difference(
            bond: master, kind: .slave, slave: name,
            message: "\(master): \(name) is not a slave\(elsewhere)"))
        continue
      }
      for setting in command.slaveSettings {
        let option = setting.option
        let have = slave.bondSlave.flatMap(option.reported)
        guard have != setting.value else { continue }
        let message =
          have.map { "\(master): \(name)'s \(option.kernelName) is \($0), wanted \(setting.value)" }
          ?? "\(master): \(name)'s \(option.kernelName) is not reported by this kernel, wanted \(setting.value)"
        found.append(
          Difference(
            bond: master, kind: .slaveOption, slave: name, option: option.kernelName,
            have: have.map(String.init),
            want: String(setting.value), message: message))
      }
    }
    return found
  }

  /// A value as the option takes it, with an interface the kernel reports by index named.
  private func shown(
    _ value: OptionValue, of option: BondOption, names: [InterfaceIndex: InterfaceName]
  ) -> String {
    if case .interface = option.value, case .number(let index) = value,
      let name = names[InterfaceIndex(Int32(truncatingIfNeeded: index))]
    {
      return name.rawValue
    }
    return option.format(value)
  }
}
