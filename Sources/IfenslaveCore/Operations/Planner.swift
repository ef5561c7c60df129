// SPDX-License-Identifier: GPL-2.0-or-later
/// Decides what a command will do from the kernel's current state. It only reads.
///
/// Every check that can be made before touching anything is made here, so that bad input
/// and impossible requests fail with nothing changed.
final class Planner {
  let kernel: Kernel
  let command: Command
  /// Interfaces already read for this plan: each is asked for once.
  private var seen: [InterfaceName: Link?] = [:]
  private var dumped: [Link]?
  /// Slaves' settings from a bond's legacy status, read once a bond.
  private var legacySlaves: [InterfaceName: [InterfaceName: BondSlaveInfo]] = [:]

  init(kernel: Kernel, command: Command) {
    self.kernel = kernel
    self.command = command
  }

  func plan() throws(Failure) -> Plan {
    switch command.action {
    case .enslave(let master, let slaves): return try enslave(master, slaves)
    case .release(let master, let slaves): return try release(master, slaves)
    case .changeActive(let master, let slave): return try changeActive(master, slave)
    case .destroy(let master): return try destroy(master)
    case .show, .showAll, .monitor, .help, .usage, .version, .teamd, .check, .export:
      preconditionFailure("\(command.action) is not planned")
    }
  }

  // MARK: - Reading

  private func link(_ name: InterfaceName) throws(Failure) -> Link? {
    if let known = seen[name] { return known }
    do {
      let found = try kernel.netlink.link(named: name).map(
        BondReader(driver: kernel.driver, backend: command.backend).complete)
      seen[name] = .some(found)
      return found
    } catch {
      throw Failure("\(name): cannot read the interface", error.description)
    }
  }

  private func bond(_ name: InterfaceName) throws(Failure) -> Link {
    guard let bond = try link(name) else { throw Failure(name.rawValue, "no such interface") }
    guard bond.isBond else { throw Failure(name.rawValue, "not a bond (\(bond.kindDescription))") }
    return bond
  }

  /// Every interface, from one dump a plan.
  private func allLinks() throws(Failure) -> [Link] {
    if let dumped { return dumped }
    do { dumped = try kernel.netlink.links() } catch {
      throw Failure("cannot list interfaces", error.description)
    }
    return dumped ?? []
  }

  private func slaves(of bond: Link) throws(Failure) -> [Link] {
    try allLinks().filter { $0.master == bond.index }
  }

  // MARK: - Enslave, and creating or configuring the bond

  private func enslave(_ master: InterfaceName, _ slaveNames: [InterfaceName]) throws(Failure)
    -> Plan
  {
    let existing = try link(master)
    var plan = Plan(bond: LinkRef(master, index: existing?.index))
    let settings = command.settings.filter { $0.option != .primary }

    if let existing {
      guard existing.isBond else {
        throw Failure(master.rawValue, "exists and is not a bond (\(existing.kindDescription))")
      }
      try configure(existing, settings, into: &plan)
    } else {
      let mode = command.value(.mode).flatMap(BondMode.init(optionValue:)) ?? .balanceRR
      var miimon: UInt64 = mode.usesARPMonitoring ? 0 : 100
      if case .number(let n)? = command.value(.miimon) { miimon = n }
      if let conflict = SettingsCheck.conflict(in: settings, mode: mode, miimon: miimon) {
        throw Failure(master.rawValue, conflict)
      }
      plan.notes += Self.roundingNotes(settings, miimon: miimon, bond: master)
      plan.createsBond = true
      plan.bondSteps.append(Plan.Step(.createBond(master, settings)))
      plan.bondSteps.append(Plan.Step(.setUp(plan.bond, true)))
    }

    for name in slaveNames {
      plan.slaves.append(try enslaveTask(name, to: existing, plan: plan))
    }
    plan.finishSteps += try slaveOptionSteps(existing, plan: plan)
    if let step = try primaryStep(existing, plan: plan) { plan.finishSteps.append(step) }
    return plan
  }

