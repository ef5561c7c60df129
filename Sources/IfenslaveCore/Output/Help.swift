// SPDX-License-Identifier: GPL-2.0-or-later
/// The texts of `--help`, `--usage` and `--version`, built from the option table.
enum Help {
  static let version = "2.0.0"

  static var versionText: String {
    """
    ifenslave \(version)
    A drop-in replacement for ifenslave.c v1.1.0 (December 1, 2003), over rtnetlink.

    """
  }

  static let usage = """
    Usage: ifenslave [-f] [-v] [BOND-OPTION...] [SLAVE-OPTION...] MASTER SLAVE...
           ifenslave -d|--detach [-v] MASTER SLAVE...
           ifenslave -c|--change-active [-v] MASTER SLAVE
           ifenslave [-v] BOND-OPTION... MASTER
           ifenslave --destroy [-v] MASTER
           ifenslave [--json] MASTER
           ifenslave -a|--all-interfaces [--json]
           ifenslave --monitor [--json] [MASTER...]
           ifenslave -h|--help | -u|--usage | -V|--version

    """

  static var helpText: String {
    var text =
      usage + """

        Enslave, release or change the active slave of a Linux bonding device, create bonds
        with any kernel option and show their state. A MASTER that does not exist is created
        as a bond and brought up; slaves are taken down and stripped of their IPv4 addresses,
        as ifenslave 1.1.0 did, and restored if the kernel refuses them.

        Commands and modifiers:

        """
    for option in CommandOption.actions + CommandOption.modifiers {
      text += line(option.synopsis, option.help)
    }
    text +=
      "\nBond options (kernel names or numbers; applied on creation or to an existing bond):\n"
    for option in BondOption.all {
      var notes: [String] = []
      switch option.value {
      case .names, .toggle, .number:
        notes.append(option.acceptedValues)
        notes.append("default \(option.defaultValue)")
      default: break
      }
      if let modes = option.modes {
        notes.append(modes.map(\.description).joined(separator: ", ") + " only")
      }
      if option.needs.contains(.bondDown) { notes.append("bond down") }
      if option.needs.contains(.noSlaves) { notes.append("no slaves") }
      if option.needs.contains(.miimon) { notes.append("needs miimon") }
      let suffix = notes.isEmpty ? "" : " [" + notes.joined(separator: "; ") + "]"
      text += line("--\(option.name) \(option.metavar)", option.help + suffix)
    }
    text += "\nSlave options (for each SLAVE named, enslaved now or already in MASTER):\n"
    for option in SlaveOption.all {
      var notes = [
        "\(option.range.lowerBound)-\(option.range.upperBound)", "default \(option.defaultValue)",
      ]
      if let modes = option.modes {
        notes.append(modes.map(\.description).joined(separator: ", ") + " only")
      }
      notes.append(
        option.sysfs ? "Linux \(option.since), sysfs before" : "Linux \(option.since), netlink only"
      )
      text += line(
        "--\(option.name) \(option.metavar)",
        option.help + " [" + notes.joined(separator: "; ") + "]")
    }
    text += """

      Old kernels: where netlink cannot do a step (vanilla 3.10: bond options, the active
      slave, status), it goes through the SIOCBOND ioctls and sysfs. Vanilla 3.10's driver has
      no --arp-all-targets, --lp-interval, --packets-per-slave, nor any option that came after
      3.14 (ifenslave(8) gives each one's kernel); RHEL 7's 3.10 has those up to 4.3. See OLD
      KERNELS in ifenslave(8).

      Exit status: 0 on success, 1 when an operation failed, 2 on a usage error.
      See ifenslave(8) and the kernel's Documentation/networking/bonding.rst.

      """
    return text
  }

  private static func line(_ synopsis: String, _ help: String) -> String {
    let pad =
      synopsis.count < 30
      ? String(repeating: " ", count: 30 - synopsis.count)
      : "\n" + String(repeating: " ", count: 32)
    return "  " + synopsis + pad + help + "\n"
  }
}
