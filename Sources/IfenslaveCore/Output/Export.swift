// SPDX-License-Identifier: GPL-2.0-or-later
/// `--export FORMAT`: what recreates the running bonds, in the words of the tool or file
/// that will build them at the next boot. Only what differs from the kernel's defaults is
/// written, with the mode always, so that a file says what its admin chose.
enum ExportFormat: String, CaseIterable, Sendable {
  case ifenslave
  case rcBond = "rc.bond"
  case ifupdown, networkd, nmcli, ifcfg

  static var names: String { allCases.map(\.rawValue).joined(separator: "|") }
}

/// One bond as an export writes it.
struct ExportedBond: Equatable {
  var name: InterfaceName
  var mode: BondMode
  /// The options that differ from their defaults, mode first, as `kernel_name value` pairs
  /// in ifenslave's own formatting (`miimon 100`, `primary eth0`).
  var settings: [BondSetting]
  var mtu: UInt32?
  var slaves: [InterfaceName]
  /// Each slave's options that differ from their defaults.
  var slaveSettings: [InterfaceName: [SlaveSetting]]

  /// The bond as its status shows it.
  init(_ status: BondStatus) {
    name = status.bond.name
    mode = status.mode ?? .balanceRR
    let info = status.bond.bond
    var settings: [BondSetting] = []
    for option in BondOption.all
    where option.bondAttribute != nil && option != .mode && option != .numUnsolNA {
      guard option.modes?.contains(mode) ?? true, var value = info?.value(option) else { continue }
      if option == .primary {
        guard let primary = status.primary else { continue }
        value = .interface(LinkRef(primary))
      } else if value == Self.defaultValue(of: option) {
        continue
      }
      // An ad_actor_system of zeros is the bond's own MAC, the default.
      if option == .adActorSystem,
        value == .hardwareAddress(HardwareAddress(bytes: [0, 0, 0, 0, 0, 0]))
      {
        continue
      }
      settings.append(BondSetting(option, value))
    }
    self.settings = [BondSetting(.mode, .number(UInt64(mode.rawValue)))] + settings
    mtu = status.bond.mtu == 1500 || status.bond.mtu == 0 ? nil : status.bond.mtu
    slaves = status.slaves.map(\.link.name)
    var perSlave: [InterfaceName: [SlaveSetting]] = [:]
    for slave in status.slaves {
      guard let info = slave.link.bondSlave else { continue }
      let own = SlaveOption.all.compactMap { option -> SlaveSetting? in
        guard let value = option.reported(info), value != option.defaultValue else { return nil }
        return SlaveSetting(option, value)
      }
      if !own.isEmpty { perSlave[slave.link.name] = own }
    }
    slaveSettings = perSlave
  }

  static func defaultValue(of option: BondOption) -> OptionValue? {
    switch option.value {
    case .ipv4List: return .ipv4([])
    case .ipv6List: return .ipv6([])
    default: return try? option.parse(option.defaultValue)
    }
  }

  /// The options but the mode, as `(kernel name, value)` in the option's own words.
  var options: [(option: BondOption, text: String)] {
    settings.dropFirst().map { ($0.option, $0.option.format($0.value)) }
  }
}

/// The files (or lines) of one format.
enum Export {
  struct File: Equatable {
    /// Where the file goes, or nil for lines to run.
    var path: String?
    var text: String
  }

  static func files(_ bonds: [ExportedBond], as format: ExportFormat) -> [File] {
    switch format {
    case .ifenslave: return [File(path: nil, text: bonds.map(ifenslaveLines).joined())]
    case .rcBond:
      return [File(path: "/etc/rc.d/rc.bond.conf", text: bonds.map(rcBondLine).joined())]
    case .ifupdown:
      return [
        File(
          path: "/etc/network/interfaces", text: bonds.map(ifupdownStanza).joined(separator: "\n"))
      ]
    case .nmcli: return [File(path: nil, text: bonds.map(nmcliLines).joined())]
    case .networkd: return bonds.flatMap(networkdFiles)
    case .ifcfg: return bonds.flatMap(ifcfgFiles)
    }
  }

  /// The files as one text: each file after a comment line naming it.
  static func text(_ files: [File]) -> String {
    files.map { file in (file.path.map { "# \($0)\n" } ?? "") + file.text }.joined(separator: "\n")
  }

  // MARK: - ifenslave and rc.bond

  /// The bond's line, then one per slave with options of its own.
  private static func ifenslaveLines(_ bond: ExportedBond) -> String {
    var words = ["ifenslave", "--mode", bond.mode.description]
    for (option, text) in bond.options { words += ["--\(option.name)", text] }
    if let mtu = bond.mtu { words += ["--mtu", String(mtu)] }
    var lines = [
      (words + [bond.name.rawValue] + bond.slaves.map(\.rawValue)).map(Quoted.shellWord).joined(
        separator: " ")
    ]
    for slave in bond.slaves {
      guard let own = bond.slaveSettings[slave] else { continue }
      let flags = own.flatMap { ["--\($0.option.name)", String($0.value)] }
      lines.append(
        (["ifenslave"] + flags + [bond.name.rawValue, slave.rawValue]).map(Quoted.shellWord).joined(
          separator: " "))
    }
    return lines.map { $0 + "\n" }.joined()
  }

