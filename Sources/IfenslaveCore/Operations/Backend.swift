// SPDX-License-Identifier: GPL-2.0-or-later
/// `--backend`: netlink with a fallback decided by probing (auto), or one path only: netlink
/// (`IFLA_MASTER` and the `IFLA_BOND_*` attributes, complete from Linux 3.14), or ioctl (what
/// 3.10 has: the SIOCBOND* ioctls to enslave, release, change the active slave and query, and
/// sysfs for bond options and for creating and deleting bonds).
enum BackendChoice: String, CaseIterable, Sendable {
  case auto, netlink, ioctl
}

/// When a netlink request is tried again over ioctls and sysfs.
///
/// The kernel version says nothing (RHEL 7's 3.10 has most of 3.14's netlink support), so the
/// decision rests on what the running kernel did: answered EOPNOTSUPP, sent a bond without
/// IFLA_INFO_DATA, or acknowledged an attribute it then did not report. EPERM, EBUSY, ENODEV,
/// EINVAL and the rest are real answers: they are reported, never retried another way. So is
/// an EOPNOTSUPP the kernel explains in words: extended ACKs came in 4.12, long after netlink
/// could do all of this, and the bonding driver uses them to say that a slave refuses
/// something (such as a MAC address), which the ioctl would only be refused again.
enum Fallback {
  /// What netlink did with a request.
  enum Outcome: Sendable {
    /// The kernel refused it.
    case refused(KernelError)
    /// The kernel acknowledged it; this is what reading back found (nil: gone).
    case readBack(Link?)
    /// The kernel acknowledged it, and there is nothing to read back.
    case acknowledged

    /// The kernel's refusal, if it refused.
    var refusal: KernelError? {
      if case .refused(let error) = self { return error }
      return nil
    }
  }

  enum Decision: Equatable, Sendable {
    case done
    /// Netlink did not do it on this kernel, for the reason given: do this over ioctls and
    /// sysfs instead.
    case useLegacy(KernelRequest, because: String)
    /// A real failure: report it.
    case report(String)
  }

  static func decide(_ request: KernelRequest, _ outcome: Outcome) -> Decision {
    switch outcome {
    case .refused(let error):
      let meaning = request.meaning
      if error.errno == .EOPNOTSUPP && (error.message ?? "").isEmpty
        && meaning.fallsBackOnEOPNOTSUPP
      {
        return .useLegacy(request, because: meaning.reason(for: error))
      }
      return .report(meaning.reason(for: error))
    case .acknowledged:
      return .done
    case .readBack(let link):
      return decide(request, readBack: link)
    }
  }

  private static func decide(_ request: KernelRequest, readBack link: Link?) -> Decision {
    guard let expected = request.meaning.readBack else { return .done }
    switch expected {
    case .bond(let bond, let settings, let new):
      guard let link else {
        return .report(
          new ? "the kernel acknowledged it, but there is no \(bond)" : "the bond disappeared")
      }
      if new && !link.isBond {
        return .report("the kernel acknowledged it, but \(bond) is not a bond")
      }
      return options(settings, on: link)
    case .activeSlave(let slave, let bond):
      guard let info = link?.bond else {
        return .useLegacy(request, because: "this kernel reports no active slave over netlink")
      }
      if info.activeSlave != nil, info.activeSlave == slave.index { return .done }
      return .report("the kernel acknowledged it, but \(slave) is not the active slave of \(bond)")
    case .slave(let slave, let bond):
      // Before 2.6.39 the kernel acknowledged IFLA_MASTER and did nothing.
      guard let link else { return .report("\(slave) disappeared") }
      if link.master != nil && link.master == bond.index { return .done }
      return .useLegacy(
        request, because: "the kernel acknowledged it, but \(slave) is not a slave of \(bond)")
    case .released(let slave, let bond):
      guard let link else { return .report("\(slave) disappeared") }
      if link.master == nil || link.master != bond.index { return .done }
      return .useLegacy(
        request, because: "the kernel acknowledged it, but \(slave) is still a slave of \(bond)")
    case .slaveOptions(let slave, let bond, let settings):
      guard let link else { return .report("\(slave) disappeared") }
      guard link.master != nil, link.master == bond.index else {
        return .report("\(slave) is no longer a slave of \(bond)")
      }
      guard link.bondSlave != nil else {
        return .useLegacy(
          request, because: "this kernel reports no slave options over netlink (before Linux 3.14)")
      }
      guard let (unmet, why) = Readback.slaveMismatch(settings, on: link.bondSlave) else {
        return .done
      }
      // What has a sysfs file may yet be set there (a kernel that reads it over netlink but
      // does not set it); the rest has no other way.
      if unmet.allSatisfy(\.option.sysfs) {
        return .useLegacy(.setSlaveOptions(slave, of: bond, unmet), because: why)
      }
      return .report(why)
    }
  }

  /// Options the kernel did not report go to sysfs; a value it reports differently is an error.
  private static func options(_ settings: [BondSetting], on link: Link) -> Decision {
    let check = Readback.check(settings, on: link)
    if let wrong = check.wrong { return .report(wrong) }
    guard let first = check.unreported.first else { return .done }
    let why =
      link.bond == nil
      ? "this kernel reports no bond options over netlink (no IFLA_INFO_DATA: before Linux 3.13)"
      : "\(first.option.kernelName) did not take: the kernel acknowledged it over netlink but does"
        + " not report it (the attribute needs Linux \(first.option.since) or later)"
    return .useLegacy(.setBondOptions(link.ref, check.unreported), because: why)
  }
}
