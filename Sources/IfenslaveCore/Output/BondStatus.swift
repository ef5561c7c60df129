// SPDX-License-Identifier: GPL-2.0-or-later
/// A bond and its slaves as the kernel reports them: what `ifenslave MASTER` and `-a` show.
struct BondStatus: Sendable {
  var bond: Link
  var slaves: [SlaveStatus]
  /// Names of every interface by index, to name the primary and active slaves.
  var names: [InterfaceIndex: InterfaceName]
  /// What is wrong with the bond (`hints(with:)`), shown after the slaves.
  var hints: [Hint] = []

  var mode: BondMode? { bond.bond?.mode }
  var activeSlave: InterfaceName? { bond.bond?.activeSlave.flatMap { names[$0] } }
  var primary: InterfaceName? { bond.bond?.primary.flatMap { names[$0] } }

  /// The bonds among `links` (one dump), each with its slaves, in the kernel's order.
  /// `speed` answers ethtool's speed and duplex for a slave whose bond did not say them.
  static func collect(
    from links: [Link], only master: InterfaceName? = nil,
    speed: (InterfaceName) -> LinkSpeed?
  ) -> [BondStatus] {
    var names: [InterfaceIndex: InterfaceName] = [:]
    // One pass, not one per bond: a scan of every link per bond grows with the square of
    // the bonds (BENCHMARKS.md). Slaves keep the order of the dump.
    var slaves: [InterfaceIndex: [Link]] = [:]
    for link in links {
      names[link.index] = link.name
      if let master = link.master { slaves[master, default: []].append(link) }
    }
    return links.filter { $0.isBond && (master == nil || $0.name == master) }.map { bond in
      let slaves = (slaves[bond.index] ?? []).map {
        SlaveStatus(link: $0, speed: $0.bondSlave?.speed ?? speed($0.name))
      }
      return BondStatus(bond: bond, slaves: slaves, names: names)
    }
  }
}

/// One slave of a bond.
struct SlaveStatus: Sendable {
  var link: Link
  var speed: LinkSpeed?
}