  /// `NAME MODE OPTIONS SLAVES`, as packaging/slackware/rc.bond.conf describes it: options
  /// by ifenslave's long names without dashes. rc.bond has no slave options.
  private static func rcBondLine(_ bond: ExportedBond) -> String {
    var options = bond.options.map { "\($0.option.name)=\($0.text)" }
    if let mtu = bond.mtu { options.append("mtu=\(mtu)") }
    let slaves = bond.slaves.map(\.rawValue).joined(separator: ",")
    var line =
      "\(bond.name) \(bond.mode) \(options.isEmpty ? "-" : options.joined(separator: ",")) \(slaves.isEmpty ? "-" : slaves)\n"
    for comment in slaveComments(bond) { line += comment + "\n" }
    return line
  }

  // MARK: - ifupdown

  /// An /etc/network/interfaces stanza, in the `bond-*` words of Debian's ifenslave hooks
  /// (each a sysfs name with dashes).
  private static func ifupdownStanza(_ bond: ExportedBond) -> String {
    var lines = ["auto \(bond.name)", "iface \(bond.name) inet manual"]
    lines.append(
      "    bond-slaves \(bond.slaves.isEmpty ? "none" : bond.slaves.map(\.rawValue).joined(separator: " "))"
    )
    lines.append("    bond-mode \(bond.mode)")
    for (option, text) in bond.options {
      let value = text.replacingCommas(with: " ")
      lines.append("    bond-\(String(option.kernelName.map { $0 == "_" ? "-" : $0 })) \(value)")
    }
    if let mtu = bond.mtu { lines.append("    mtu \(mtu)") }
    lines += slaveComments(bond, indent: "    ")
    return lines.map { $0 + "\n" }.joined()
  }

  /// A slave's own options, where a format has no words for them: as the ifenslave line
  /// that sets them, to run after the bond is up.
  private static func slaveComments(
    _ bond: ExportedBond, of slaves: [InterfaceName]? = nil, indent: String = ""
  ) -> [String] {
    (slaves ?? bond.slaves).compactMap { slave in
      guard let own = bond.slaveSettings[slave] else { return nil }
      return indent + "# \(slave): " + own.map(\.description).joined(separator: ", ")
        + ": no setting for it here; ifenslave"
        + own.map { " --\($0.option.name) \($0.value)" }.joined() + " \(bond.name) \(slave)"
    }
  }

  // MARK: - nmcli

  private static func nmcliLines(_ bond: ExportedBond) -> String {
    let options =
      (["mode=\(bond.mode)"] + bond.options.map { "\($0.option.kernelName)=\($0.text)" }).joined(
        separator: ",")
    var words = [
      "nmcli", "connection", "add", "type", "bond", "con-name", bond.name.rawValue, "ifname",
      bond.name.rawValue,
      "bond.options", options,
    ]
    if let mtu = bond.mtu { words += ["802-3-ethernet.mtu", String(mtu)] }
    var lines = [words.map(Quoted.shellWord).joined(separator: " ")]
    for slave in bond.slaves {
      var port = [
        "nmcli", "connection", "add", "type", "ethernet", "con-name", "\(bond.name)-\(slave)",
        "ifname", slave.rawValue,
        "master", bond.name.rawValue, "slave-type", "bond",
      ]
      for setting in bond.slaveSettings[slave] ?? [] {
        switch setting.option {
        case .queueID: port += ["bond-port.queue-id", String(setting.value)]
        case .prio: port += ["bond-port.prio", String(setting.value)]
        default: continue
        }
      }
      lines.append(port.map(Quoted.shellWord).joined(separator: " "))
    }
    return lines.map { $0 + "\n" }.joined()
  }

  // MARK: - ifcfg

  private static func ifcfgFiles(_ bond: ExportedBond) -> [File] {
    let options =
      (["mode=\(bond.mode)"] + bond.options.map { "\($0.option.kernelName)=\($0.text)" }).joined(
        separator: " ")
    var master = [
      "DEVICE=\(bond.name)", "NAME=\(bond.name)", "TYPE=Bond", "BONDING_MASTER=yes",
      "BONDING_OPTS=\"\(options)\"",
      "ONBOOT=yes", "BOOTPROTO=none",
    ]
    if let mtu = bond.mtu { master.append("MTU=\(mtu)") }
    var files = [
      File(
        path: "/etc/sysconfig/network-scripts/ifcfg-\(bond.name)",
        text: master.map { $0 + "\n" }.joined())
    ]
    for slave in bond.slaves {
      var lines = [
        "DEVICE=\(slave)", "NAME=\(slave)", "TYPE=Ethernet", "MASTER=\(bond.name)", "SLAVE=yes",
        "ONBOOT=yes",
        "BOOTPROTO=none",
      ]
      lines += slaveComments(bond, of: [slave])
      files.append(
        File(
          path: "/etc/sysconfig/network-scripts/ifcfg-\(slave)",
          text: lines.map { $0 + "\n" }.joined()))
    }
    return files
  }

