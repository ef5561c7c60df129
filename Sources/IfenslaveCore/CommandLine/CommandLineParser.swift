// SPDX-License-Identifier: GPL-2.0-or-later
internal import Glibc

/// Turns argv into a `Command`, with ifenslave 1.1.0's grammar: getopt_long with argument
/// permutation, clustered short flags, `--`, and unique prefixes of the old long options.
enum CommandLineParser {
  /// Parses string arguments (argv without the program name).
  static func parse(_ arguments: [String]) throws(UsageError) -> Command {
    try parse(bytes: arguments.map { Array($0.utf8) })
  }

  /// Parses raw arguments, which may hold bytes that are not UTF-8.
  static func parse(bytes arguments: [[UInt8]]) throws(UsageError) -> Command {
    if arguments.isEmpty { throw UsageError("no MASTER given", showUsage: true) }
    let table = CommandOption.all
    let expanded = try expandLongOptions(arguments, table: table)
    let codes = table.indices.map { code(for: table[$0], at: $0) }
    let longOptions = table.indices.map { i in
      Getopt.LongOption(name: table[i].long, takesArgument: table[i].metavar != nil, code: codes[i])
    }
    let shorts = table.compactMap { option in
      option.short.map { String($0) + (option.metavar == nil ? "" : ":") }
    }.joined()
    let (events, operands) = Getopt.run(expanded, shortOptions: shorts, longOptions: longOptions)

    var builder = Builder()
    for event in events {
      switch event {
      case .unknownShort(let byte):
        throw UsageError("invalid option -- \(Quoted.argument([byte]))")
      case .missingArgument(let code):
        let option = table[codes.firstIndex(of: code)!]
        throw UsageError("option '--\(option.long)' requires an argument")
      case .option(let code, let argument):
        try builder.add(table[codes.firstIndex(of: code)!], argument: argument)
      }
    }
    return try builder.command(operands: operands)
  }

  /// What getopt_long returns for an option: the old options keep their letter.
  private static func code(for option: CommandOption, at index: Int) -> Int32 {
    option.short.map { Int32($0.asciiValue!) } ?? Int32(256 + index)
  }

  /// Replaces unique prefixes of the old long options by their full names, and refuses any
  /// other long option that is not spelled in full, so that getopt sees exact names only.
  static func expandLongOptions(_ arguments: [[UInt8]], table: [CommandOption])
    throws(UsageError) -> [[UInt8]]
  {
    let posixlyCorrect = getenv("POSIXLY_CORRECT") != nil
    var result = arguments
    var i = 0
    while i < arguments.count {
      let argument = arguments[i]
      if argument == Array("--".utf8) { break }
      guard argument.count > 2, argument.starts(with: Array("--".utf8)) else {
        if !argument.starts(with: [UInt8(ascii: "-")]) || argument.count == 1 {
          if posixlyCorrect { break }
        }
        i += 1
        continue
      }
      let body = argument.dropFirst(2)
      let nameBytes = body.prefix { $0 != UInt8(ascii: "=") }
      let hasValue = nameBytes.count < body.count
      let name = String(decoding: nameBytes, as: UTF8.self)
      let shown = Quoted.argument(Array("--".utf8) + nameBytes)

      var option = table.first { $0.long == name }
      if option == nil {
        let candidates = table.filter { $0.legacy && $0.long.hasPrefix(name) }
        if candidates.count > 1 {
          let list = candidates.map { "'--\($0.long)'" }.joined(separator: " ")
          throw UsageError("option \(shown) is ambiguous; possibilities: \(list)")
        }
        guard let match = candidates.first else {
          throw UsageError("unrecognized option \(shown)")
        }
        option = match
        result[i] = Array(("--" + match.long).utf8) + body.dropFirst(nameBytes.count)
      }
      let found = option!
      if found.metavar == nil, hasValue {
        throw UsageError("option '--\(found.long)' doesn't allow an argument")
      }
      if found.metavar != nil, !hasValue {
        guard i + 1 < arguments.count else {
          throw UsageError("option '--\(found.long)' requires an argument")
        }
        i += 1
      }
      i += 1
    }
    return result
  }

