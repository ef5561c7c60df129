// SPDX-License-Identifier: GPL-2.0-or-later
/// Everything one request means to ifenslave. Each kind of `KernelRequest` says it here, in
/// one place, so that a new kind or a changed one is read and written in one case.
struct RequestMeaning {
  /// The step in `ip` words, as `--dry-run` and `-v` print it.
  var words: String
  /// What failed when the request failed, naming the interfaces: "bond0: cannot enslave eth0".
  var failureWhat: String
  /// The same change through the bonding driver's sysfs files and ioctls, which 3.10 needs
  /// for bond changes. Link changes (up, down, MTU, MAC, addresses) have none: rtnetlink has
  /// had them since 2.6, on every kernel.
  var legacy: LegacyForm?
  /// Whether EOPNOTSUPP (without the kernel's words) over netlink means "not over netlink
  /// on this kernel", so that the legacy form is tried.
  var fallsBackOnEOPNOTSUPP = false
  /// What reading back after an acknowledged request must find; nil: nothing to read back.
  var readBack: ReadBack?
  /// Our words for an errno where the bare errno would mislead (ENOTEMPTY reads "Directory
  /// not empty").
  var explanations: [Errno: Explanation] = [:]
  /// What to tell the user once the request is done, when it took something away unasked.
  var doneNote: String?

  /// A request as the bonding driver takes it without netlink; `LegacyPath` carries it out.
  enum LegacyForm {
    /// bonding_masters "+NAME", each option's file, then MTU and MAC over netlink, which
    /// sysfs cannot set: all or nothing, as a netlink create.
    case createBond(InterfaceName, [BondSetting])
    /// Each option's file in turn, in the table's order (mode first).
    case setOptions(InterfaceName, [BondSetting])
    case ioctl(SlaveIoctl, bond: InterfaceName, slave: InterfaceName)
    /// The bond's file of each slave option that has one ("SLAVE:VALUE" to queue_id).
    case slaveOptions(bond: InterfaceName, slave: InterfaceName, [SlaveSetting])
    /// bonding_masters "-NAME".
    case deleteBond(InterfaceName)
  }

  /// What reading back must find: the kernel acknowledges attributes it then ignores.
  enum ReadBack {
    /// The bond reports these settings; `new`: the bond this request created, which must exist
    /// and be a bond.
    case bond(LinkRef, [BondSetting], new: Bool)
    /// The slave is the bond's active slave.
    case activeSlave(LinkRef, of: LinkRef)
    /// The slave is in the bond.
    case slave(LinkRef, of: LinkRef)
    /// The slave is no longer in the bond.
    case released(LinkRef, from: LinkRef)
    /// The slave, in the bond, reports these settings.
    case slaveOptions(LinkRef, of: LinkRef, [SlaveSetting])

    /// The interface to read.
    var name: InterfaceName {
      switch self {
      case .bond(let bond, _, _), .activeSlave(_, let bond): bond.name
      case .slave(let slave, _), .released(let slave, _), .slaveOptions(let slave, _, _): slave.name
      }
    }
  }

  /// How our words for an errno go with the kernel's.
  enum Explanation {
    /// Ours stand in for a bare errno, and follow bonding's generic "invalid option value".
    case instead(String)
    /// Ours come first, the kernel's after them: its words do not say what is missing.
    case first(String)
  }

  /// The kernel's reason, made specific where a bare errno would mislead.
  func reason(for error: KernelError) -> String {
    let message = error.message ?? ""
    switch explanations[error.errno] {
    case .first(let ours)?:
      return ours + (error.message.map { ": \($0)" } ?? "")
    case .instead(let ours)?:
      if message.isEmpty { return ours }
      // bonding's extended ACK for any refused option value says only this; what we know
      // of the errno in this request says more.
      return message == "invalid option value" ? message + ": " + ours : message
    case nil:
      return message.isEmpty ? error.errno.description : message
    }
  }
}

