// SPDX-License-Identifier: GPL-2.0-or-later
import Testing

@testable import IfenslaveCore

/// A kernel refusal injected at every kernel step of every operation, on every path: after
/// the command, each interface it could touch is as it was before, or as the command
/// completed leaves it, never in between; and a command that did not complete says so.
@Suite struct FaultInjectionTests {
  /// What the command, run without faults, must have done, written out here rather than
  /// taken from the run itself: "as the completed command leaves it" is then checked against
  /// the kernel's state, not against whatever the code happened to do.
  enum End: Sendable, CustomStringConvertible {
    case master(String, String?)
    case up(String, Bool)
    case mtu(String, UInt32)
    case gone(String)
    /// A bond option by its number, as the kernel keeps it.
    case option(String, BondOption, UInt64)
    case targets(String, Set<String>)
    case primary(String, String)
    case active(String, String)
    case queueID(String, UInt16)
    /// Addresses and routes as before the command.
    case addressesAndRoutesKept(String)

    var description: String {
      switch self {
      case .master(let name, let master): return "\(name) in \(master ?? "no master")"
      case .up(let name, let up): return "\(name) \(up ? "up" : "down")"
      case .mtu(let name, let mtu): return "\(name) MTU \(mtu)"
      case .gone(let name): return "\(name) gone"
      case .option(let name, let option, let value): return "\(name) \(option.kernelName) \(value)"
      case .targets(let name, let targets): return "\(name) ARP targets \(targets.sorted())"
      case .primary(let name, let primary): return "\(name) primary \(primary)"
      case .active(let name, let active): return "\(name) active slave \(active)"
      case .queueID(let name, let id): return "\(name) queue ID \(id)"
      case .addressesAndRoutesKept(let name): return "\(name) keeps its addresses and routes"
      }
    }

    func holds(
      in kernel: FakeKernel, before: [String: InterfaceState], after: [String: InterfaceState]
    ) -> Bool {
      switch self {
      case .master(let name, let master): return after[name].map { $0.master == master } ?? false
      case .up(let name, let up): return after[name]?.up == up
      case .mtu(let name, let mtu): return after[name]?.mtu == mtu
      case .gone(let name): return after[name] == nil
      case .option(let name, let option, let value):
        return after[name]?.options?[option.bondAttribute!] == .number(value)
      case .targets(let name, let targets):
        guard
          case .ipv4(let addresses)? = after[name]?.options?[BondOption.arpIPTarget.bondAttribute!]
        else { return false }
        return Set(addresses.map(\.description)) == targets && addresses.count == targets.count
      case .primary(let name, let primary): return after[name]?.primary == primary
      case .active(let name, let active):
        return kernel.link(name).bond?.activeSlave == kernel.link(active).index
      case .queueID(let name, let id): return kernel.link(name).bondSlave?.queueID == id
      case .addressesAndRoutesKept(let name):
        return after[name]?.addresses == before[name]?.addresses
          && after[name]?.routes == before[name]?.routes
      }
    }
  }

  struct Scenario: Sendable, CustomStringConvertible {
    let name: String
    let arguments: [String]
    /// Change-active is the one operation whose result is the active slave; elsewhere the
    /// driver picks it, among the slaves that made it in.
    var activeSlaveMatters = false
    let ends: [End]
    var description: String { name }
  }

