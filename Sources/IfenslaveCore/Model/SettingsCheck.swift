// SPDX-License-Identifier: GPL-2.0-or-later
/// Combinations of options the kernel would refuse, found before anything is touched.
enum SettingsCheck {
  /// Why `settings` cannot be applied together, or nil.
  ///
  /// - Parameters:
  ///   - mode: the bond's mode once the settings apply, when known.
  ///   - miimon: the bond's miimon once the settings apply, when known.
  static func conflict(in settings: [BondSetting], mode: BondMode?, miimon: UInt64?)
    -> String?
  {
    func number(_ option: BondOption) -> UInt64? {
      if case .number(let n)? = settings.first(where: { $0.option == option })?.value { return n }
      return nil
    }
    if let grat = number(.numGratARP), let unsol = number(.numUnsolNA), grat != unsol {
      return "--num-grat-arp and --num-unsol-na set the same kernel option; give one value"
    }
    if let mode {
      for setting in settings {
        guard let modes = setting.option.modes, !modes.contains(mode) else { continue }
        let names = modes.map(\.description).joined(separator: ", ")
        return "--\(setting.option.name) only works in mode \(names), not \(mode)"
      }
    }
    // bond_changelink() refuses these pairs in one message.
    if let mii = number(.miimon), mii > 0 {
      if let arp = number(.arpInterval), arp > 0 {
        return "--miimon and --arp-interval cannot both be on: the bond monitors links one way"
      }
      if let validate = number(.arpValidate), validate > 0 {
        return "--arp-validate cannot be used with MII monitoring (--miimon \(mii))"
      }
    }
    if miimon == 0 {
      for setting in settings where setting.option.needs.contains(.miimon) {
        return "--\(setting.option.name) needs MII monitoring: set --miimon too"
      }
    }
    return nil
  }
}

extension SettingsCheck {
  /// Why slave settings cannot be given to `slaveCount` slaves of a bond in `mode`, or nil.
  static func conflict(in settings: [SlaveSetting], mode: BondMode?, slaveCount: Int) -> String? {
    if let mode {
      for setting in settings where !setting.option.accepts(mode) {
        let names = (setting.option.modes ?? []).map(\.description).joined(separator: ", ")
        return "--\(setting.option.name) only works in mode \(names), not \(mode)"
      }
    }
    // bond_option_queue_id_set() refuses a queue ID that another slave has.
    if let queue = settings.first(where: { $0.option == .queueID }), queue.value != 0,
      slaveCount > 1
    {
      return
        "--queue-id \(queue.value) for \(slaveCount) slaves: the kernel gives a queue ID other than 0"
        + " to one slave only; set each slave's in a command of its own"
    }
    return nil
  }
}

extension BondMode {
  init?(optionValue: OptionValue) {
    guard case .number(let n) = optionValue, n <= UInt64(UInt8.max) else { return nil }
    self.init(rawValue: UInt8(n))
  }
}
