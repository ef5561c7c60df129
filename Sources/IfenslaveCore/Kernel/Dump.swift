// SPDX-License-Identifier: GPL-2.0-or-later
/// A dump that may not be whole, read again until it is.
///
/// The kernel marks a link dump `NLM_F_DUMP_INTR` when an interface came or went while it
/// was being read, and a socket that overran answers ENOBUFS: either way some interfaces may
/// be missing or doubled. Status must never show part of the system as if it were all of it,
/// so the dump is read again, and after `attempts` such reads the error says why.
enum Dump {
  static let attempts = 10

  /// The kernel's answer to a dump it marked `NLM_F_DUMP_INTR`, iproute2's words.
  static let interrupted = KernelError(
    .EINTR, message: "Dump was interrupted and may be inconsistent")

  static func isIncomplete(_ error: KernelError) -> Bool {
    error == interrupted || error.errno == .ENOBUFS
  }

  /// Runs `read` until it returns a whole dump; `retrying` hears of each incomplete one
  /// before the next read.
  static func whole<T>(
    _ read: () throws(KernelError) -> T, retrying: (KernelError) -> Void
  ) throws(KernelError) -> T {
    var attempt = 1
    while true {
      do {
        return try read()
      } catch  where isIncomplete(error) && attempt < attempts {
        retrying(error)
        attempt += 1
      } catch  where isIncomplete(error) {
        throw KernelError(
          error.errno,
          message:
            "\(error.description); the interface list kept changing over \(attempts) dumps, try again"
        )
      }
    }
  }
}