  static let scenarios = [
    Scenario(
      name: "enslave, creating the bond with options",
      arguments: [
        "--mode", "active-backup", "--miimon", "100", "--primary", "eth1", "bond1", "eth0", "eth1",
        "eth2",
      ],
      ends: [
        .master("eth0", "bond1"), .master("eth1", "bond1"), .master("eth2", "bond1"),
        .up("bond1", true),
        .option("bond1", .mode, 1), .option("bond1", .miimon, 100), .primary("bond1", "eth1"),
      ]),
    Scenario(
      name: "enslave to an existing bond, changing an option",
      arguments: ["--miimon", "200", "bond0", "eth0", "eth1"],
      ends: [
        .master("eth0", "bond0"), .master("eth1", "bond0"), .master("eth3", "bond0"),
        .master("eth4", "bond0"),
        .option("bond0", .miimon, 200), .option("bond0", .mode, 1),
      ]),
    Scenario(
      name: "release", arguments: ["-d", "bond0", "eth3", "eth4"],
      ends: [.master("eth3", nil), .master("eth4", nil), .up("bond0", true)]),
    Scenario(
      name: "change-active", arguments: ["-c", "bond0", "eth4"], activeSlaveMatters: true,
      ends: [.active("bond0", "eth4"), .master("eth3", "bond0")]),
    Scenario(
      name: "create with options",
      arguments: [
        "--mode", "802.3ad", "--lacp-rate", "fast", "--xmit-hash-policy", "layer3+4",
        "--mtu", "9000", "--hwaddr", "02:aa:00:00:00:01", "bond1",
      ],
      ends: [
        .option("bond1", .mode, 4), .option("bond1", .lacpRate, 1),
        .option("bond1", .xmitHashPolicy, 1),
        .mtu("bond1", 9000), .up("bond1", true),
      ]),
    Scenario(
      name: "option changes",
      arguments: ["--miimon", "300", "--updelay", "600", "--downdelay", "900", "bond0"],
      ends: [
        .option("bond0", .miimon, 300), .option("bond0", .updelay, 600),
        .option("bond0", .downdelay, 900),
      ]),
    Scenario(
      name: "destroy", arguments: ["--destroy", "bond0"],
      ends: [.gone("bond0"), .master("eth3", nil), .master("eth4", nil)]),
    // Through sysfs: a read of the list, then one "-" or "+" write per address.
    Scenario(
      name: "ARP targets replaced", arguments: ["--arp-ip-target", "192.0.2.3,192.0.2.1", "bond2"],
      ends: [.targets("bond2", ["192.0.2.3", "192.0.2.1"]), .option("bond2", .arpInterval, 100)]),
    // A slave option on a slave already in (put back by its old value) and on one enslaved
    // now (put back by releasing it); queue_id has a sysfs file, so every path can set it.
    Scenario(
      name: "slave option, existing slave", arguments: ["--queue-id", "3", "bond0", "eth3"],
      ends: [.queueID("eth3", 3), .queueID("eth4", 5)]),
    Scenario(
      name: "slave option, new slave", arguments: ["--queue-id", "2", "bond0", "eth0"],
      ends: [.master("eth0", "bond0"), .queueID("eth0", 2)]),
    // Down, releases, the option, enslaves, up, then the IPv6 address, the routes and eth4's
    // queue ID put back; or, on any failure, all of it as it was.
    Scenario(
      name: "force-down, mode", arguments: ["--force-down", "--mode", "balance-xor", "bond0"],
      activeSlaveMatters: true,
      ends: [
        .option("bond0", .mode, 2), .up("bond0", true), .master("eth3", "bond0"),
        .master("eth4", "bond0"),
        .queueID("eth4", 5), .addressesAndRoutesKept("bond0"),
      ]),
    // Releases and enslaves only; the active slave put back.
    Scenario(
      name: "force-down, fail_over_mac",
      arguments: ["--force-down", "--fail-over-mac", "active", "bond0"],
      activeSlaveMatters: true,
      ends: [
        .option("bond0", .failOverMAC, 1), .up("bond0", true), .active("bond0", "eth3"),
        .master("eth4", "bond0"),
        .queueID("eth4", 5), .addressesAndRoutesKept("bond0"),
      ]),
  ]

  enum Flavour: String, CaseIterable, Sendable {
    /// Netlink first, as on any kernel since 3.14.
    case netlink
    /// `--backend ioctl`: ioctls and sysfs for every bond step.
    case ioctl
    /// Vanilla 3.10: no bond data over netlink, so the options go through sysfs.
    case linux310
  }

  /// EOPNOTSUPP without words is what makes ifenslave try the legacy path; with them, it is
  /// the kernel's answer.
  static let errors = [
    KernelError(.EINVAL, message: "injected"), KernelError(.ENODEV), KernelError(.EOPNOTSUPP),
    KernelError(.EOPNOTSUPP, message: "injected"),
  ]