  /// The slave options of every SLAVE named, once the slaves are in: for a slave already in
  /// the bond, only what differs, with its old values to put back, since the kernel applies
  /// a slave's message in part when it refuses one of its options.
  private func slaveOptionSteps(_ bond: Link?, plan: Plan) throws(Failure) -> [Plan.Step] {
    guard !command.slaveSettings.isEmpty || !command.portSettings.isEmpty else { return [] }
    let mode =
      command.value(.mode).flatMap(BondMode.init(optionValue:))
      ?? (bond == nil ? .balanceRR : bond?.bond?.mode)
    let named = plan.slaves.filter { if case .refuse = $0 { false } else { true } }
    if let conflict = SettingsCheck.conflict(
      in: command.slaveSettings, mode: mode, slaveCount: named.count)
    {
      throw Failure(plan.bond.name.rawValue, conflict)
    }
    /// The settings of one slave: those for every SLAVE, then its own, which win.
    func settings(of name: InterfaceName) -> [SlaveSetting] {
      let own = command.portSettings[name] ?? []
      return SlaveOption.all.compactMap { option in
        own.first { $0.option == option } ?? command.slaveSettings.first { $0.option == option }
      }
    }
    for task in named {
      if let conflict = SettingsCheck.conflict(
        in: settings(of: task.name), mode: mode, slaveCount: 1)
      {
        throw Failure(plan.bond.name.rawValue, conflict)
      }
    }
    // Queue IDs other than 0 are each one slave's: among those named, and against the rest.
    var queues: [Int64: InterfaceName] = [:]
    for task in named {
      guard let queue = settings(of: task.name).first(where: { $0.option == .queueID })?.value,
        queue != 0
      else { continue }
      if let other = queues[queue] {
        throw Failure(
          "\(plan.bond.name): cannot set queue_id of \(task.name)",
          "\(other) is given queue ID \(queue) too")
      }
      queues[queue] = task.name
    }
    var others: [Link] = []
    if let bond, !queues.isEmpty {
      others = try slaves(of: bond).filter { other in !named.contains { $0.name == other.name } }
    }
    var steps: [Plan.Step] = []
    for task in named {
      let wanted = settings(of: task.name)
      if let queue = wanted.first(where: { $0.option == .queueID }), queue.value != 0,
        let holder = others.first(where: {
          state(of: $0, in: bond)?.queueID.map(Int64.init) == queue.value
        })
      {
        throw Failure(
          "\(plan.bond.name): cannot set queue_id of \(task.name)",
          "\(holder.name) has queue ID \(queue.value)")
      }
      guard !wanted.isEmpty else { continue }
      switch task {
      case .change(let change):
        let ref = change.before.ref
        steps.append(Plan.Step(.setSlaveOptions(ref, of: plan.bond, wanted), needsSlave: ref.name))
      case .nothing(let name, _):
        guard let bond, let slave = try link(name) else { continue }
        let current = state(of: slave, in: bond)
        let changes = wanted.filter { current.flatMap($0.option.reported) != $0.value }
        guard !changes.isEmpty else { continue }
        let old = changes.compactMap { setting in
          current.flatMap(setting.option.reported).map { SlaveSetting(setting.option, $0) }
        }
        steps.append(
          Plan.Step(
            .setSlaveOptions(slave.ref, of: bond.ref, changes),
            undo: old.isEmpty ? [] : [.setSlaveOptions(slave.ref, of: bond.ref, old)]))
      case .refuse: break
      }
    }
    return steps
  }

  /// A slave's settings in its bond: from netlink, or from the legacy status where the kernel
  /// reports none over netlink (before 3.14).
  private func state(of slave: Link, in bond: Link?) -> BondSlaveInfo? {
    if let info = slave.bondSlave { return info }
    guard let bond, command.backend != .netlink else { return nil }
    if legacySlaves[bond.name] == nil {
      legacySlaves[bond.name] = (try? kernel.driver.status(of: bond.ref))?.slaves ?? [:]
    }
    return legacySlaves[bond.name]?[slave.name]
  }

