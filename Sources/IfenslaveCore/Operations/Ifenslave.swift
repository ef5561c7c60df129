// SPDX-License-Identifier: GPL-2.0-or-later
/// Runs a parsed command against a kernel and tells the user how it went.
struct Ifenslave {
  let kernel: Kernel
  let console: any Console
  let interruptions: any Interruptions

  init(kernel: Kernel, console: any Console, interruptions: any Interruptions = NoInterruptions()) {
    self.kernel = kernel
    self.console = console
    self.interruptions = interruptions
  }

  /// Runs `command`; returns the exit status: 0 success, 1 an operation failed.
  func run(_ command: Command) -> Int32 {
    for warning in command.warnings { console.message(warning) }
    switch command.action {
    case .help:
      console.write(Help.helpText)
      return 0
    case .usage:
      console.write(Help.usage)
      return 0
    case .version:
      console.write(Help.versionText)
      return 0
    case .show(let master):
      return show(only: master, command)
    case .showAll:
      return show(only: nil, command)
    case .monitor(let masters):
      return Monitor(
        kernel: kernel, console: console, interruptions: interruptions, masters: masters,
        json: command.json
      ).run()
    case .enslave, .release, .changeActive, .destroy:
      return change(command)
    case .teamd(let file, let master):
      return teamd(file, master: master, command)
    case .check(let master, let slaves):
      return check(master, slaves, command)
    case .export(let format, let master):
      return export(format, only: master, command)
    }
  }

  /// Every link as the backend in use sees it, once `master`, when given, is known to be a
  /// bond; nil once a line has said why not.
  private func links(with master: InterfaceName?, _ command: Command) -> [Link]? {
    let links: [Link]
    do {
      links = BondReader(driver: kernel.driver, backend: command.backend).complete(
        try kernel.netlink.links())
    } catch {
      console.message("cannot list interfaces: \(error)")
      return nil
    }
    guard let master else { return links }
    guard let link = links.first(where: { $0.name == master }) else {
      console.message("\(master): no such interface")
      return nil
    }
    guard link.isBond else {
      console.message("\(master): not a bond (\(link.kindDescription))")
      return nil
    }
    return links
  }

  /// `--export`: printed, each file after a comment naming it, or written into `--to DIR`.
  private func export(_ format: ExportFormat, only master: InterfaceName?, _ command: Command)
    -> Int32
  {
    guard let links = links(with: master, command) else { return 1 }
    let bonds = BondStatus.collect(from: links, only: master) { _ in nil }.map(ExportedBond.init)
    let files = Export.files(bonds, as: format)
    guard let directory = command.exportDirectory else {
      console.write(Export.text(files))
      return 0
    }
    // Files of several bonds into one (rc.bond.conf, interfaces) are one file; lines to run
    // go into a script named after the format.
    var status: Int32 = 0
    for file in files {
      let name =
        file.path.map { String($0.split(separator: "/").last ?? "") } ?? "\(format.rawValue).sh"
      let path = directory + "/" + name
      if let error = kernel.host.create(path, file.text) {
        console.message(
          "\(path): cannot write it: \(error == .EEXIST ? "it exists, and is never overwritten" : error.description)"
        )
        status = 1
      } else {
        console.message("wrote \(path)")
      }
    }
    return status
  }

  /// `--check`: a line per difference on stdout (a JSON array with --json), exit 1 if any.
  private func check(_ master: InterfaceName, _ slaves: [InterfaceName], _ command: Command)
    -> Int32
  {
    let differences: [DriftCheck.Difference]
    do {
      differences = try DriftCheck(kernel: kernel, command: command).differences(
        master: master, slaves: slaves)
    } catch {
      console.message(error.description)
      return 1
    }
    if command.json {
      console.write(JSON.array(differences.map(\.json)).serialized + "\n")
    } else {
      console.write(differences.map { $0.message + "\n" }.joined())
    }
    return differences.isEmpty ? 0 : 1
  }

