// SPDX-License-Identifier: GPL-2.0-or-later
@testable import IfenslaveCore

struct Outcome {
  let status: Int32
  let console: RecordingConsole
  var output: String { console.output }
  var messages: [String] { console.messages }
}

/// What a test runs ifenslave against: the fake kernel's ports, some of them maybe wrapped.
protocol KernelDouble {
  var ports: Kernel { get }
}

/// Runs an ifenslave command line against `kernel`, as the binary would.
func run(_ kernel: some KernelDouble, _ arguments: String...) -> Outcome {
  run(kernel, arguments: arguments)
}

/// The same, with the arguments as an array, and signals that may arrive during the run.
func run(
  _ kernel: some KernelDouble, arguments: [String],
  interruptions: any Interruptions = NoInterruptions()
) -> Outcome {
  let console = RecordingConsole()
  do {
    let command = try CommandLineParser.parse(arguments)
    return Outcome(
      status: Ifenslave(kernel: kernel.ports, console: console, interruptions: interruptions).run(
        command),
      console: console)
  } catch {
    return Outcome(status: console.usageError(error), console: console)
  }
}

/// What the tests compare to say "this interface is as it was".
struct LinkState: Equatable {
  let up: Bool
  let mtu: UInt32
  let master: InterfaceIndex?
  let mac: HardwareAddress?
  let addresses: [String]

  init(_ kernel: FakeKernel, _ name: String) {
    let link = kernel.link(name)
    up = link.isUp
    mtu = link.mtu
    master = link.master
    mac = link.hardwareAddress
    addresses = kernel.addresses(name).map(\.description)
  }
}
