/// A signal that asked the run to stop: SIGINT, SIGTERM or SIGHUP.
public struct Interruption: Hashable, Sendable, CustomStringConvertible {
  public let signal: Int32
  public let name: String

  public init(signal: Int32, name: String) {
    self.signal = signal
    self.name = name
  }

  public var description: String { name }
}

/// Tells the executor whether the user asked to stop. The signals are held while a run
/// changes interfaces, so that a slave is never left half done: the executor asks between
/// slaves, finishes or restores the one in flight, and stops before the next.
public protocol Interruptions {
  func pending() -> Interruption?
}

/// For runs no signal can stop half way, such as the tests'.
public struct NoInterruptions: Interruptions {
  public init() {}
  public func pending() -> Interruption? { nil }
}
