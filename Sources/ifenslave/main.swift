// SPDX-License-Identifier: GPL-2.0-or-later
import Glibc
import IfenslaveCore

// A function, not top-level code: top-level variables are global actor-isolated state, and
// the binary is built without the concurrency runtime (see Package.swift).
func main() -> Int32 {
  let arguments = (1..<Int(CommandLine.argc)).map { i in
    Array(
      UnsafeRawBufferPointer(
        start: CommandLine.unsafeArgv[i], count: strlen(CommandLine.unsafeArgv[i]!)))
  }
  return CommandLineTool.run(arguments: arguments)
}
exit(main())
