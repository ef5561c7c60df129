// SPDX-License-Identifier: GPL-2.0-or-later
import Testing

@testable import IfenslaveCore

/// SIGINT, SIGTERM or SIGHUP during a multi-slave command: the slave in flight is finished,
/// the next ones are not touched, and the command says so.
@Suite struct InterruptionTests {
  /// A signal that arrives after the executor has asked `after` times.
  final class SignalAfter: Interruptions {
    var polls = 0
    let after: Int
    init(after: Int) { self.after = after }
    func pending() -> Interruption? {
      polls += 1
      return polls > after ? Interruption(signal: 15, name: "SIGTERM") : nil
    }
  }

  func system() -> FakeKernel {
    let kernel = FakeKernel()
    kernel.addLoopback()
    for name in ["eth0", "eth1", "eth2", "eth3"] { kernel.addDummy(name) }
    kernel.addAddress("192.0.2.12", prefix: 24, to: "eth2")
    return kernel
  }

  @Test(arguments: 0...3)
  func enslaveStopsBetweenSlaves(_ done: Int) {
    let kernel = system()
    let names = ["eth0", "eth1", "eth2", "eth3"]
    let before = names.map { LinkState(kernel, $0) }
    let result = run(
      kernel, arguments: ["bond0", "eth0", "eth1", "eth2", "eth3"],
      interruptions: SignalAfter(after: done))
    #expect(result.status == 1)
    let bond = kernel.link("bond0")
    for (i, name) in names.enumerated() {
      if i < done {
        #expect(kernel.link(name).master == bond.index, "\(name) was in flight or before: finished")
      } else {
        #expect(LinkState(kernel, name) == before[i], "\(name) came after the signal: untouched")
      }
    }
    let rest = names[done...].joined(separator: ", ")
    #expect(result.messages.last == "bond0: interrupted by SIGTERM; not touched: \(rest)")
  }

  @Test func releaseStopsBetweenSlaves() {
    let kernel = system()
    #expect(run(kernel, "bond0", "eth0", "eth1", "eth2").status == 0)
    let result = run(
      kernel, arguments: ["-d", "bond0", "eth0", "eth1", "eth2"],
      interruptions: SignalAfter(after: 1))
    #expect(result.status == 1)
    #expect(kernel.link("eth0").master == nil)
    #expect(kernel.link("eth1").master == kernel.link("bond0").index)
    #expect(kernel.link("eth2").master == kernel.link("bond0").index)
  }

  @Test func noSignalNoStop() {
    let kernel = system()
    let result = run(
      kernel, arguments: ["bond0", "eth0", "eth1", "eth2", "eth3"],
      interruptions: SignalAfter(after: 100))
    #expect(result.status == 0)
  }
}