  /// Collects options as they come and checks the whole once the operands are known.
  private struct Builder {
    /// The one exclusive option given (-d, -c, -a, -h, -u, -V or --destroy).
    var exclusive: (option: CommandOption, shown: String)?
    var verbose = false, force = false, json = false, dryRun = false, forceDown = false
    var backend = BackendChoice.auto
    var values: [BondOption: OptionValue] = [:]
    var slaveValues: [SlaveOption: Int64] = [:]
    var teamdFile: String?
    var netns: String?
    var exportFormat: ExportFormat?
    var exportDirectory: String?

    mutating func add(_ option: CommandOption, argument: [UInt8]?) throws(UsageError) {
      if option.exclusive {
        let shown = option.short.map { "-\($0)" } ?? "--\(option.long)"
        if let earlier = exclusive {
          if earlier.option.long == option.long {
            throw UsageError("\(shown) cannot be given twice")
          }
          throw UsageError("\(earlier.shown) and \(shown) cannot be used together")
        }
        exclusive = (option, shown)
      }
      switch option.effect {
      case .verbose: verbose = true
      case .force: force = true
      case .json: json = true
      case .dryRun: dryRun = true
      case .forceDown: forceDown = true
      case .backend:
        let text = argument.map { String(decoding: $0, as: UTF8.self) } ?? ""
        guard let choice = BackendChoice(rawValue: text) else {
          throw UsageError(
            "--backend: invalid value \(Quoted.argument(argument ?? [])): expected auto|netlink|ioctl"
          )
        }
        backend = choice
      case .bond(let bondOption):
        guard let bytes = argument, let text = String(validating: bytes, as: UTF8.self) else {
          throw UsageError("--\(option.long): the value is not valid UTF-8")
        }
        let parsed: OptionValue
        do { parsed = try bondOption.parse(text) } catch {
          throw UsageError(
            "--\(option.long): invalid value \(Quoted.argument(Array(error.value.utf8))): \(error.reason)"
          )
        }
        values[bondOption] = try Self.merge(values[bondOption], parsed, for: bondOption)
      case .export:
        let text = argument.map { String(decoding: $0, as: UTF8.self) } ?? ""
        guard let format = ExportFormat(rawValue: text) else {
          throw UsageError(
            "--export: invalid value \(Quoted.argument(argument ?? [])): expected \(ExportFormat.names)"
          )
        }
        exportFormat = format
      case .exportDirectory:
        guard let bytes = argument, !bytes.isEmpty,
          let path = String(validating: bytes, as: UTF8.self)
        else {
          throw UsageError("--to: give a directory")
        }
        exportDirectory = path
      case .netns:
        // ip's rule: a name in /run/netns, so no slash and not a dot entry.
        guard let bytes = argument, let name = String(validating: bytes, as: UTF8.self),
          !name.isEmpty,
          !name.contains("/"), name != ".", name != "..", bytes.count <= 255
        else {
          throw UsageError(
            "--netns: \(Quoted.argument(argument ?? [])) is not a namespace name (ip netns list shows them)"
          )
        }
        netns = name
      case .optionString:
        guard let bytes = argument, let text = String(validating: bytes, as: UTF8.self) else {
          throw UsageError("-o: the options are not valid UTF-8")
        }
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
          let (bondOption, value) = try Self.keyValue(String(word))
          let parsed: OptionValue
          do { parsed = try bondOption.parse(value) } catch {
            throw UsageError(
              "-o \(bondOption.kernelName): invalid value \(Quoted.argument(Array(error.value.utf8))): \(error.reason)"
            )
          }
          values[bondOption] = try Self.merge(values[bondOption], parsed, for: bondOption)
        }
      case .teamdConfig:
        guard let bytes = argument, !bytes.isEmpty,
          let path = String(validating: bytes, as: UTF8.self)
        else {
          throw UsageError("--teamd-config: give a file's path, or - for standard input")
        }
        teamdFile = path
      case .slave(let slaveOption):
        let text = argument.map { String(decoding: $0, as: UTF8.self) } ?? ""
        do { slaveValues[slaveOption] = try slaveOption.parse(text) } catch {
          throw UsageError(
            "--\(option.long): invalid value \(Quoted.argument(argument ?? [])): \(error.reason)")
        }
      default: break
      }
    }

