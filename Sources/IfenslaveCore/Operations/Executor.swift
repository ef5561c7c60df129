// SPDX-License-Identifier: GPL-2.0-or-later
/// Carries out a `Plan`: performs each step, reads back what the kernel may have ignored,
/// and puts things back when a step fails.
struct Executor {
  enum Outcome: Equatable {
    case finished(success: Bool)
    /// The bond appeared between the plan and its creation (the bonding module, loaded by
    /// the create request itself, made it): plan again against the bond that now exists.
    case bondAppeared
  }

  private struct StepFailure: Error {
    let failure: Failure
    /// What the kernel answered, when it was the kernel that refused.
    var kernelError: KernelError?
  }

  let kernel: Kernel
  let console: any Console
  let verbose: Bool
  let backend: BackendChoice
  let interruptions: any Interruptions
  /// The bonds this run created, with the index each was read back with, which the plan could
  /// not know: nil until then, and for good if reading back failed.
  private var created: [InterfaceName: InterfaceIndex?] = [:]

  init(
    kernel: Kernel, console: any Console, verbose: Bool, backend: BackendChoice,
    interruptions: any Interruptions = NoInterruptions()
  ) {
    self.kernel = kernel
    self.console = console
    self.verbose = verbose
    self.backend = backend
    self.interruptions = interruptions
  }

  mutating func run(_ plan: Plan) -> Outcome {
    for note in plan.notes { console.message(note) }
    if let rebuild = plan.rebuild, !self.rebuild(rebuild) { return .finished(success: false) }

    for (i, step) in plan.bondSteps.enumerated() {
      do {
        try perform(step.request)
      } catch {
        if case .createBond(let name, _) = step.request, bondAppeared(name, after: error) {
          return .bondAppeared
        }
        console.message(error.failure.description)
        undoBond(plan, through: i)
        return .finished(success: false)
      }
    }

    var success = true
    var changed: [Plan.SlaveChange] = []
    var inBond: Set<InterfaceName> = []
    for (i, task) in plan.slaves.enumerated() {
      // Between slaves, never inside one: the slave in flight is finished or put back.
      if let interruption = interruptions.pending() {
        let left = plan.slaves[i...].map(\.name.description).joined(separator: ", ")
        console.message("\(plan.bond.name): interrupted by \(interruption); not touched: \(left)")
        return .finished(success: false)
      }
      switch task {
      case .refuse(_, let failure):
        console.message(failure.description)
        success = false
      case .nothing(let name, let reason):
        if verbose { console.message("\(name): \(reason); nothing to do") }
        inBond.insert(name)
      case .change(let change):
        var enslaveRefused = false
        do throws(StepFailure) {
          for request in change.steps {
            do { try perform(request) } catch {
              if case .enslave = request, error.kernelError != nil { enslaveRefused = true }
              throw error
            }
            if let note = request.meaning.doneNote { console.message(note) }
          }
          changed.append(change)
          inBond.insert(change.before.name)
        } catch {
          console.message(error.failure.description)
          if change.restorable { restore(change, bond: plan.bond, enslaved: !enslaveRefused) }
          success = false
        }
      }
    }

    var finished: [Plan.Step] = []
    for step in plan.finishSteps {
      if let slave = step.needsSlave, !inBond.contains(slave) {
        console.message(
          Failure(step.request.meaning.failureWhat, "\(slave) is not a slave of \(plan.bond.name)")
            .description)
        success = false
        continue
      }
      do {
        try perform(step.request)
        finished.append(step)
      } catch {
        console.message(error.failure.description)
        // The run was all or nothing for these: put back what they changed (the failed one
        // too, which the kernel may have applied in part), then the slaves and the bond.
        for done in ([step] + finished.reversed()) {
          for request in done.undo { attempt(request, while: "putting \(plan.bond.name) back") }
        }
        for change in changed.reversed() where change.restorable {
          restore(change, bond: plan.bond, enslaved: true)
        }
        undoBond(plan, through: plan.bondSteps.count - 1)
        return .finished(success: false)
      }
    }
    return .finished(success: success)
  }