extension KernelRequest {
  var meaning: RequestMeaning {
    // Kernels before 6.0 explain a refused value only in their log.
    let refusedValue = RequestMeaning.Explanation.instead(
      "the kernel refuses a value (Invalid argument); its log (dmesg) names the option")
    let wrongMode = RequestMeaning.Explanation.instead("not supported in the bond's mode")
    switch self {
    case .createBond(let name, let settings):
      return RequestMeaning(
        words: (["create \(name) type bond"] + settings.map(\.description)).joined(separator: " "),
        failureWhat: "\(name): cannot create bond",
        legacy: .createBond(name, settings), fallsBackOnEOPNOTSUPP: true,
        readBack: .bond(LinkRef(name), settings, new: true),
        explanations: [
          // The kernel's own words ("Unknown device type") do not say what is missing.
          .EOPNOTSUPP: .first("this kernel has no bonding driver (CONFIG_BONDING, module bonding)"),
          .EINVAL: refusedValue,
        ])
    case .setBondOptions(let bond, let settings):
      return RequestMeaning(
        words: (["set \(bond) type bond"] + settings.map(\.description)).joined(separator: " "),
        failureWhat:
          "\(bond): cannot set \(settings.map(\.option.kernelName).joined(separator: ", "))",
        legacy: .setOptions(bond.name, settings), fallsBackOnEOPNOTSUPP: true,
        readBack: .bond(bond, settings, new: false),
        explanations: [
          .EOPNOTSUPP: .instead(
            "this kernel changes bond options over netlink only from Linux 3.14; --backend auto uses sysfs"
          ),
          .ENOTEMPTY: .instead("the kernel changes this only while the bond has no slaves"),
          .EBUSY: .instead("the kernel changes this only while the bond is down"),
          .EACCES: wrongMode,
          .EINVAL: refusedValue,
        ])
    case .setActiveSlave(let bond, let slave):
      return RequestMeaning(
        words: "set \(bond) type bond active_slave \(slave)",
        failureWhat: "\(bond): cannot make \(slave) the active slave",
        legacy: .ioctl(.changeActive, bond: bond.name, slave: slave.name),
        fallsBackOnEOPNOTSUPP: true,
        readBack: .activeSlave(slave, of: bond),
        explanations: [
          .EOPNOTSUPP: .instead(
            "this kernel sets the active slave over netlink only from Linux 3.13 (IFLA_BOND_ACTIVE_SLAVE);"
              + " --backend auto uses the SIOCBONDCHANGEACTIVE ioctl"),
          .EACCES: wrongMode,
          .EINVAL: .instead("the slave or its link is down (\(Errno.EINVAL))"),
        ])
    case .setUp(let link, let up):
      return RequestMeaning(
        words: "set \(link) \(up ? "up" : "down")",
        failureWhat: "\(link): cannot bring it \(up ? "up" : "down")")
    case .enslave(let slave, let bond):
      // Enslave and release went through the driver's ndo_add_slave and ndo_del_slave from
      // 2.6.39, the same bond_enslave the ioctl calls: EOPNOTSUPP there is the driver refusing
      // the slave, and the ioctl would only be refused again, with less said.
      return RequestMeaning(
        words: "enslave \(slave) to \(bond)", failureWhat: "\(bond): cannot enslave \(slave)",
        legacy: .ioctl(.enslave, bond: bond.name, slave: slave.name), fallsBackOnEOPNOTSUPP: false,
        readBack: .slave(slave, of: bond),
        explanations: [
          .EOPNOTSUPP: .instead(
            "the bonding driver refuses this slave (\(Errno.EOPNOTSUPP)); its log (dmesg) names the cause,"
              + " often a device that cannot take the bond's MAC address")
        ])
    case .setSlaveOptions(let slave, let bond, let settings):
      var explanations: [Errno: RequestMeaning.Explanation] = [
        .EOPNOTSUPP: .instead(
          "this kernel sets slave options over netlink only from Linux 3.14; --backend auto uses sysfs"
        ),
        .EACCES: wrongMode,
        .EINVAL: refusedValue,
      ]
      // bond_option_queue_id_set() answers EPERM whatever is wrong (root was checked first).
      if settings.contains(where: { $0.option == .queueID }) {
        explanations[.EPERM] = .instead(
          "the kernel refuses the queue ID: it must be at most the bond's number of transmit queues"
            + " (16 unless the bonding module's tx_queues says otherwise) and no other slave's")
      }
      return RequestMeaning(
        words: (["set \(slave) type bond_slave"] + settings.map(\.description)).joined(
          separator: " "),
        failureWhat:
          "\(bond): cannot set \(settings.map(\.option.kernelName).joined(separator: ", ")) of \(slave)",
        legacy: .slaveOptions(bond: bond.name, slave: slave.name, settings),
        fallsBackOnEOPNOTSUPP: true,
        readBack: .slaveOptions(slave, of: bond, settings), explanations: explanations)
    case .release(let slave, let bond):
      return RequestMeaning(
        words: "release \(slave) from \(bond)", failureWhat: "\(bond): cannot release \(slave)",
        legacy: .ioctl(.release, bond: bond.name, slave: slave.name), fallsBackOnEOPNOTSUPP: false,
        readBack: .released(slave, from: bond))
    case .setMTU(let link, let mtu):
      return RequestMeaning(
        words: "set \(link) mtu \(mtu)", failureWhat: "\(link): cannot set mtu \(mtu)")
    case .setHardwareAddress(let link, let address):
      return RequestMeaning(
        words: "set \(link) address \(address)",
        failureWhat: "\(link): cannot set address \(address)")
    case .deleteLink(let link):
      return RequestMeaning(
        words: "delete \(link)", failureWhat: "\(link): cannot delete it",
        legacy: .deleteBond(link.name), fallsBackOnEOPNOTSUPP: true)
    case .addAddress(let address):
      return RequestMeaning(
        words: "add address \(address) to \(address.link)",
        failureWhat: "\(address.link): cannot add address \(address)")
    case .deleteAddress(let address):
      return RequestMeaning(
        words: "delete address \(address) from \(address.link)",
        failureWhat: "\(address.link): cannot remove address \(address)",
        // ifenslave 1.1.0 cleared the address silently; say what went.
        doneNote: "\(address.link): removed IPv4 address \(address)")
    case .addRoute(let route):
      return RequestMeaning(
        words: "add route \(route)", failureWhat: "\(route.link): cannot add route \(route)")
    }
  }
}
