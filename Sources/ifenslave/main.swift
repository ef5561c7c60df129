import Glibc
import IfenslaveCore

// argv as bytes: names that are not UTF-8 must be refused, not silently repaired.
let arguments = (1..<Int(CommandLine.argc)).map { i in
  Array(UnsafeRawBufferPointer(start: CommandLine.unsafeArgv[i], count: strlen(CommandLine.unsafeArgv[i]!)))
}
let console = StandardConsole()
do {
  let command = try CommandLineParser.parse(bytes: arguments)
  let kernel = LinuxKernel(trace: command.verbose ? { console.message($0) } : nil)
  exit(Ifenslave(kernel: kernel, console: console).run(command))
} catch {
  exit(console.usageError(error))
}