  // MARK: - systemd-networkd

  /// systemd.netdev(5)'s [Bond] keys, by sysfs name, with how each writes its value: nil for
  /// a value networkd has no word for (it would ignore the line with a warning). Its names are
  /// the kernel's older ones: none for xmit_hash_policy vlan+srcmac (5.10), arp_validate's
  /// filter values (4.12) or ad_select actor_port_prio (6.18).
  private static let networkdKeys: [String: (key: String, value: @Sendable (String) -> String?)] = [
    "xmit_hash_policy": (
      "TransmitHashPolicy", oneOf(["layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4"])
    ),
    "lacp_rate": ("LACPTransmitRate", { $0 }),
    "miimon": ("MIIMonitorSec", { "\($0)ms" }),
    "updelay": ("UpDelaySec", { "\($0)ms" }),
    "downdelay": ("DownDelaySec", { "\($0)ms" }),
    "peer_notif_delay": ("PeerNotifyDelaySec", { "\($0)ms" }),
    "lp_interval": ("LearnPacketIntervalSec", { "\($0)s" }),
    "ad_select": ("AdSelect", oneOf(["stable", "bandwidth", "count"])),
    "ad_actor_sys_prio": ("AdActorSystemPriority", { $0 }),
    "ad_user_port_key": ("AdUserPortKey", { $0 }),
    "ad_actor_system": ("AdActorSystem", { $0 }),
    "fail_over_mac": ("FailOverMACPolicy", { $0 }),
    "arp_validate": ("ARPValidate", oneOf(["none", "active", "backup", "all"])),
    "arp_interval": ("ARPIntervalSec", { "\($0)ms" }),
    "arp_ip_target": ("ARPIPTargets", { $0.replacingCommas(with: " ") }),
    "arp_all_targets": ("ARPAllTargets", { $0 }),
    "arp_missed_max": ("ARPMissedMax", { $0 }),
    "primary_reselect": ("PrimaryReselectPolicy", { $0 }),
    "resend_igmp": ("ResendIGMP", { $0 }),
    "packets_per_slave": ("PacketsPerSlave", { $0 }),
    "num_grat_arp": ("GratuitousARP", { $0 }),
    "all_slaves_active": ("AllSlavesActive", { $0 == "1" ? "yes" : "no" }),
    "tlb_dynamic_lb": ("DynamicTransmitLoadBalancing", { $0 == "1" ? "yes" : "no" }),
    "min_links": ("MinLinks", { $0 }),
  ]

  private static func oneOf(_ names: Set<String>) -> @Sendable (String) -> String? {
    { names.contains($0) ? $0 : nil }
  }

  private static func networkdFiles(_ bond: ExportedBond) -> [File] {
    var netdev = ["[NetDev]", "Name=\(bond.name)", "Kind=bond"]
    if let mtu = bond.mtu { netdev.append("MTUBytes=\(mtu)") }
    netdev += ["", "[Bond]", "Mode=\(bond.mode)"]
    var primary: String?
    for (option, text) in bond.options {
      if option == .primary {
        primary = text
      } else if option == .lpInterval, !bond.options.contains(where: { $0.option == .arpInterval })
      {
        // networkd sends LearnPacketIntervalSec= only along with ARPIntervalSec=, which the
        // modes that learn (balance-tlb, balance-alb) do not take.
        netdev.append(
          "# lp_interval \(text): systemd-networkd sets LearnPacketIntervalSec= only with ARPIntervalSec="
        )
      } else if let (key, value) = networkdKeys[option.kernelName] {
        if let written = value(text) {
          netdev.append("\(key)=\(written)")
        } else {
          netdev.append("# \(option.kernelName) \(text): systemd-networkd has no value for it")
        }
      } else {
        netdev.append("# \(option.kernelName) \(text): systemd-networkd has no setting for it")
      }
    }
    let directory = "/etc/systemd/network/"
    var files = [
      File(path: directory + "\(bond.name).netdev", text: netdev.map { $0 + "\n" }.joined())
    ]
    // The bond itself needs a .network to be brought up.
    files.append(
      File(
        path: directory + "\(bond.name).network",
        text: "[Match]\nName=\(bond.name)\n\n[Network]\nLinkLocalAddressing=no\n"))
    for slave in bond.slaves {
      var network = ["[Match]", "Name=\(slave)", "", "[Network]", "Bond=\(bond.name)"]
      if primary == slave.rawValue { network.append("PrimarySlave=yes") }
      network += slaveComments(bond, of: [slave])
      files.append(
        File(
          path: directory + "\(bond.name)-\(slave).network",
          text: network.map { $0 + "\n" }.joined()))
    }
    return files
  }
}

extension String {
  fileprivate func replacingCommas(with separator: String) -> String {
    split(separator: ",").joined(separator: separator)
  }
}
