// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer harness for the command-line parser: the input is argv, its arguments separated
// by NUL bytes (any other byte, UTF-8 or not, may appear in them). Built by `make fuzz`.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzArguments(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data else { return 0 }
  let arguments = UnsafeBufferPointer(start: data, count: size).split(
    separator: 0, omittingEmptySubsequences: false
  ).map(Array.init)
  _ = try? CommandLineParser.parse(bytes: arguments)
  return 0
}
