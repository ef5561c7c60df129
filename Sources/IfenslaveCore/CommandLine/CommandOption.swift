// SPDX-License-Identifier: GPL-2.0-or-later
/// One command-line option. `CommandOption.all` is the table the parser, `--help`, the man
/// page test and the completion tests read; bond options come from `BondOption.all`.
struct CommandOption: Sendable {
  /// What an option does when given.
  enum Effect: Hashable, Sendable {
    case allInterfaces, changeActive, detach, force, help, usage, verbose, version
    case json, dryRun, destroy, backend, monitor, teamdConfig, optionString, check, netns, export,
      exportDirectory
    case forceDown
    case bond(BondOption)
    case slave(SlaveOption)
  }

  let long: String
  let short: Character?
  /// ifenslave 1.1.0's options: any unique prefix of them is accepted, as getopt_long did.
  /// New options must be spelled in full, so that they never steal an old abbreviation.
  let legacy: Bool
  /// Excludes the other exclusive options (`-d`, `-c`, `-a`, `-h`, `-u`, `-V`, `--destroy`).
  let exclusive: Bool
  let effect: Effect
  /// The placeholder of the option's value, or nil when it takes none.
  let metavar: String?
  let help: String

  /// `-d, --detach` or `--mode MODE`, as the help shows the option.
  var synopsis: String {
    let names = (short.map { "-\($0), " } ?? "") + "--" + long
    return metavar.map { names + " " + $0 } ?? names
  }

  static let all: [CommandOption] =
    actions + modifiers + BondOption.all.map(bond) + SlaveOption.all.map(slave)

  static let actions: [CommandOption] = [
    CommandOption(
      long: "detach", short: "d", legacy: true, exclusive: true, effect: .detach, metavar: nil,
      help: "release the SLAVEs from MASTER"),
    CommandOption(
      long: "change-active", short: "c", legacy: true, exclusive: true, effect: .changeActive,
      metavar: nil, help: "make SLAVE the active slave of MASTER"),
    CommandOption(
      long: "all-interfaces", short: "a", legacy: true, exclusive: true,
      effect: .allInterfaces, metavar: nil, help: "show every bond"),
    CommandOption(
      long: "destroy", short: nil, legacy: false, exclusive: true, effect: .destroy,
      metavar: nil, help: "release every slave of MASTER and delete it; refuses a non-bond"),
    CommandOption(
      long: "monitor", short: nil, legacy: false, exclusive: true, effect: .monitor, metavar: nil,
      help:
        "print bond events as they happen (slaves' links, active slave, slaves added and removed, LACP, the bond up or down, options) for the MASTERs given, or every bond, until interrupted"
    ),
    CommandOption(
      long: "check", short: nil, legacy: false, exclusive: true, effect: .check, metavar: nil,
      help:
        "change nothing; exit 0 when MASTER is a bond with the options given and the SLAVEs in it, 1 with a line for each difference (an array with --json)"
    ),
    CommandOption(
      long: "export", short: nil, legacy: false, exclusive: false, effect: .export,
      metavar: "FORMAT",
      help:
        "print what recreates MASTER (every bond with -a) as \(ExportFormat.names), only the options that differ from the kernel's defaults"
    ),
    CommandOption(
      long: "teamd-config", short: nil, legacy: false, exclusive: true, effect: .teamdConfig,
      metavar: "FILE",
      help:
        "build the bond a teamd configuration describes (FILE as teamdctl TEAM config dump prints it, - for stdin), named MASTER or as its device; what bonding has no equivalent for is refused by name"
    ),
    CommandOption(
      long: "help", short: "h", legacy: true, exclusive: true, effect: .help, metavar: nil,
      help: "show this help and exit"),
    CommandOption(
      long: "usage", short: "u", legacy: true, exclusive: true, effect: .usage, metavar: nil,
      help: "show the usage lines and exit"),
    CommandOption(
      long: "version", short: "V", legacy: true, exclusive: true, effect: .version,
      metavar: nil, help: "show the version and exit"),
  ]

  static let modifiers: [CommandOption] = [
    CommandOption(
      long: "netns", short: "n", legacy: false, exclusive: false, effect: .netns, metavar: "NAME",
      help: "run in the network namespace /run/netns/NAME (ip netns add NAME), as ip -n does"),
    CommandOption(
      long: "to", short: nil, legacy: false, exclusive: false, effect: .exportDirectory,
      metavar: "DIR",
      help:
        "with --export, write the files into DIR instead of printing them; a file that exists is never overwritten"
    ),
    CommandOption(
      long: "options", short: "o", legacy: false, exclusive: false, effect: .optionString,
      metavar: "'KEY=VALUE...'",
      help:
        "bond options by the kernel's sysfs names, with values by name or number, as BONDING_OPTS and NetworkManager's bond.options hold them: -o 'mode=802.3ad miimon=100 lacp_rate=1'"
    ),
    CommandOption(
      long: "force", short: "f", legacy: true, exclusive: false, effect: .force, metavar: nil,
      help: "accepted for compatibility; the kernel makes every check itself"),
    CommandOption(
      long: "force-down", short: nil, legacy: false, exclusive: false, effect: .forceDown,
      metavar: nil,
      help:
        "make option changes the kernel takes only on a down bond or one without slaves (mode, fail_over_mac, lacp_rate, ...): take MASTER down or release its slaves, change, enslave them again in their order, bring it up, and put back its addresses, routes, slave options and active slave; the traffic stops meanwhile"
    ),
    CommandOption(
      long: "verbose", short: "v", legacy: true, exclusive: false, effect: .verbose,
      metavar: nil, help: "trace every kernel step on stderr"),
    CommandOption(
      long: "json", short: nil, legacy: false, exclusive: false, effect: .json, metavar: nil,
      help:
        "show status as JSON: an object for MASTER, an array for -a, an object per line for --monitor"
    ),
    CommandOption(
      long: "dry-run", short: nil, legacy: false, exclusive: false, effect: .dryRun,
      metavar: nil, help: "print the steps the command would take and change nothing"),
    CommandOption(
      long: "backend", short: nil, legacy: false, exclusive: false, effect: .backend,
      metavar: "auto|netlink|ioctl",
      help:
        "netlink, falling back to ioctls and sysfs where the kernel lacks it (auto, the default), or only one of them"
    ),
  ]

  static func slave(_ option: SlaveOption) -> CommandOption {
    CommandOption(
      long: option.name, short: nil, legacy: false, exclusive: false, effect: .slave(option),
      metavar: option.metavar, help: option.help)
  }

  static func bond(_ option: BondOption) -> CommandOption {
    CommandOption(
      long: option.name, short: nil, legacy: false, exclusive: false, effect: .bond(option),
      metavar: option.metavar, help: option.help)
  }
}