  /// Builds the bond a teamd configuration describes, as the enslave command it amounts to.
  private func teamd(_ file: String, master: InterfaceName?, _ command: Command) -> Int32 {
    let what = file == "-" ? "standard input" : file
    let text: [UInt8]
    switch kernel.host.contents(of: file) {
    case .success(let bytes): text = bytes
    case .failure(let error):
      console.message("\(what): cannot read it: \(error)")
      return 1
    }
    let bond: TeamdConfig.Bond
    do { bond = try TeamdConfig.bond(from: text, master: master) } catch {
      console.message("\(what): \(error)")
      return 1
    }
    for note in bond.notes { console.message("\(what): \(note)") }
    var enslave = Command(action: .enslave(master: bond.master, slaves: bond.slaves))
    enslave.settings = bond.settings
    enslave.portSettings = bond.slaveSettings
    enslave.verbose = command.verbose
    enslave.dryRun = command.dryRun
    enslave.backend = command.backend
    if let conflict = enslave.settingsConflict {
      console.message("\(what): \(conflict)")
      return 1
    }
    return change(enslave)
  }

  private func change(_ command: Command) -> Int32 {
    for failure in command.slaveRefusals { console.message(failure.description) }
    let refused: Int32 = command.slaveRefusals.isEmpty ? 0 : 1
    if !command.dryRun && !kernel.host.mayAdministerNetwork {
      console.message("changing network interfaces needs root (CAP_NET_ADMIN); nothing was changed")
      return 1
    }
    // A second plan only follows a bond that appeared while this run created it.
    for _ in 0..<2 {
      let plan: Plan
      do {
        plan = try Planner(kernel: kernel, command: command).plan()
      } catch {
        console.message(error.description)
        return 1
      }
      if command.dryRun {
        for note in plan.notes { console.message(note) }
        for failure in plan.refusals { console.message(failure.description) }
        console.write(plan.lines.map { $0 + "\n" }.joined())
        return plan.refusals.isEmpty ? refused : 1
      }
      var executor = Executor(
        kernel: kernel, console: console, verbose: command.verbose, backend: command.backend,
        interruptions: interruptions)
      switch executor.run(plan) {
      case .finished(let success): return success ? refused : 1
      case .bondAppeared: continue
      }
    }
    console.message("\(command.action): the bond keeps appearing and disappearing; try again")
    return 1
  }

  private func show(only master: InterfaceName?, _ command: Command) -> Int32 {
    guard let links = links(with: master, command) else { return 1 }
    var bonds = BondStatus.collect(from: links, only: master, speed: kernel.host.linkSpeed(of:))
    // Only the bonds whose hints need more than the link dump cost a request more: one
    // address dump for all of them, and the sysfs read of the primary only for one bond's
    // status (on -a, a read per bond made many bonds markedly slower; BENCHMARKS.md).
    let needAddresses = bonds.filter(\.hintsNeedAddresses).map(\.bond.ref)
    let addresses =
      needAddresses.isEmpty
      ? [:]
      : Dictionary(
        grouping: (try? kernel.netlink.addresses(of: needAddresses)) ?? [], by: \.link.index)
    for i in bonds.indices {
      var facts = HintFacts()
      if bonds[i].hintsNeedAddresses { facts.addresses = addresses[bonds[i].bond.index] ?? [] }
      if master != nil, bonds[i].hintsNeedConfiguredPrimary {
        facts.configuredPrimary = configuredPrimary(of: bonds[i].bond.name)
      }
      bonds[i].hints = bonds[i].hints(with: facts)
    }
    if command.json {
      let value = master == nil ? JSON.array(bonds.map(\.json)) : bonds[0].json
      console.write(value.serialized + "\n")
    } else {
      console.write(bonds.map(\.text).joined(separator: "\n"))
    }
    return 0
  }

  /// The primary slave as configured (sysfs `primary`), or nil when none is or it cannot be
  /// read: netlink reports the primary only while it is a slave.
  private func configuredPrimary(of bond: InterfaceName) -> String? {
    guard let text = try? kernel.driver.read(BondOption.primary.kernelName, of: bond) else {
      return nil
    }
    let name = text.filter { !$0.isWhitespace }
    return name.isEmpty ? nil : name
  }
}