    /// Keys of sysfs's bonding/ directory and of the module that are not a bond option here,
    /// with what to use instead.
    static let notOptionKeys: [String: String] = [
      "max_bonds":
        "a parameter of the bonding module (modprobe bonding max_bonds=N), not of one bond",
      "tx_queues":
        "a parameter of the bonding module (modprobe bonding tx_queues=N), not of one bond",
      "active_slave": "set by -c MASTER SLAVE",
      "slaves": "given as the SLAVEs",
      "queue_id": "set for each slave by --queue-id",
    ]

    /// One `key=value` of an option string: the bond option of that sysfs name, and its value
    /// as the long option takes it (a target written "+ADDRESS", as sysfs takes it, is the
    /// address).
    static func keyValue(_ word: String) throws(UsageError) -> (BondOption, String) {
      let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      guard parts.count == 2, !parts[0].isEmpty else {
        throw UsageError("-o: \(Quoted.argument(Array(word.utf8))) is not KEY=VALUE")
      }
      let key = String(parts[0])
      var value = String(parts[1])
      if let advice = notOptionKeys[key] { throw UsageError("-o \(key): \(advice)") }
      guard
        let option = BondOption.all.first(where: { $0.kernelName == key && $0.bondAttribute != nil }
        )
      else {
        throw UsageError("-o: the kernel has no bond option \(Quoted.argument(Array(key.utf8)))")
      }
      if case .ipv4List = option.value, value.hasPrefix("+") { value.removeFirst() }
      if case .ipv6List = option.value, value.hasPrefix("+") { value.removeFirst() }
      return (option, value)
    }

    /// Address lists given repeatedly add up, and the kernel refuses a target twice or more
    /// than its table holds; any other option takes its last value.
    static func merge(_ old: OptionValue?, _ new: OptionValue, for option: BondOption)
      throws(UsageError) -> OptionValue
    {
      func checked<T: Hashable & CustomStringConvertible>(_ list: [T], max: Int) throws(UsageError)
        -> [T]
      {
        var seen: Set<T> = []
        for address in list where !seen.insert(address).inserted {
          throw UsageError("--\(option.name): \(address) is given twice")
        }
        if list.count > max { throw UsageError("--\(option.name): at most \(max) addresses") }
        return list
      }
      switch (old, new, option.value) {
      case (let a, .ipv4(let b), .ipv4List(let max)):
        guard case .ipv4(let earlier)? = a else { return .ipv4(try checked(b, max: max)) }
        return .ipv4(try checked(earlier + b, max: max))
      case (let a, .ipv6(let b), .ipv6List(let max)):
        guard case .ipv6(let earlier)? = a else { return .ipv6(try checked(b, max: max)) }
        return .ipv6(try checked(earlier + b, max: max))
      default: return new
      }
    }

    func command(operands raw: [[UInt8]]) throws(UsageError) -> Command {
      let operands = try self.operands(raw)
      let action = try self.action(operands.names, count: raw.count)
      var command = Command(action: action)
      command.verbose = verbose
      command.force = force
      command.json = json
      command.dryRun = dryRun
      command.forceDown = forceDown
      command.backend = backend
      command.netns = netns
      command.exportDirectory = exportDirectory
      command.slaveRefusals = operands.refusals
      command.warnings = operands.warnings
      command.settings = BondOption.all.compactMap { option in
        values[option].map { BondSetting(option, $0) }
      }
      command.slaveSettings = SlaveOption.all.compactMap { option in
        slaveValues[option].map { SlaveSetting(option, $0) }
      }
      try Self.checkCombination(command)
      if let conflict = command.settingsConflict { throw UsageError(conflict) }
      if case .enslave(_, let slaves) = command.action,
        let conflict = SettingsCheck.conflict(
          in: command.slaveSettings,
          mode: command.value(.mode).flatMap(BondMode.init(optionValue:)), slaveCount: slaves.count)
      {
        throw UsageError(conflict)
      }
      return command
    }

