import Glibc
import IfenslaveCore

// A function, not top-level code: top-level variables are global actor-isolated state, and
// the binary is built without the concurrency runtime (see Package.swift).
func main() -> Int32 {
  // argv as bytes: names that are not UTF-8 must be refused, not silently repaired.
  let arguments = (1..<Int(CommandLine.argc)).map { i in
    Array(UnsafeRawBufferPointer(start: CommandLine.unsafeArgv[i], count: strlen(CommandLine.unsafeArgv[i]!)))
  }
  let console = StandardConsole()
  let signals = HeldSignals()
  do {
    let command = try CommandLineParser.parse(bytes: arguments)
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
  } catch {
    return console.usageError(error)
  }
}
exit(main())
