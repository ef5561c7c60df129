// SPDX-License-Identifier: GPL-2.0-or-later
/// The composition root: the one door the `ifenslave` command opens. It builds the real
/// kernel ports, the console and the held signals, and hands them to `Ifenslave`; everything
/// else in the library is internal, and the tests reach it with `@testable import`.
public enum CommandLineTool {
  /// Runs ifenslave with `arguments` (argv without the program name, as bytes: names that are
  /// not UTF-8 must be refused, not silently repaired); returns the exit status.
  public static func run(arguments: [[UInt8]]) -> Int32 {
    let console = StandardConsole()
    let signals = HeldSignals()
    let command: Command
    do { command = try CommandLineParser.parse(bytes: arguments) } catch {
      return console.usageError(error)
    }
    // Before any socket: each is bound to the namespace it was opened in.
    if let netns = command.netns {
      do throws(KernelError) { try NetworkNamespace.enter(netns) } catch {
        console.message("netns \(netns): \(error.message ?? error.errno.description)")
        return 1
      }
    }
    let trace: ((String) -> Void)? = command.verbose ? { console.message($0) } : nil
    let netlink = NetlinkKernel(trace: trace)
    let driver = LegacyDriver(trace: trace) { name in (try? netlink.link(named: name))?.index }
    let kernel = Kernel(netlink: netlink, driver: driver, host: LinuxHost())
    let status = Ifenslave(kernel: kernel, console: console, interruptions: signals).run(command)
    // An interrupt that arrived during the run ends the process here, by the signal.
    signals.release()
    return status
  }
}
