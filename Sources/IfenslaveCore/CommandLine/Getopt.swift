// SPDX-License-Identifier: GPL-2.0-or-later
// @preconcurrency: getopt_long keeps its state in C globals (optind, optarg), which Swift
// cannot prove safe; the parser below serialises every use of them.
@preconcurrency internal import CSystem
internal import Glibc
internal import Synchronization

/// Runs Glibc's `getopt_long`, the parser ifenslave 1.1.0 used, over an argument vector.
///
/// getopt keeps its state in globals (`optind`, `optarg`, `optopt`), so one caller at a time
/// may use it; the lock makes parsing safe from concurrent tests.
enum Getopt {
  struct LongOption {
    let name: String
    let takesArgument: Bool
    /// What getopt_long returns for the option.
    let code: Int32
  }

  enum Event: Equatable {
    case option(code: Int32, argument: [UInt8]?)
    /// A short option that is not in `shortOptions`.
    case unknownShort(UInt8)
    case missingArgument(code: Int32)
  }

  private static let lock = Mutex(())

  /// Parses `arguments` (argv without the program name). Returns the options in order and the
  /// operands, which getopt has moved behind the options unless POSIXLY_CORRECT is set.
  /// Long options must already be spelled in full and well-formed: the caller checks them,
  /// because getopt's own prefix matching would let new options steal old abbreviations.
  static func run(_ arguments: [[UInt8]], shortOptions: String, longOptions: [LongOption])
    -> (events: [Event], operands: [[UInt8]])
  {
    lock.withLock { _ in
      // getopt_long permutes argv and keeps pointers into it, so it gets its own copies.
      let argv: [UnsafeMutablePointer<CChar>?] =
        ([Array("ifenslave".utf8)] + arguments).map { bytes in
          let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
          for (i, byte) in bytes.enumerated() { copy[i] = CChar(bitPattern: byte) }
          copy[bytes.count] = 0
          return copy
        } + [nil]
      let names = longOptions.map { strdup($0.name) }
      defer {
        for pointer in argv { pointer?.deallocate() }
        for name in names { free(name) }
      }
      var table = zip(longOptions, names).map { spec, name in
        option(
          name: name, has_arg: spec.takesArgument ? required_argument : no_argument, flag: nil,
          val: spec.code)
      }
      table.append(option())

      // optind 0 makes glibc start over, including its POSIXLY_CORRECT check; opterr 0 and
      // the leading ':' keep getopt from printing: the caller words the errors.
      optind = 0
      opterr = 0
      var events: [Event] = []
      var mutableArgv = argv
      let argc = Int32(argv.count - 1)
      while true {
        let code = getopt_long(argc, &mutableArgv, ":" + shortOptions, &table, nil)
        if code == -1 { break }
        switch code {
        case Int32(UInt8(ascii: ":")):
          events.append(.missingArgument(code: optopt))
        case Int32(UInt8(ascii: "?")):
          events.append(.unknownShort(UInt8(truncatingIfNeeded: optopt)))
        default:
          let argument = optarg.map { Array(UnsafeRawBufferPointer(start: $0, count: strlen($0))) }
          events.append(.option(code: code, argument: argument))
        }
      }
      let operands = (Int(optind)..<Int(argc)).map { i in
        Array(UnsafeRawBufferPointer(start: mutableArgv[i]!, count: strlen(mutableArgv[i]!)))
      }
      return (events, operands)
    }
  }
}