  /// Steps that give an existing bond the requested settings: only the ones that differ,
  /// so that a rerun of the same line changes nothing.
  private func configure(_ bond: Link, _ settings: [BondSetting], into plan: inout Plan)
    throws(Failure)
  {
    let ref = bond.ref
    let changes = settings.filter { !Readback.holds($0, on: bond) }
    let bondChanges = changes.filter { $0.option.bondAttribute != nil }
    let info = bond.bond
    let mode = command.value(.mode).flatMap(BondMode.init(optionValue:)) ?? info?.mode

    var miimon = info?.number(.miimon)
    if let newMode = bondChanges.first(where: { $0.option == .mode }).flatMap({
      BondMode(optionValue: $0.value)
    }),
      !newMode.usesARPMonitoring, miimon == 0
    {
      miimon = 100  // bond_option_mode_set() turns MII monitoring on for these modes
    }
    if case .number(let n)? = bondChanges.first(where: { $0.option == .miimon })?.value {
      miimon = n
    }
    if let conflict = SettingsCheck.conflict(in: bondChanges, mode: mode, miimon: miimon) {
      throw Failure(bond.name.rawValue, conflict)
    }

    var slaveNames: [InterfaceName]?
    var releases = false
    var takesDown = false
    for setting in bondChanges {
      let what = "\(bond.name): cannot change \(setting.option.kernelName)"
      if setting.option.needs.contains(.noSlaves) {
        if slaveNames == nil { slaveNames = try slaves(of: bond).map(\.name) }
        let names = slaveNames ?? []
        if !names.isEmpty && command.forceDown {
          releases = true
        } else if !names.isEmpty {
          let list = names.map(\.rawValue).joined(separator: " ")
          throw Failure(
            what,
            "the kernel changes it only while the bond has no slaves, and \(bond.name) has \(list);"
              + " release them first (ifenslave -d \(bond.name) \(list)), or give --force-down")
        }
      }
      if setting.option.needs.contains(.bondDown) && bond.isUp {
        guard command.forceDown else {
          throw Failure(
            what,
            "the kernel changes it only while the bond is down; take \(bond.name) down first"
              + " (ip link set \(bond.name) down), which stops its traffic, or give --force-down")
        }
        takesDown = true
      }
    }
    plan.notes += Self.roundingNotes(bondChanges, miimon: miimon, bond: bond.name)

    if releases || takesDown {
      plan.rebuild = try rebuild(
        bond, bondChanges, mode: mode, releases: releases, takesDown: takesDown)
    } else if !bondChanges.isEmpty {
      let old = bondChanges.compactMap { setting in
        Readback.reported(setting, on: bond).map { BondSetting(setting.option, $0) }
      }
      plan.bondSteps.append(
        Plan.Step(
          .setBondOptions(ref, bondChanges), undo: old.isEmpty ? [] : [.setBondOptions(ref, old)]))
    }
    for setting in changes {
      switch (setting.option, setting.value) {
      case (.mtu, .number(let mtu)):
        plan.bondSteps.append(Plan.Step(.setMTU(ref, UInt32(mtu)), undo: [.setMTU(ref, bond.mtu)]))
      case (.hwaddr, .hardwareAddress(let mac)):
        let undo = bond.hardwareAddress.map { [KernelRequest.setHardwareAddress(ref, $0)] } ?? []
        plan.bondSteps.append(Plan.Step(.setHardwareAddress(ref, mac), undo: undo))
      default: break
      }
    }
    // ifenslave 1.1.0 refused a bond that was down; bringing it up is friendlier.
    if !bond.isUp {
      plan.bondSteps.append(Plan.Step(.setUp(ref, true), undo: [.setUp(ref, false)]))
    }
  }