  // MARK: - Performing and checking

  /// Performs a step over netlink, and over ioctls and sysfs where the kernel shows that
  /// netlink cannot do it (or `--backend ioctl` says so); then checks that it took.
  private mutating func perform(_ request: KernelRequest) throws(StepFailure) {
    let resolved = resolve(request)
    if backend == .ioctl && resolved.meaning.legacy != nil {
      try performLegacy(resolved, for: request)
      return
    }
    var outcome = Fallback.Outcome.acknowledged
    do throws(KernelError) { try kernel.netlink.perform(resolved) } catch {
      outcome = .refused(error)
    }
    if outcome.refusal == nil {
      noteCreated(resolved)
      outcome = try readBack(resolved, for: request)
    }
    switch Fallback.decide(resolved, outcome) {
    case .done:
      return
    case .useLegacy(let legacy, _) where backend == .auto:
      if verbose {
        console.message("netlink did not do it on this kernel: \(legacy) over ioctls and sysfs")
      }
      try performLegacy(resolve(legacy), for: request)
    case .report(let why), .useLegacy(_, let why):
      throw StepFailure(
        failure: Failure(request.meaning.failureWhat, why), kernelError: outcome.refusal)
    }
  }

  /// Fills in the indexes of interfaces created earlier in this run.
  private func resolve(_ request: KernelRequest) -> KernelRequest {
    request.mapLinks { ref in
      ref.index != nil ? ref : LinkRef(ref.name, index: created[ref.name] ?? nil)
    }
  }

  /// A bond the kernel acknowledged creating is this run's to delete again, even before it
  /// is read back.
  private mutating func noteCreated(_ request: KernelRequest) {
    if case .createBond(let name, _) = request { created[name] = .some(nil) }
  }

  /// What reading back after an acknowledged request finds: the bond or slave it changed,
  /// seen through netlink, or through the legacy path's own view when `legacy` is set. A
  /// read that fails is the step's failure: what the kernel did is not known.
  private mutating func readBack(
    _ request: KernelRequest, for original: KernelRequest, legacy: Bool = false
  ) throws(StepFailure) -> Fallback.Outcome {
    guard let expected = request.meaning.readBack else { return .acknowledged }
    let name = expected.name
    var link: Link?
    do throws(KernelError) {
      link = try kernel.netlink.link(named: name)
      if legacy, let bond = link, bond.isBond {
        link?.bond = try kernel.driver.status(of: bond.ref).info
      }
      // Before 3.14 only the legacy status (/proc/net/bonding) shows a slave's settings.
      if legacy, case .slaveOptions(_, let bond, _) = expected, link?.bondSlave == nil {
        link?.bondSlave = try kernel.driver.status(of: bond).slaves[name]
      }
    } catch {
      throw StepFailure(
        failure: Failure(
          original.meaning.failureWhat,
          "the kernel acknowledged it, but reading \(name) back failed: \(error)"))
    }
    if case .bond(_, _, new: true) = expected {
      // Gone, or not a bond: not this run's to delete.
      if let link, link.isBond { created[name] = link.index } else { created[name] = nil }
    }
    return .readBack(link)
  }

  private mutating func performLegacy(_ request: KernelRequest, for original: KernelRequest)
    throws(StepFailure)
  {
    guard let form = request.meaning.legacy else {
      preconditionFailure("\(request) has no legacy form")
    }
    do {
      try LegacyPath(netlink: kernel.netlink, driver: kernel.driver).perform(form)
    } catch {
      throw StepFailure(
        failure: Failure(original.meaning.failureWhat, request.meaning.reason(for: error)),
        kernelError: error)
    }
    noteCreated(request)
    let outcome = try readBack(request, for: original, legacy: true)
    // There is no path after this one: what the kernel did not report is an error here.
    var problem: String?
    switch (request.meaning.readBack, outcome) {
    case (.bond(_, let settings, let new)?, .readBack(let link?)) where !new || link.isBond:
      problem = Readback.mismatch(settings, on: link)
    case (.slaveOptions(_, _, let settings)?, .readBack(let link?)):
      problem = Readback.slaveMismatch(settings, on: link.bondSlave)?.why
    default:
      switch Fallback.decide(request, outcome) {
      case .done: problem = nil
      case .report(let why), .useLegacy(_, let why): problem = why
      }
    }
    if let problem { throw StepFailure(failure: Failure(original.meaning.failureWhat, problem)) }
  }

