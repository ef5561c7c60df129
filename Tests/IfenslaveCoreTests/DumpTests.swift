// SPDX-License-Identifier: GPL-2.0-or-later
import Testing

@testable import IfenslaveCore

/// A dump the kernel marks interrupted, or one the socket overran, is read again; status
/// never shows part of the system as all of it.
@Suite struct DumpTests {
  /// A dump that fails with each of `errors` in turn, then returns the read's number.
  final class Reads {
    var errors: [KernelError]
    var count = 0
    var retries: [KernelError] = []
    init(_ errors: [KernelError]) { self.errors = errors }

    func whole() throws(KernelError) -> Int {
      try Dump.whole(
        { () throws(KernelError) -> Int in
          count += 1
          if !errors.isEmpty { throw errors.removeFirst() }
          return count
        }, retrying: { retries.append($0) })
    }
  }

  @Test(arguments: [Dump.interrupted, KernelError(.ENOBUFS)])
  func anIncompleteDumpIsReadAgain(_ error: KernelError) throws {
    let reads = Reads([error, error])
    #expect(try reads.whole() == 3)
    #expect(reads.retries == [error, error])
  }

  @Test func aDumpThatNeverSettlesIsAnErrorThatSaysWhy() {
    let reads = Reads(Array(repeating: Dump.interrupted, count: 10))
    #expect(
      throws: KernelError(
        .EINTR,
        message:
          "Dump was interrupted and may be inconsistent; the interface list kept changing over 10 dumps, try again"
      )
    ) {
      try reads.whole()
    }
    #expect(reads.count == Dump.attempts)
  }

  @Test(arguments: [KernelError(.EPERM), KernelError(.EINTR), KernelError(.ENOMEM)])
  func otherErrorsAreNotRetried(_ error: KernelError) {
    let reads = Reads([error])
    #expect(throws: error) { try reads.whole() }
    #expect(reads.count == 1)
  }
}
