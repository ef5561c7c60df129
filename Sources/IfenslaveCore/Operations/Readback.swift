/// Whether the kernel reports an option as set.
///
/// Kernels ACK `IFLA_BOND_*` attributes they do not know and drop them, so the only proof
/// that an option took is reading the bond back.
enum Readback {
  /// What the kernel reports for `setting` on `link`, or nil when it reports nothing.
  static func reported(_ setting: BondSetting, on link: Link) -> OptionValue? {
    switch setting.option.target {
    case .link:
      if setting.option == .mtu { return .number(UInt64(link.mtu)) }
      return link.hardwareAddress.map(OptionValue.hardwareAddress)
    case .bond:
      guard let info = link.bond else { return nil }
      if let value = info.value(setting.option) { return value }
      // An empty target list is left out of the reply.
      switch setting.option.value {
      case .ipv4List: return .ipv4([])
      case .ipv6List: return .ipv6([])
      default: return nil
      }
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
    guard let reported = reported(setting, on: link) else { return false }
    return same(reported, expected(setting, miimon: link.bond?.number(.miimon)))
  }

  /// Why `link` does not show `settings` as set, or nil when it does.
  static func mismatch(_ settings: [BondSetting], on link: Link) -> String? {
    let bondSettings = settings.filter { $0.option.bondAttribute != nil }
    if !bondSettings.isEmpty && link.bond == nil {
      return "the kernel acknowledged the options but reports none of them back"
        + " (no IFLA_INFO_DATA), so they did not take"
    }
    let miimon = link.bond?.number(.miimon)
    for setting in settings {
      let want = expected(setting, miimon: miimon)
      guard let got = reported(setting, on: link) else {
        return "\(setting.option.kernelName) did not take: the kernel acknowledged it but does"
          + " not report it (the netlink attribute needs Linux \(setting.option.since) or later)"
      }
      if !same(got, want) {
        return "\(setting.option.kernelName) did not take: the kernel reports"
          + " \(setting.option.format(got)) instead of \(setting.option.format(want))"
      }
    }
    return nil
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
