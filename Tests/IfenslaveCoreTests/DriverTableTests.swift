// SPDX-License-Identifier: GPL-2.0-or-later
import Testing

@testable import IfenslaveCore

/// ifenslave's option table against the bonding driver's, as the fake kernel has it on its
/// own (`DriverOption`, from bond_options.c and if_link.h): the fake applies settings by its
/// table, so an entry of `BondOption.all` that disagrees with the driver fails here, and in
/// the tests that go through the fake.
@Suite struct DriverTableTests {
  @Test(arguments: BondOption.all.filter { $0.bondAttribute != nil })
  func eachOptionIsTheDriversOption(_ option: BondOption) {
    guard let driver = DriverOption.flag(option.name) else {
      Issue.record("the driver has no option for --\(option.name)")
      return
    }
    #expect(option.kernelName == driver.file, "sysfs file")
    #expect(option.bondAttribute == driver.attribute, "IFLA_BOND_* number")
    #expect(option.needs.contains(.noSlaves) == driver.noSlaves, "BOND_OPTFLAG_NOSLAVES")
    #expect(option.needs.contains(.bondDown) == driver.ifDown, "BOND_OPTFLAG_IFDOWN")
    #expect(option.needs.contains(.miimon) == driver.miimonMultiple, "kept in miimon intervals")
    #expect(option.modes.map { Set($0.map { UInt64($0.rawValue) }) } == driver.modes, "modes")
    switch (option.value, driver.values) {
    case (.names(let names), .names(let driverNames)):
      #expect(names == driverNames, "names, in the kernel's order")
    case (.toggle, .names(let driverNames)): #expect(driverNames == ["off", "on"])
    case (.number(let range), .range(let driverRange)): #expect(range == driverRange, "range")
    case (.interface, .interface), (.hardwareAddress, .mac), (.ipv4List(16), .ipv4Targets),
      (.ipv6List(16), .ipv6Targets):
      break
    default: Issue.record("--\(option.name) takes \(option.value), the driver \(driver.values)")
    }
  }

  @Test func theDriversOptionsAreAllInTheTable() {
    func named(_ flag: String) -> BondOption? { BondOption.all.first { $0.name == flag } }
    for driver in DriverOption.all {
      guard let flag = driver.flag else { continue }
      #expect(named(flag)?.kernelName == driver.file, "\(driver.file)")
    }
    for (flag, attribute) in DriverOption.linkAttributes {
      #expect(named(flag)?.target == .link(attribute: attribute), "\(flag)")
    }
  }

  /// A miswritten copy of an entry, as a slip in `BondOption.all` would make it.
  static func miswritten(_ option: BondOption, attribute: UInt16? = nil, file: String? = nil)
    -> BondOption
  {
    BondOption(
      name: option.name, kernelName: file ?? option.kernelName,
      target: attribute.map { .bond(attribute: $0) } ?? option.target, value: option.value,
      width: option.width,
      modes: option.modes, needs: option.needs, since: option.since,
      defaultValue: option.defaultValue,
      metavar: option.metavar, help: option.help)
  }

  @Test func aMiswrittenEntryFailsAgainstTheFake() throws {
    let kernel = FakeKernel()
    let bond = kernel.addBond("bond0", [setting(.miimon, "100")]).ref
    // Over netlink the driver sets miimon; reading back looks where the entry says it is.
    let wrongAttribute = BondSetting(Self.miswritten(.miimon, attribute: 5), .number(200))
    try kernel.perform(.setBondOptions(bond, [wrongAttribute]))
    let link = try kernel.link(named: bond.name)
    #expect(
      Fallback.decide(.setBondOptions(bond, [wrongAttribute]), .readBack(link))
        == .report("miimon did not take: the kernel reports 0 instead of 200"))
    #expect(
      Fallback.decide(.setBondOptions(bond, [setting(.miimon, "200")]), .readBack(link)) == .done)
    // Through sysfs, a file the driver does not have.
    let wrongFile = BondSetting(Self.miswritten(.miimon, file: "miimom"), .number(300))
    let path = LegacyPath(netlink: kernel, driver: kernel)
    #expect(throws: KernelError.self) { try path.perform(.setOptions(bond.name, [wrongFile])) }
    try path.perform(.setOptions(bond.name, [setting(.miimon, "300")]))
    #expect(kernel.link("bond0").bond?.number(.miimon) == 300)
  }
}
