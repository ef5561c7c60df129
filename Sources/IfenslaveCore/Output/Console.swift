// SPDX-License-Identifier: GPL-2.0-or-later
// @preconcurrency: stdout and stderr are C globals, which Swift cannot prove safe; ifenslave
// writes them from one thread.
@preconcurrency internal import Glibc

/// Where ifenslave writes: results on stdout, messages on stderr.
protocol Console: AnyObject {
  /// Writes `text` to stdout as it is.
  func write(_ text: String)
  /// Writes `text` to stderr as it is.
  func writeError(_ text: String)
  /// Sends what was written to stdout on now (a monitor's reader waits for each line).
  func flush()
}

extension Console {
  /// One line on stderr: `ifenslave: ` and `message`, whatever control characters a name or
  /// the kernel's text put in it.
  func message(_ message: String) {
    writeError("ifenslave: " + Quoted.escaped(message) + "\n")
  }

  /// Reports a usage error; returns exit status 2.
  func usageError(_ error: UsageError) -> Int32 {
    message(error.message)
    if error.showUsage { writeError(Help.usage) }
    return 2
  }
}

/// The process's stdout and stderr.
final class StandardConsole: Console {
  func write(_ text: String) {
    fputs(text, stdout)
  }

  func flush() {
    fflush(stdout)
  }

  func writeError(_ text: String) {
    // Flush first, so that messages and results keep their order on a shared terminal.
    fflush(stdout)
    fputs(text, stderr)
  }
}
