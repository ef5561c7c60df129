// SPDX-License-Identifier: GPL-2.0-or-later
/// What the user asked for, fully validated: running it can only fail in the kernel.
struct Command: Equatable, Sendable {
  enum Action: Equatable, Sendable {
    /// `ifenslave [BOND-OPTIONS] MASTER SLAVE...`, and with no slaves
    /// `ifenslave BOND-OPTIONS MASTER`: create or configure MASTER, then enslave.
    case enslave(master: InterfaceName, slaves: [InterfaceName])
    /// `-d MASTER SLAVE...`
    case release(master: InterfaceName, slaves: [InterfaceName])
    /// `-c MASTER SLAVE`
    case changeActive(master: InterfaceName, slave: InterfaceName)
    /// `ifenslave MASTER`
    case show(master: InterfaceName)
    /// `-a`
    case showAll
    /// `--destroy MASTER`
    case destroy(master: InterfaceName)
    /// `--monitor [MASTER...]`; no masters: every bond.
    case monitor(masters: [InterfaceName])
    /// `--check [OPTIONS] MASTER [SLAVE...]`: whether the kernel already matches, changing nothing.
    case check(master: InterfaceName, slaves: [InterfaceName])
    /// `--export FORMAT MASTER|-a`: what recreates the bond, or every bond, as FORMAT.
    case export(ExportFormat, master: InterfaceName?)
    /// `--teamd-config FILE [MASTER]`: the bond a teamd configuration describes, named MASTER
    /// or as the configuration's device.
    case teamd(file: String, master: InterfaceName?)
    case help, usage, version
  }

  var action: Action
  /// Bond options, one per kernel attribute, in the table's order.
  var settings: [BondSetting] = []
  /// Slave options, for every SLAVE named, in the table's order.
  var slaveSettings: [SlaveSetting] = []
  /// Slave options of one slave each (a teamd configuration's ports), after `slaveSettings`.
  var portSettings: [InterfaceName: [SlaveSetting]] = [:]
  var verbose = false
  var force = false
  var json = false
  var dryRun = false
  /// `--force-down`: take the bond down or release its slaves for the options that need it.
  var forceDown = false
  var backend = BackendChoice.auto
  /// `--to DIR`: where `--export` writes its files instead of printing them.
  var exportDirectory: String?
  /// `-n NAME`: the network namespace /run/netns/NAME to run in.
  var netns: String?
  /// Things worth saying that do not stop the command, such as ignored extra slaves.
  var warnings: [String] = []
  /// SLAVE operands that can name no slave (a bad name, MASTER itself): each is refused on
  /// its own, the other slaves go on, and the run fails.
  var slaveRefusals: [Failure] = []

  /// Why the bond options given cannot go together, with the mode and miimon they give.
  var settingsConflict: String? {
    var miimon: UInt64?
    if case .number(let n)? = value(.miimon) { miimon = n }
    return SettingsCheck.conflict(
      in: settings, mode: value(.mode).flatMap(BondMode.init(optionValue:)), miimon: miimon)
  }

  /// The value of `option`, if the command sets it.
  func value(_ option: BondOption) -> OptionValue? {
    settings.first { $0.option == option }?.value
  }
}

/// A command line that does not make sense. Exit status 2.
struct UsageError: Error, Equatable, Sendable, CustomStringConvertible {
  let message: String
  /// Print the usage lines after the message, as for a command line with no arguments.
  let showUsage: Bool

  init(_ message: String, showUsage: Bool = false) {
    self.message = message
    self.showUsage = showUsage
  }

  var description: String { message }
}
