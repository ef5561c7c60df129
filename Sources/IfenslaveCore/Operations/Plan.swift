// SPDX-License-Identifier: GPL-2.0-or-later
/// Everything a command will do, decided before anything is touched.
///
/// The executor carries it out in three phases: the bond (create or configure, all or
/// nothing), each slave (each one all or nothing, the others go on, as ifenslave 1.1.0 did),
/// and the steps that need the slaves in place (all or nothing for the whole run).
struct Plan: Sendable {
  /// A change and how to take it back.
  struct Step: Sendable {
    var request: KernelRequest
    /// Requests that put back what `request` changed, on a bond that existed before.
    var undo: [KernelRequest]
    /// A slave that must be in the bond for the step to make sense.
    var needsSlave: InterfaceName?

    init(_ request: KernelRequest, undo: [KernelRequest] = [], needsSlave: InterfaceName? = nil) {
      self.request = request
      self.undo = undo
      self.needsSlave = needsSlave
    }
  }

  /// What happens to one slave.
  enum SlaveTask: Sendable {
    case change(SlaveChange)
    /// Nothing to do: the slave is already where the command wants it.
    case nothing(InterfaceName, because: String)
    /// The slave is refused before anything is touched.
    case refuse(InterfaceName, Failure)

    var name: InterfaceName {
      switch self {
      case .change(let change): change.before.name
      case .nothing(let name, _), .refuse(let name, _): name
      }
    }
  }

  /// The steps for one slave, with its state before them so that it can be put back.
  struct SlaveChange: Sendable {
    var before: Link
    var addresses: [InterfaceAddress]
    var steps: [KernelRequest]
    /// Whether a failure puts the slave back as `before`; a release is one kernel step.
    var restorable: Bool

    init(before: Link, addresses: [InterfaceAddress] = [], steps: [KernelRequest], restorable: Bool)
    {
      self.before = before
      self.addresses = addresses
      self.steps = steps
      self.restorable = restorable
    }
  }

  /// `--force-down`: option changes the driver takes only on a down bond or one without
  /// slaves, with what the bond had that going down or losing its slaves takes away. It runs
  /// first, all or nothing, before the bond steps.
  struct Rebuild: Sendable {
    /// The bond as it was.
    var bond: Link
    var settings: [BondSetting]
    /// The values `settings` replace: what a failure puts back.
    var old: [BondSetting]
    /// Whether the bond goes down and up again.
    var takesDown: Bool
    /// The slaves released and enslaved again, in the bond's order; none when they stay.
    var slaves: [LinkRef]
    /// Their slave options that differ from the driver's defaults: a release drops them.
    var slaveSettings: [InterfaceName: [SlaveSetting]]
    /// The active slave, which the driver chooses again.
    var activeSlave: LinkRef?
    /// What the bond's down drops for good: its IPv6 addresses (but the link-local one it
    /// makes again) and every route through it but those the kernel makes itself.
    var addresses: [InterfaceAddress]
    var routes: [Route]
    /// The mode afterwards: whether there is an active slave, which slave options it takes.
    var mode: BondMode?

    /// Down, release (the active slave last, so that nothing fails over to a slave about to
    /// go), the options, enslave in the bond's order, up.
    var steps: [KernelRequest] {
      let ref = bond.ref
      var steps: [KernelRequest] = []
      if takesDown { steps.append(.setUp(ref, false)) }
      let active = slaves.filter { $0.index == activeSlave?.index }
      steps += (slaves.filter { $0.index != activeSlave?.index } + active).map {
        .release($0, from: ref)
      }
      if !settings.isEmpty { steps.append(.setBondOptions(ref, settings)) }
      steps += slaves.map { .enslave($0, to: ref) }
      if takesDown { steps.append(.setUp(ref, true)) }
      return steps
    }

    /// What is put back once the bond is up: each only where the kernel dropped it.
    var restoring: [KernelRequest] {
      var steps: [KernelRequest] = addresses.map { .addAddress($0) } + routes.map { .addRoute($0) }
      for slave in slaves {
        let settings = (slaveSettings[slave.name] ?? []).filter {
          mode.map($0.option.accepts) ?? true
        }
        if !settings.isEmpty { steps.append(.setSlaveOptions(slave, of: bond.ref, settings)) }
      }
      if let activeSlave, mode?.hasActiveSlave == true {
        steps.append(.setActiveSlave(bond: bond.ref, slave: activeSlave))
      }
      return steps
    }
  }

  /// The bond; its index is nil until the plan creates it.
  var bond: LinkRef
  /// Whether the plan creates the bond, which it deletes again if configuring it fails.
  var createsBond = false
  var bondSteps: [Step] = []
  var slaves: [SlaveTask] = []
  var finishSteps: [Step] = []
  var rebuild: Rebuild?
  /// Things to tell the user that do not stop the command.
  var notes: [String] = []

  /// The steps in order, as `--dry-run` prints them.
  var lines: [String] {
    var lines = rebuild.map { ($0.steps + $0.restoring).map(\.description) } ?? []
    lines += bondSteps.map(\.request.description)
    for task in slaves {
      if case .change(let change) = task { lines += change.steps.map(\.description) }
    }
    return lines + finishSteps.map(\.request.description)
  }

  var refusals: [Failure] {
    slaves.compactMap { task in
      if case .refuse(_, let failure) = task { return failure }
      return nil
    }
  }
}
