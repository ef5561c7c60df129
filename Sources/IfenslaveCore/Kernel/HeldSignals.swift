// SPDX-License-Identifier: GPL-2.0-or-later
internal import Glibc

/// SIGINT, SIGTERM and SIGHUP held (blocked) from start to exit, so that an interrupt never
/// lands between taking a slave down and enslaving or restoring it. The executor polls for
/// them between slaves; `release()` lets a pending one take its default effect, so a
/// script sees ifenslave die of the signal, as it expects of an interrupted command.
final class HeldSignals: Interruptions {
  private static let held: [Interruption] = [
    Interruption(signal: SIGINT, name: "SIGINT"),
    Interruption(signal: SIGTERM, name: "SIGTERM"),
    Interruption(signal: SIGHUP, name: "SIGHUP"),
  ]
  private var set = sigset_t()

  init() {
    sigemptyset(&set)
    for interruption in Self.held {
      // One the parent ignores (SIGINT and a job started with &) does not stop the run:
      // held, Linux would keep it pending.
      var action = sigaction()
      sigaction(interruption.signal, nil, &action)
      let handler = unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self)
      if handler == unsafeBitCast(SIG_IGN, to: Int.self) { continue }
      sigaddset(&set, interruption.signal)
    }
    sigprocmask(SIG_BLOCK, &set, nil)
  }

  func pending() -> Interruption? {
    var pending = sigset_t()
    sigpending(&pending)
    return Self.held.first {
      sigismember(&pending, $0.signal) == 1 && sigismember(&set, $0.signal) == 1
    }
  }

  /// Unblocks the signals: one that arrived meanwhile ends the process now, by its default
  /// action.
  func release() {
    sigprocmask(SIG_UNBLOCK, &set, nil)
  }
}