    /// The interface names, checked. A bad MASTER, or any bad name where every operand is a
    /// MASTER, makes the command malformed. A bad SLAVE is a problem with that slave alone,
    /// as a missing NIC is: at boot, `ifenslave bond0 "$NIC1" "$NIC2"` with NIC2 unset must
    /// still enslave NIC1. Only when no SLAVE could be valid at all is the command malformed.
    private func operands(_ raw: [[UInt8]]) throws(UsageError)
      -> (names: [InterfaceName], refusals: [Failure], warnings: [String])
    {
      func name(_ bytes: [UInt8]) throws(UsageError) -> InterfaceName {
        do { return try Self.interfaceName(bytes) } catch {
          throw UsageError("\(Quoted.argument(bytes)): \(error)")
        }
      }
      let effect = exclusive?.option.effect
      guard effect == nil || effect == .detach || effect == .changeActive, let first = raw.first
      else {
        return (try raw.map(name), [], [])
      }
      let master = try name(first)
      var slaveOperands = raw.dropFirst()
      var warnings: [String] = []
      if effect == .changeActive, slaveOperands.count > 1 {
        // ifenslave 1.1.0 used the first slave of -c and ignored the rest.
        let extra = slaveOperands.dropFirst().map { Quoted.escaped($0) }.joined(separator: " ")
        warnings.append("-c takes one slave; ignoring \(extra)")
        slaveOperands = slaveOperands.prefix(1)
      }
      func what(_ slave: String) -> String {
        switch effect {
        case .detach?: return "\(master): cannot release \(slave)"
        case .changeActive?: return "\(master): cannot make \(slave) the active slave"
        default: return "\(master): cannot enslave \(slave)"
        }
      }
      var slaves: [InterfaceName] = []
      var refusals: [Failure] = []
      var usage: UsageError?
      for bytes in slaveOperands {
        let slave: InterfaceName
        do { slave = try Self.interfaceName(bytes) } catch {
          refusals.append(Failure(what(Quoted.argument(bytes)), error.description))
          usage = usage ?? UsageError("\(Quoted.argument(bytes)): \(error)")
          continue
        }
        if slave == master {
          refusals.append(Failure(what(slave.rawValue), "a bond cannot be a slave of itself"))
          usage = usage ?? UsageError("\(master) cannot be a slave of itself")
        } else if slaves.contains(slave) {
          warnings.append(
            "\(master): \(slave) is given twice; \(effect == .detach ? "releasing" : "enslaving") it once"
          )
        } else {
          slaves.append(slave)
        }
      }
      if slaves.isEmpty, let usage { throw usage }
      return ([master] + slaves, refusals, warnings)
    }

    static func interfaceName(_ bytes: [UInt8]) throws(InterfaceName.Invalid) -> InterfaceName {
      try bytes.withUnsafeBufferPointer { buffer throws(InterfaceName.Invalid) in
        let terminated = Array(buffer) + [0]
        return try terminated.withUnsafeBufferPointer { p throws(InterfaceName.Invalid) in
          try p.withMemoryRebound(to: CChar.self) { c throws(InterfaceName.Invalid) in
            try InterfaceName(validatingCString: c.baseAddress!)
          }
        }
      }
    }

