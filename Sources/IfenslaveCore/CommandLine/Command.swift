/// What the user asked for, fully validated: running it can only fail in the kernel.
public struct Command: Equatable, Sendable {
  public enum Action: Equatable, Sendable {
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

  public var action: Action
  /// Bond options, one per kernel attribute, in the table's order.
  public var settings: [BondSetting] = []
  /// Slave options, for every SLAVE named, in the table's order.
  public var slaveSettings: [SlaveSetting] = []
  /// Slave options of one slave each (a teamd configuration's ports), after `slaveSettings`.
  public var portSettings: [InterfaceName: [SlaveSetting]] = [:]
  public var verbose = false
  public var force = false
  public var json = false
  public var dryRun = false
  /// `--force-down`: take the bond down or release its slaves for the options that need it.
  public var forceDown = false
  public var backend = BackendChoice.auto
  /// `--to DIR`: where `--export` writes its files instead of printing them.
  public var exportDirectory: String?
  /// `-n NAME`: the network namespace /run/netns/NAME to run in.
  public var netns: String?
  /// Things worth saying that do not stop the command, such as ignored extra slaves.
  public var warnings: [String] = []
  /// SLAVE operands that can name no slave (a bad name, MASTER itself): each is refused on
  /// its own, the other slaves go on, and the run fails.
  public var slaveRefusals: [Failure] = []

  public init(action: Action) { self.action = action }

  /// Why the bond options given cannot go together, with the mode and miimon they give.
  var settingsConflict: String? {
    var miimon: UInt64?
    if case .number(let n)? = value(.miimon) { miimon = n }
    return SettingsCheck.conflict(in: settings, mode: value(.mode).flatMap(BondMode.init(optionValue:)), miimon: miimon)
  }

  /// The value of `option`, if the command sets it.
  public func value(_ option: BondOption) -> OptionValue? {
    settings.first { $0.option == option }?.value
  }
}

/// A command line that does not make sense. Exit status 2.
public struct UsageError: Error, Equatable, Sendable, CustomStringConvertible {
  public let message: String
  /// Print the usage lines after the message, as for a command line with no arguments.
  public let showUsage: Bool

  public init(_ message: String, showUsage: Bool = false) {
    self.message = message
    self.showUsage = showUsage
  }

  public var description: String { message }
}