  /// lo; eth0 (192.0.2.10/24, MTU 9000), eth1 (198.51.100.1/24), eth2 (down); bond0
  /// (active-backup, miimon 100, up; 203.0.113.1/24, 2001:db8::1/64, a default route of each
  /// family) with eth3 and eth4, eth3 active, eth4 queue ID 5; bond2 (active-backup,
  /// ARP monitoring of 192.0.2.1 and 192.0.2.2, up).
  static func system(_ flavour: Flavour) -> FakeKernel {
    let kernel = FakeKernel()
    kernel.addLoopback()
    kernel.addDummy("eth0", mtu: 9000)
    kernel.addDummy("eth1")
    kernel.addDummy("eth2", up: false)
    kernel.addDummy("eth3", up: false)
    kernel.addDummy("eth4", up: false)
    kernel.addAddress("192.0.2.10", prefix: 24, to: "eth0")
    kernel.addAddress("198.51.100.1", prefix: 24, to: "eth1")
    kernel.addBond("bond0", up: true, [setting(.mode, "active-backup"), setting(.miimon, "100")])
    kernel.enslaveDirectly("eth3", to: "bond0")
    kernel.enslaveDirectly("eth4", to: "bond0")
    try! kernel.perform(
      .setSlaveOptions(
        kernel.link("eth4").ref, of: kernel.link("bond0").ref, [SlaveSetting(.queueID, 5)]))
    kernel.addAddress("203.0.113.1", prefix: 24, to: "bond0")
    kernel.addAddress("2001:db8::1", prefix: 64, to: "bond0")
    kernel.addRoute(nil, via: "203.0.113.254", dev: "bond0")
    kernel.addRoute(nil, via: "2001:db8::fe", dev: "bond0", metric: 1024)
    kernel.addBond(
      "bond2", up: true,
      [
        setting(.mode, "active-backup"), setting(.arpInterval, "100"),
        setting(.arpIPTarget, "192.0.2.1,192.0.2.2"),
      ])
    kernel.netlinkBondData = flavour != .linux310
    kernel.forget()
    return kernel
  }

  /// What "as it was" means for one interface: what ifenslave changes, not what the
  /// driver decides on its own (slave states, carrier).
  struct InterfaceState: Equatable, CustomStringConvertible {
    var up: Bool
    var mtu: UInt32
    var master: String?
    /// A bond's MAC comes from its first slave, whichever made it in: compared elsewhere only.
    var mac: HardwareAddress?
    var addresses: [String]
    var routes: [String]
    var options: [UInt16: OptionValue]?
    var primary: String?
    var activeSlave: String?
    /// A slave's queue ID and prio in its bond.
    var slaveOptions: String?
    var description: String {
      "slave \(slaveOptions ?? "-") up \(up) mtu \(mtu) master \(master ?? "-") mac \(mac.map { "\($0)" } ?? "-") addresses \(addresses) routes \(routes) primary \(primary ?? "-") active \(activeSlave ?? "-") options \(options.map { $0.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } } ?? [])"
    }
  }

  static func snapshot(_ kernel: FakeKernel, activeSlaveMatters: Bool) -> [String: InterfaceState] {
    let names = Dictionary(
      uniqueKeysWithValues: kernel.table.map { ($0.index, $0.name.description) })
    var result: [String: InterfaceState] = [:]
    for link in kernel.table {
      var options = link.bond?.values
      // The primary is kept as an ifindex: compared by name below.
      let primary = options?.removeValue(forKey: BondOption.primary.bondAttribute!)
      var primaryName: String?
      if case .number(let index)? = primary { primaryName = names[InterfaceIndex(Int32(index))] }
      result[link.name.description] = InterfaceState(
        up: link.isUp, mtu: link.mtu, master: link.master.flatMap { names[$0] },
        mac: link.isBond ? nil : link.hardwareAddress,
        addresses: kernel.addresses(link.name.description).map(\.description).sorted(),
        routes: kernel.routes(link.name.description).map(\.description).sorted(),
        options: options, primary: primaryName,
        activeSlave: activeSlaveMatters ? link.bond?.activeSlave.flatMap { names[$0] } : nil,
        slaveOptions: link.bondSlave.map {
          "queue \($0.queueID.map(String.init) ?? "-") prio \($0.prio.map(String.init) ?? "-")"
        })
    }
    return result
  }