  /// A create that failed with EEXIST because the bond now exists.
  private func bondAppeared(_ name: InterfaceName, after error: StepFailure) -> Bool {
    guard error.kernelError?.errno == .EEXIST else { return false }
    return (try? kernel.netlink.link(named: name))?.isBond == true
  }

  // MARK: - Putting things back

  /// Undoes the bond phase up to step `last`: deletes a bond this run created, otherwise
  /// gives the old values back.
  private mutating func undoBond(_ plan: Plan, through last: Int) {
    defer { if let rebuild = plan.rebuild { rollBack(rebuild, optionsTried: true) } }
    guard last >= 0 else { return }
    if plan.createsBond {
      guard let known = created[plan.bond.name] else { return }
      let index =
        known
        ?? (try? kernel.netlink.link(named: plan.bond.name)).flatMap { $0.isBond ? $0.index : nil }
      attempt(
        .deleteLink(LinkRef(plan.bond.name, index: index)),
        while: "deleting \(plan.bond.name) again")
      return
    }
    for step in plan.bondSteps[...last].reversed() {
      for request in step.undo {
        attempt(request, while: "putting \(plan.bond.name) back")
      }
    }
  }

  // MARK: - --force-down

  /// The changes that need the bond down or without slaves, then what the kernel dropped on
  /// the way; after a failure, the bond as it was.
  private mutating func rebuild(_ rebuild: Plan.Rebuild) -> Bool {
    var optionsTried = false
    do throws(StepFailure) {
      for request in rebuild.steps {
        if case .setBondOptions = request { optionsTried = true }
        try perform(request)
      }
      for request in try putBack(rebuild) { try perform(request, existingIsDone: true) }
      return true
    } catch {
      console.message(error.failure.description)
      rollBack(rebuild, optionsTried: optionsTried)
      return false
    }
  }

  /// Performs a step of putting back: an address or route the kernel kept is there already.
  private mutating func perform(_ request: KernelRequest, existingIsDone: Bool) throws(StepFailure)
  {
    do { try perform(request) } catch {
      // (A `catch where` here crashes the 6.3 release compiler.)
      guard existingIsDone, case .EEXIST? = error.kernelError?.errno else { throw error }
    }
  }

  /// What is left to put back: `Rebuild.restoring`, less what the bond shows it kept, and its
  /// MAC, which the last release and the first enslave may have changed.
  private func putBack(_ rebuild: Plan.Rebuild) throws(StepFailure) -> [KernelRequest] {
    let name = rebuild.bond.name
    let now: Link?
    do { now = try kernel.netlink.link(named: name) } catch {
      throw StepFailure(failure: Failure("\(name): cannot read it back", error.description))
    }
    guard let now else { throw StepFailure(failure: Failure(name.rawValue, "the bond is gone")) }
    var requests: [KernelRequest] = []
    if !rebuild.slaves.isEmpty, let mac = rebuild.bond.hardwareAddress, now.hardwareAddress != mac {
      requests.append(.setHardwareAddress(now.ref, mac))
    }
    for request in rebuild.restoring {
      if case .setActiveSlave(_, let slave) = request, now.bond?.activeSlave == slave.index {
        continue
      }
      requests.append(request)
    }
    return requests
  }

