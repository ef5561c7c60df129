/// A bond and its slaves as the kernel reports them: what `ifenslave MASTER` and `-a` show.
public struct BondStatus: Sendable {
  public var bond: Link
  public var slaves: [SlaveStatus]
  /// Names of every interface by index, to name the primary and active slaves.
  public var names: [InterfaceIndex: InterfaceName]
  /// What is wrong with the bond (`hints(with:)`), shown after the slaves.
  public var hints: [Hint] = []

  public init(bond: Link, slaves: [SlaveStatus], names: [InterfaceIndex: InterfaceName]) {
    self.bond = bond
    self.slaves = slaves
    self.names = names
  }

  public var mode: BondMode? { bond.bond?.mode }
  public var activeSlave: InterfaceName? { bond.bond?.activeSlave.flatMap { names[$0] } }
  public var primary: InterfaceName? { bond.bond?.primary.flatMap { names[$0] } }

  /// The bonds among `links` (one dump), each with its slaves, in the kernel's order.
  /// `speed` answers ethtool's speed and duplex for a slave whose bond did not say them.
  public static func collect(
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
      let slaves = (slaves[bond.index] ?? []).map { SlaveStatus(link: $0, speed: $0.bondSlave?.speed ?? speed($0.name)) }
      return BondStatus(bond: bond, slaves: slaves, names: names)
    }
  }
}

/// One slave of a bond.
public struct SlaveStatus: Sendable {
  public var link: Link
  public var speed: LinkSpeed?

  public init(link: Link, speed: LinkSpeed?) {
    self.link = link
    self.speed = speed
  }
}