  /// `now` is `before` or `after`. One mix is allowed: a bond whose primary slave was
  /// refused runs on its other slaves, with the primary it had (none, if it is new), as a
  /// NIC missing at boot must not leave the host without its bond.
  static func isBeforeOrAfter(
    _ now: InterfaceState?, _ before: InterfaceState?, _ after: InterfaceState?
  ) -> Bool {
    if now == before || now == after { return true }
    guard var now, now.primary == before?.primary, let after else { return false }
    now.primary = after.primary
    return now == after
  }

  static func flavourArguments(_ flavour: Flavour) -> [String] {
    flavour == .ioctl ? ["--backend", "ioctl"] : []
  }

  @Test(arguments: scenarios, Flavour.allCases)
  func everyStepRefused(_ scenario: Scenario, _ flavour: Flavour) {
    let arguments = Self.flavourArguments(flavour) + scenario.arguments
    let clean = Self.system(flavour)
    let before = Self.snapshot(clean, activeSlaveMatters: scenario.activeSlaveMatters)
    let completed = run(clean, arguments: arguments)
    #expect(
      completed.status == 0,
      "\(scenario) on \(flavour) does not complete without faults: \(completed.messages)")
    let after = Self.snapshot(clean, activeSlaveMatters: scenario.activeSlaveMatters)
    for end in scenario.ends {
      #expect(
        end.holds(in: clean, before: before, after: after),
        "\(scenario) on \(flavour): expected \(end); \(after)")
    }
    // Every call on every port after the plan's reads, which a dry run makes alone: each
    // netlink request, sysfs write and ioctl, and each read the steps rely on (reading back,
    // the new bond's index, a target list).
    let planned = Self.system(flavour)
    _ = run(planned, arguments: ["--dry-run"] + arguments)
    #expect(clean.calls.prefix(planned.calls.count).map(\.words) == planned.calls.map(\.words))
    let steps = Array(planned.calls.count..<clean.calls.count)
    #expect(steps.contains { clean.calls[$0].changes })

    var points = 0
    for step in steps {
      for error in Self.errors {
        let kernel = Self.system(flavour)
        kernel.failureAtCall = (step, error)
        let result = run(kernel, arguments: arguments)
        let state = Self.snapshot(kernel, activeSlaveMatters: scenario.activeSlaveMatters)
        let at =
          "\(scenario) on \(flavour), \(error.errno) at call \(step) (\(clean.calls[step].words))"
        for name in Set(before.keys).union(after.keys) {
          let now = state[name]
          #expect(
            Self.isBeforeOrAfter(now, before[name], after[name]),
            "\(at): \(name) is \(now.map { "\($0)" } ?? "gone"); before \(before[name].map { "\($0)" } ?? "absent"), after \(after[name].map { "\($0)" } ?? "absent")"
          )
        }
        #expect(
          Set(state.keys).isSubset(of: Set(before.keys).union(after.keys)),
          "\(at): left \(Set(state.keys).subtracting(before.keys))")
        if state != after {
          #expect(result.status != 0, "\(at): did not complete, yet exit status 0")
        }
        #expect(
          result.messages.allSatisfy { !$0.contains("\n") }, "\(at): a message of several lines")
        points += 1
      }
    }
    // The README adds these up.
    let changes = steps.filter { clean.calls[$0].changes }.count
    print(
      "fault injection: \(scenario) on \(flavour): \(points) injection points at \(steps.count) kernel calls"
        + " (\(changes) changes, \(steps.count - changes) reads): "
        + steps.map { clean.calls[$0].words }.joined(separator: " | "))
  }
}
