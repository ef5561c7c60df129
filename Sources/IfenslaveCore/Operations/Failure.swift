/// A failed operation as the user sees it: `ifenslave: <what>: <why>`.
public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
  /// What failed, naming the interfaces: "bond0: cannot enslave eth0".
  public let what: String
  /// Why, in the kernel's words when it gave any.
  public let why: String

  public init(_ what: String, _ why: String) {
    self.what = what
    self.why = why
  }

  public var description: String { what + ": " + why }
}

extension KernelRequest {
  /// What failed when this request failed.
  var failureWhat: String {
    switch self {
    case .createBond(let name, _): return "\(name): cannot create bond"
    case .setBondOptions(let bond, let settings):
      let names = settings.map(\.option.kernelName).joined(separator: ", ")
      return "\(bond): cannot set \(names)"
    case .setActiveSlave(let bond, let slave): return "\(bond): cannot make \(slave) the active slave"
    case .setUp(let link, let up): return "\(link): cannot bring it \(up ? "up" : "down")"
    case .enslave(let slave, let bond): return "\(bond): cannot enslave \(slave)"
    case .release(let slave, let bond): return "\(bond): cannot release \(slave)"
    case .setMTU(let link, let mtu): return "\(link): cannot set mtu \(mtu)"
    case .setHardwareAddress(let link, let mac): return "\(link): cannot set address \(mac)"
    case .deleteLink(let link): return "\(link): cannot delete it"
    case .addAddress(let a): return "\(a.link): cannot add address \(a)"
    case .deleteAddress(let a): return "\(a.link): cannot remove address \(a)"
    }
  }

  /// The kernel's reason, made specific where a bare errno would mislead
  /// (ENOTEMPTY reads "Directory not empty").
  func reason(for error: KernelError) -> String {
    if case .createBond = self, error.errno == .EOPNOTSUPP {
      // The kernel's own words ("Unknown device type") do not say what is missing.
      return "this kernel has no bonding driver (CONFIG_BONDING, module bonding)"
        + (error.message.map { ": \($0)" } ?? "")
    }
    let specific = specificReason(for: error.errno)
    if let message = error.message, !message.isEmpty {
      // bonding's extended ACK for any refused option value says only this; what we know
      // of the errno in that request says more.
      if message == "invalid option value", let specific { return message + ": " + specific }
      return message
    }
    return specific ?? error.errno.description
  }

  private func specificReason(for errno: Errno) -> String? {
    switch (self, errno) {
    case (.setBondOptions, .EOPNOTSUPP):
      return "this kernel changes bond options over netlink only from Linux 3.14; --backend auto uses sysfs"
    case (.setActiveSlave, .EOPNOTSUPP):
      return "this kernel sets the active slave over netlink only from Linux 3.13 (IFLA_BOND_ACTIVE_SLAVE);"
        + " --backend auto uses the SIOCBONDCHANGEACTIVE ioctl"
    case (.setBondOptions, .ENOTEMPTY):
      return "the kernel changes this only while the bond has no slaves"
    case (.setBondOptions, .EBUSY):
      return "the kernel changes this only while the bond is down"
    case (.setBondOptions, .EACCES), (.setActiveSlave, .EACCES):
      return "not supported in the bond's mode"
    case (.createBond, .EINVAL), (.setBondOptions, .EINVAL):
      // Kernels before 6.0 explain a refused value only in their log.
      return "the kernel refuses a value (Invalid argument); its log (dmesg) names the option"
    case (.setActiveSlave, .EINVAL):
      return "the slave or its link is down (\(errno))"
    case (.enslave, .EOPNOTSUPP):
      return "the bonding driver refuses this slave (\(errno)); its log (dmesg) names the cause,"
        + " often a device that cannot take the bond's MAC address"
    default:
      return nil
    }
  }
}
