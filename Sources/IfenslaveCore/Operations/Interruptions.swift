// SPDX-License-Identifier: GPL-2.0-or-later
/// A signal that asked the run to stop: SIGINT, SIGTERM or SIGHUP.
struct Interruption: Hashable, Sendable, CustomStringConvertible {
  let signal: Int32
  let name: String

  var description: String { name }
}

/// Tells the executor whether the user asked to stop. The signals are held while a run
/// changes interfaces, so that a slave is never left half done: the executor asks between
/// slaves, finishes or restores the one in flight, and stops before the next.
protocol Interruptions {
  func pending() -> Interruption?
}

/// For runs no signal can stop half way, such as the tests'.
struct NoInterruptions: Interruptions {
  func pending() -> Interruption? { nil }
}
