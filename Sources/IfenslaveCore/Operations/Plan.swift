/// Everything a command will do, decided before anything is touched.
///
/// The executor carries it out in three phases: the bond (create or configure, all or
/// nothing), each slave (each one all or nothing, the others go on, as ifenslave 1.1.0 did),
/// and the steps that need the slaves in place (all or nothing for the whole run).
public struct Plan: Sendable {
  /// A change and how to take it back.
  public struct Step: Sendable {
    public var request: KernelRequest
    /// Requests that put back what `request` changed, on a bond that existed before.
    public var undo: [KernelRequest]
    /// A slave that must be in the bond for the step to make sense.
    public var needsSlave: InterfaceName?

    public init(_ request: KernelRequest, undo: [KernelRequest] = [], needsSlave: InterfaceName? = nil) {
      self.request = request
      self.undo = undo
      self.needsSlave = needsSlave
    }
  }

  /// What happens to one slave.
  public enum SlaveTask: Sendable {
    case change(SlaveChange)
    /// Nothing to do: the slave is already where the command wants it.
    case nothing(InterfaceName, because: String)
    /// The slave is refused before anything is touched.
    case refuse(InterfaceName, Failure)

    public var name: InterfaceName {
      switch self {
      case .change(let change): change.before.name
      case .nothing(let name, _), .refuse(let name, _): name
      }
    }
  }

  /// The steps for one slave, with its state before them so that it can be put back.
  public struct SlaveChange: Sendable {
    public var before: Link
    public var addresses: [InterfaceAddress]
    public var steps: [KernelRequest]
    /// Whether a failure puts the slave back as `before`; a release is one kernel step.
    public var restorable: Bool

    public init(before: Link, addresses: [InterfaceAddress] = [], steps: [KernelRequest], restorable: Bool) {
      self.before = before
      self.addresses = addresses
      self.steps = steps
      self.restorable = restorable
    }
  }

  /// The bond; its index is nil until the plan creates it.
  public var bond: LinkRef
  /// Whether the plan creates the bond, which it deletes again if configuring it fails.
  public var createsBond = false
  public var bondSteps: [Step] = []
  public var slaves: [SlaveTask] = []
  public var finishSteps: [Step] = []
  /// Things to tell the user that do not stop the command.
  public var notes: [String] = []

  public init(bond: LinkRef) { self.bond = bond }

  /// The steps in order, as `--dry-run` prints them.
  public var lines: [String] {
    var lines = bondSteps.map(\.request.description)
    for task in slaves {
      if case .change(let change) = task { lines += change.steps.map(\.description) }
    }
    return lines + finishSteps.map(\.request.description)
  }

  public var refusals: [Failure] {
    slaves.compactMap { task in
      if case .refuse(_, let failure) = task { return failure }
      return nil
    }
  }
}