  /// `--force-down`: what the bond has that the down or the releases take away, read now.
  private func rebuild(
    _ bond: Link, _ changes: [BondSetting], mode: BondMode?, releases: Bool, takesDown: Bool
  ) throws(Failure) -> Plan.Rebuild {
    let what =
      "\(bond.name): cannot take it down for \(changes.map(\.option.kernelName).joined(separator: ", "))"
    let all = try allLinks()
    if takesDown {
      // The kernel takes a VLAN or macvlan down with the bond and drops its addresses and
      // routes too, and a bridge port's state goes with it: those are not ifenslave's to put back.
      if let upper = all.first(where: { $0.lowerLink == bond.index }) {
        throw Failure(
          what,
          "\(upper.name) (\(upper.kindDescription)) sits on \(bond.name) and would go down with it; change it by hand"
        )
      }
      if let master = bond.master {
        let name =
          all.first { $0.index == master }.map { "\($0.name) (\($0.kindDescription))" }
          ?? "interface \(master)"
        throw Failure(
          what, "\(bond.name) is a port of \(name), which would lose it; change it by hand")
      }
    }
    var slaves = all.filter { $0.master == bond.index }
    // The driver's own order, in which the first slave gives the bond its MAC.
    if releases, let order = try? kernel.driver.read("slaves", of: bond.name) {
      let names = order.split(separator: " ").map(String.init)
      slaves.sort {
        (names.firstIndex(of: $0.name.rawValue) ?? .max)
          < (names.firstIndex(of: $1.name.rawValue) ?? .max)
      }
    }
    var slaveSettings: [InterfaceName: [SlaveSetting]] = [:]
    if releases {
      for slave in slaves {
        let info = state(of: slave, in: bond)
        let settings = SlaveOption.all.compactMap { option -> SlaveSetting? in
          guard let value = info.flatMap(option.reported), value != option.defaultValue else {
            return nil
          }
          return SlaveSetting(option, value)
        }
        if !settings.isEmpty { slaveSettings[slave.name] = settings }
      }
    }
    var addresses: [InterfaceAddress] = []
    var routes: [Route] = []
    if takesDown {
      do {
        // What keep_addr_on_down would keep: static addresses, not the link-local one.
        addresses = try kernel.netlink.addresses(of: [bond.ref], family: .any).filter { address in
          address.local.ipv4 == nil && address.scope != Self.linkScope
            && address.flags & Self.permanent != 0
        }
        routes = try kernel.netlink.routes(through: [bond.ref]).filter { !$0.isKernels }
      } catch {
        throw Failure("\(bond.name): cannot read its addresses and routes", error.description)
      }
    }
    let old = changes.compactMap { setting in
      Readback.reported(setting, on: bond).map { BondSetting(setting.option, $0) }
    }
    let active = bond.bond?.activeSlave.flatMap { index in slaves.first { $0.index == index } }
    return Plan.Rebuild(
      bond: bond, settings: changes, old: old, takesDown: takesDown,
      slaves: releases ? slaves.map(\.ref) : [],
      slaveSettings: slaveSettings, activeSlave: active?.ref, addresses: addresses, routes: routes,
      mode: mode)
  }

  /// `RT_SCOPE_LINK`, and `IFA_F_PERMANENT`: an address given by hand, not learnt.
  private static let linkScope: UInt8 = 253
  private static let permanent: UInt32 = 0x80

  private func enslaveTask(_ name: InterfaceName, to bond: Link?, plan: Plan) throws(Failure)
    -> Plan.SlaveTask
  {
    let what = "\(plan.bond.name): cannot enslave \(name)"
    guard let slave = try link(name) else {
      return .refuse(name, Failure(what, "no such interface"))
    }
    if let master = slave.master {
      if master == bond?.index {
        return .nothing(name, because: "already a slave of \(plan.bond.name)")
      }
      let owner = try? kernel.netlink.link(at: master)
      let ownerName = owner.map { "\($0.name) (\($0.kindDescription))" } ?? "interface \(master)"
      return .refuse(name, Failure(what, "\(name) already belongs to \(ownerName)"))
    }
    if slave.flags.contains(.loopback) {
      return .refuse(name, Failure(what, "\(name) is the loopback device"))
    }
    if slave.flags.contains(.master) && !slave.isBond {
      return .refuse(
        name,
        Failure(
          what,
          "\(name) is a master (\(slave.kindDescription)); only bonds can be enslaved to a bond"))
    }
    if let bond, bond.master == slave.index {
      return .refuse(
        name,
        Failure(
          what, "\(plan.bond.name) is a slave of \(name); enslaving \(name) would make a loop"))
    }
    let addresses: [InterfaceAddress]
    do { addresses = try kernel.netlink.addresses(of: slave.ref) } catch {
      return .refuse(name, Failure("\(name): cannot read its addresses", error.description))
    }
    var steps: [KernelRequest] = []
    // The kernel refuses to enslave a device that is up, and since 6.1 mishandles a down
    // and a master in one message: so two messages.
    if slave.isUp { steps.append(.setUp(slave.ref, false)) }
    // Secondaries first: removing a primary address also removes its secondaries.
    steps += addresses.reversed().map { .deleteAddress($0) }
    steps.append(.enslave(slave.ref, to: plan.bond))
    return .change(
      Plan.SlaveChange(before: slave, addresses: addresses, steps: steps, restorable: true))
  }