    /// `count`: how many operands were given, valid or not.
    func action(_ names: [InterfaceName], count: Int) throws(UsageError) -> Command.Action {
      let master = names.first
      if let format = exportFormat {
        switch exclusive?.option.effect {
        case .allInterfaces?:
          guard names.isEmpty else { throw UsageError("--export -a takes no interface names") }
          return .export(format, master: nil)
        case nil:
          guard let master, names.count == 1 else {
            throw UsageError("--export needs one MASTER, or -a for every bond")
          }
          return .export(format, master: master)
        case _?:
          throw UsageError("--export and \(exclusive!.shown) cannot be used together")
        }
      }
      if exportDirectory != nil { throw UsageError("--to only goes with --export") }
      switch exclusive?.option.effect {
      case .help?: return .help
      case .usage?: return .usage
      case .version?: return .version
      case .allInterfaces?:
        guard names.isEmpty else { throw UsageError("-a takes no interface names") }
        return .showAll
      case .monitor?:
        return .monitor(masters: names)
      case .check?:
        guard let master else { throw UsageError("--check needs a MASTER") }
        return .check(master: master, slaves: Array(names.dropFirst()))
      case .teamdConfig?:
        guard names.count <= 1, let file = teamdFile else {
          throw UsageError("--teamd-config takes at most one MASTER")
        }
        return .teamd(file: file, master: master)
      case .destroy?:
        guard let master, names.count == 1 else {
          throw UsageError("--destroy takes exactly one MASTER")
        }
        return .destroy(master: master)
      case .detach?:
        guard let master, count >= 2 else {
          throw UsageError("-d needs a MASTER and at least one SLAVE")
        }
        return .release(master: master, slaves: Array(names.dropFirst()))
      case .changeActive?:
        guard let master, count >= 2, names.count >= 2 else {
          throw UsageError("-c needs a MASTER and a SLAVE")
        }
        return .changeActive(master: master, slave: names[1])
      default:
        guard let master else {
          throw UsageError("no MASTER given", showUsage: values.isEmpty && !json && !dryRun)
        }
        if count == 1 && values.isEmpty { return .show(master: master) }
        return .enslave(master: master, slaves: Array(names.dropFirst()))
      }
    }

    static func checkCombination(_ command: Command) throws(UsageError) {
      var shows = false
      var master: InterfaceName?
      switch command.action {
      case .help, .usage, .version: return
      case .show, .showAll, .monitor: shows = true
      case .export:
        if command.dryRun || command.json || !command.settings.isEmpty
          || !command.slaveSettings.isEmpty
        {
          throw UsageError("--export takes MASTER or -a, and --to DIR, only")
        }
        return
      case .check(let m, let slaves):
        if command.dryRun {
          throw UsageError("--check changes nothing already; --dry-run does not go with it")
        }
        if let first = command.slaveSettings.first, slaves.isEmpty {
          throw UsageError(
            "--\(first.option.name): slave options go with MASTER SLAVE..., and apply to each SLAVE named"
          )
        }
        _ = m
        return
      case .enslave(let m, _), .release(let m, _), .changeActive(let m, _), .destroy(let m):
        master = m
      case .teamd(_, let m):
        master = m
        if let first = command.settings.first {
          throw UsageError(
            "--\(first.option.name): the bond options come from the teamd configuration; edit it instead"
          )
        }
        if let first = command.slaveSettings.first {
          throw UsageError(
            "--\(first.option.name): the slave options come from the teamd configuration; edit it instead"
          )
        }
      }
      if command.json && !shows {
        throw UsageError("--json only goes with MASTER alone, -a or --monitor")
      }
      if command.forceDown, case .enslave = command.action, !command.settings.isEmpty {
      } else if command.forceDown {
        throw UsageError("--force-down goes with bond options to change on MASTER")
      }
      if command.dryRun && shows {
        throw UsageError("--dry-run only goes with a command that changes something")
      }
      if !command.settings.isEmpty, case .enslave = command.action {
      } else if !command.settings.isEmpty {
        let first = command.settings[0].option.name
        throw UsageError("--\(first): bond options only go with MASTER [SLAVE...]")
      }
      if let first = command.slaveSettings.first {
        guard case .enslave(_, let slaves) = command.action,
          !slaves.isEmpty || !command.slaveRefusals.isEmpty
        else {
          throw UsageError(
            "--\(first.option.name): slave options go with MASTER SLAVE..., and apply to each SLAVE named"
          )
        }
      }
      if let master, case .interface(let primary)? = command.value(.primary), primary.name == master
      {
        throw UsageError("--primary: \(master) is the MASTER")
      }
    }
  }
}
