// SPDX-License-Identifier: GPL-2.0-or-later
/// Whether the kernel reports an option as set.
///
/// Kernels ACK `IFLA_BOND_*` attributes they do not know and drop them, so the only proof
/// that an option took is reading the bond back.
enum Readback {
  /// What reading back found.
  struct Check {
    /// Settings the kernel does not report at all: it does not know them, or (3.10) it
    /// reports no bond options over netlink.
    var unreported: [BondSetting] = []
    /// Why a reported value is not the one asked for.
    var wrong: String?
  }

  /// What the kernel reports for `setting` on `link`, or nil when it reports nothing.
  static func reported(_ setting: BondSetting, on link: Link) -> OptionValue? {
    switch setting.option.target {
    case .link:
      if setting.option == .mtu { return .number(UInt64(link.mtu)) }
      return link.hardwareAddress.map(OptionValue.hardwareAddress)
    case .bond:
      return link.bond?.value(setting.option)
    }
  }

  /// The value the kernel will report once `setting` took: delays are stored as a count of
  /// miimon intervals, so the kernel rounds them down to a multiple of miimon.
  static func expected(_ setting: BondSetting, miimon: UInt64?) -> OptionValue {
    guard setting.option.needs.contains(.miimon), case .number(let value) = setting.value,
      let miimon, miimon > 0
    else { return setting.value }
    return .number(value / miimon * miimon)
  }

  /// Whether `link` already has `setting`, so that sending it would change nothing.
  static func holds(_ setting: BondSetting, on link: Link) -> Bool {
    guard link.bond != nil || setting.option.bondAttribute == nil else { return false }
    let got = reported(setting, on: link) ?? emptyList(for: setting.option)
    guard let got else { return false }
    return same(got, expected(setting, miimon: link.bond?.number(.miimon)))
  }

  static func check(_ settings: [BondSetting], on link: Link) -> Check {
    var check = Check()
    let miimon = link.bond?.number(.miimon)
    for setting in settings {
      let want = expected(setting, miimon: miimon)
      // The kernel leaves an empty target list out of its reply.
      guard
        let got = reported(setting, on: link)
          ?? (link.bond == nil ? nil : emptyList(for: setting.option, when: want))
      else {
        check.unreported.append(setting)
        continue
      }
      if !same(got, want) && check.wrong == nil {
        check.wrong =
          "\(setting.option.kernelName) did not take: the kernel reports"
          + " \(setting.option.format(got)) instead of \(setting.option.format(want))"
      }
    }
    return check
  }

  /// Why `link` does not show `settings` as set, or nil when it does: for a path with no
  /// other to fall back to.
  static func mismatch(_ settings: [BondSetting], on link: Link) -> String? {
    let check = check(settings, on: link)
    if let wrong = check.wrong { return wrong }
    guard let missing = check.unreported.first else { return nil }
    return "\(missing.option.kernelName) did not take: this kernel does not have it"
      + " (it needs Linux \(missing.option.since) or later)"
  }

  /// The settings a slave does not report as asked, and why the first of them did not take;
  /// nil when it reports them all. `info` nil: the kernel reports no slave data at all.
  static func slaveMismatch(_ settings: [SlaveSetting], on info: BondSlaveInfo?) -> (
    unmet: [SlaveSetting], why: String
  )? {
    var unmet: [SlaveSetting] = []
    var why: String?
    for setting in settings {
      let option = setting.option
      let got = info.flatMap(option.reported)
      guard got != setting.value else { continue }
      unmet.append(setting)
      if why != nil { continue }
      if let got {
        why =
          "\(option.kernelName) did not take: the kernel reports \(got) instead of \(setting.value)"
      } else {
        why =
          "\(option.kernelName) did not take: this kernel does not have it (it needs Linux \(option.since) or later)"
      }
    }
    return why.map { (unmet, $0) }
  }

  /// An empty list, for a list option whose wanted value is empty (or not given).
  private static func emptyList(for option: BondOption, when wanted: OptionValue? = nil)
    -> OptionValue?
  {
    switch (option.value, wanted) {
    case (.ipv4List, nil), (.ipv4List, .ipv4([])?): return .ipv4([])
    case (.ipv6List, nil), (.ipv6List, .ipv6([])?): return .ipv6([])
    default: return nil
    }
  }

  /// Interfaces compare by index: the kernel reports the primary as an ifindex.
  private static func same(_ reported: OptionValue, _ wanted: OptionValue) -> Bool {
    if case .interface(let ref) = wanted {
      guard let index = ref.index else { return false }
      return reported == .number(UInt64(UInt32(bitPattern: index.rawValue)))
    }
    return reported == wanted
  }
}