  /// The primary slave is set once the slaves are in: the kernel reports it only then.
  private func primaryStep(_ bond: Link?, plan: Plan) throws(Failure) -> Plan.Step? {
    guard case .interface(let ref)? = command.value(.primary) else { return nil }
    let what = "\(plan.bond.name): cannot set primary \(ref.name)"
    let mode =
      command.value(.mode).flatMap(BondMode.init(optionValue:))
      ?? (bond == nil ? .balanceRR : bond?.bond?.mode)
    if let mode, !mode.hasActiveSlave {
      let modes = BondMode.withActiveSlave.map(\.description).joined(separator: ", ")
      throw Failure(what, "mode \(mode) has no primary slave; only \(modes) have one")
    }
    guard let primary = try link(ref.name) else { throw Failure(what, "no such interface") }
    let isSlave = bond != nil && primary.master == bond?.index
    let willBe = plan.slaves.contains { task in
      if case .change(let change) = task { return change.before.name == ref.name }
      return false
    }
    guard isSlave || willBe else {
      throw Failure(what, "\(ref.name) is not a slave of \(plan.bond.name); name it as a SLAVE too")
    }
    if let bond, bond.bond?.primary == primary.index { return nil }
    let setting = BondSetting(.primary, .interface(primary.ref))
    // A primary this run enslaves must have made it in; one already enslaved is there.
    return Plan.Step(.setBondOptions(plan.bond, [setting]), needsSlave: isSlave ? nil : ref.name)
  }

  private static func roundingNotes(_ settings: [BondSetting], miimon: UInt64?, bond: InterfaceName)
    -> [String]
  {
    settings.compactMap { setting in
      guard setting.option.needs.contains(.miimon), case .number(let value) = setting.value,
        let miimon, miimon > 0, value % miimon != 0
      else { return nil }
      return "\(bond): \(setting.option.kernelName) \(value) is not a multiple of miimon \(miimon);"
        + " the kernel rounds it down to \(value / miimon * miimon)"
    }
  }

  // MARK: - Release, change active, destroy

  private func release(_ master: InterfaceName, _ slaveNames: [InterfaceName]) throws(Failure)
    -> Plan
  {
    let bond = try bond(master)
    var plan = Plan(bond: bond.ref)
    for name in slaveNames {
      let what = "\(master): cannot release \(name)"
      guard let slave = try link(name) else {
        plan.slaves.append(.refuse(name, Failure(what, "no such interface")))
        continue
      }
      guard slave.master == bond.index else {
        plan.slaves.append(.refuse(name, Failure(what, "\(name) is not a slave of \(master)")))
        continue
      }
      plan.slaves.append(
        .change(
          Plan.SlaveChange(
            before: slave, steps: [.release(slave.ref, from: bond.ref)], restorable: false)))
    }
    return plan
  }

  private func changeActive(_ master: InterfaceName, _ name: InterfaceName) throws(Failure) -> Plan
  {
    let bond = try bond(master)
    let what = "\(master): cannot make \(name) the active slave"
    if let mode = bond.bond?.mode, !mode.hasActiveSlave {
      let modes = BondMode.withActiveSlave.map(\.description).joined(separator: ", ")
      throw Failure(what, "mode \(mode) has no active slave; only \(modes) have one")
    }
    guard let slave = try link(name) else { throw Failure(what, "no such interface") }
    guard slave.master == bond.index else {
      throw Failure(what, "\(name) is not a slave of \(master)")
    }
    var plan = Plan(bond: bond.ref)
    if bond.bond?.activeSlave == slave.index {
      plan.slaves.append(.nothing(name, because: "already the active slave of \(master)"))
    } else {
      plan.finishSteps.append(Plan.Step(.setActiveSlave(bond: bond.ref, slave: slave.ref)))
    }
    return plan
  }

  private func destroy(_ master: InterfaceName) throws(Failure) -> Plan {
    guard let bond = try link(master) else { throw Failure(master.rawValue, "no such interface") }
    guard bond.isBond else {
      throw Failure(
        master.rawValue, "not a bond (\(bond.kindDescription)); --destroy only deletes bonds")
    }
    var plan = Plan(bond: bond.ref)
    // One RTM_DELLINK: the kernel releases every slave and deletes the bond atomically.
    plan.bondSteps.append(Plan.Step(.deleteLink(bond.ref)))
    return plan
  }
}

extension Link {
  /// "kind bridge", or "no kind" for a plain device, for messages.
  var kindDescription: String {
    if flags.contains(.loopback) { return "the loopback device" }
    return kind.map { "kind \($0)" } ?? "a plain device"
  }
}