  /// Back to the bond as it was, from wherever the rebuild stopped: each step decided on what
  /// the kernel shows now, so that nothing that already holds is changed again.
  private mutating func rollBack(_ rebuild: Plan.Rebuild, optionsTried: Bool) {
    let ref = rebuild.bond.ref
    let context = "putting \(ref.name) back"
    let now = try? kernel.netlink.link(named: ref.name)
    let members = (try? kernel.netlink.links().filter { $0.master == ref.index }) ?? []
    // Any slave out, and the rest go too: enslaved again in order, they are as they were.
    let slavesOut = rebuild.slaves.contains { slave in !members.contains { $0.index == slave.index }
    }
    let releasing = slavesOut || (optionsTried && !rebuild.slaves.isEmpty)
    if rebuild.takesDown && now?.isUp != false && (optionsTried || releasing) {
      attempt(.setUp(ref, false), while: context)
    }
    if releasing {
      for member in members { attempt(.release(member.ref, from: ref), while: context) }
    }
    if optionsTried && !rebuild.old.isEmpty {
      attempt(.setBondOptions(ref, rebuild.old), while: context)
    }
    if releasing {
      for slave in rebuild.slaves { attempt(.enslave(slave, to: ref), while: context) }
    }
    if rebuild.bond.isUp && (try? kernel.netlink.link(named: ref.name))??.isUp == false {
      attempt(.setUp(ref, true), while: context)
    }
    var old = rebuild
    old.mode = rebuild.bond.bond?.mode ?? rebuild.mode
    if let requests = try? putBack(old) {
      for request in requests {
        do throws(StepFailure) { try perform(request, existingIsDone: true) } catch {
          console.message("\(error.failure.what) while \(context): \(error.failure.why)")
        }
      }
    }
    console.message("\(ref.name): put back as it was before this command")
  }

  /// Puts a slave back as it was before the run: master, MTU, MAC, addresses, admin state.
  /// `enslaved`: whether this run's enslave may have taken (it was not refused). If it was
  /// refused and the slave has a master now, another command enslaved it meanwhile: its work
  /// is not undone.
  private mutating func restore(_ change: Plan.SlaveChange, bond: LinkRef, enslaved: Bool) {
    let before = change.before
    let context = "putting \(before.name) back"
    guard var now = try? kernel.netlink.link(named: before.name) else {
      console.message("\(before.name): cannot put it back: the interface is gone")
      return
    }
    var restored = false
    if before.master == nil, let master = now.master {
      let bondIndex = bond.index ?? created[bond.name] ?? nil
      let owner = master == bondIndex ? bond.name : InterfaceName(kernel: "interface \(master)")
      guard enslaved else {
        console.message(
          "\(before.name): left as it is: it became a slave of \(owner) meanwhile, by another command"
        )
        return
      }
      restored = attempt(.release(now.ref, from: LinkRef(owner, index: master)), while: context)
      // Releasing closes the slave and gives its MTU back: compare with what is left.
      if let released = try? kernel.netlink.link(named: before.name) { now = released }
    }
    let ref = now.ref
    if now.mtu != before.mtu {
      restored = attempt(.setMTU(ref, before.mtu), while: context) || restored
    }
    if let mac = before.hardwareAddress, now.hardwareAddress != mac {
      restored = attempt(.setHardwareAddress(ref, mac), while: context) || restored
    }
    let present = (try? kernel.netlink.addresses(of: ref)) ?? []
    for address in change.addresses
    where !present.contains(where: {
      $0.local == address.local && $0.prefixLength == address.prefixLength
    }) {
      var address = address
      address.link = ref
      restored = attempt(.addAddress(address), while: context) || restored
    }
    if now.isUp != before.isUp {
      restored = attempt(.setUp(ref, before.isUp), while: context) || restored
    }
    if restored { console.message("\(before.name): put back as it was before this command") }
  }

  /// Performs a step of putting things back, the way any step goes; a failure is reported,
  /// not thrown.
  @discardableResult
  private mutating func attempt(_ request: KernelRequest, while context: String) -> Bool {
    if verbose { console.message("\(context): \(resolve(request))") }
    do {
      try perform(request)
      return true
    } catch {
      console.message("\(error.failure.what) while \(context): \(error.failure.why)")
      return false
    }
  }
}
