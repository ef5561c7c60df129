// SPDX-License-Identifier: GPL-2.0-or-later
/// `--monitor [MASTER...]`: the kernel's link announcements, turned into bond events, one
/// line each, until a signal ends it. Nothing is polled: the kernel tells. When it had to drop
/// announcements (ENOBUFS), the monitor says so, reads every interface again and reports
/// what changed meanwhile.
///
/// Where announcements carry no bond data (3.10), the bonds an announcement concerns are read
/// again through the legacy path, and so is every watched bond after each quiet second, as
/// such kernels announce no option change: failovers, slaves, LACP and options are seen there
/// too.
struct Monitor {
  let kernel: Kernel
  let console: any Console
  let interruptions: any Interruptions
  /// The bonds to watch; empty: every bond.
  let masters: [InterfaceName]
  let json: Bool
  var clock: () -> String = Timestamp.now

  func run() -> Int32 {
    let subscription: any LinkNotifications
    var snapshot: [InterfaceIndex: Link]
    // Bonds whose announcements carry no bond data: the legacy path tells what they lack.
    var legacyBonds: Set<InterfaceIndex>
    do {
      // Listen first, then read: a change between the two is announced, not lost.
      subscription = try kernel.netlink.subscribeToLinks()
      let links = try kernel.netlink.links()
      legacyBonds = Self.withoutBondData(links)
      snapshot = Self.indexed(reader.complete(links))
    } catch {
      console.message("cannot monitor: \(error)")
      return 1
    }
    for master in masters {
      guard let link = snapshot.values.first(where: { $0.name == master }) else {
        console.message("\(master): no such interface")
        return 1
      }
      guard link.isBond else {
        console.message("\(master): not a bond (\(link.kindDescription))")
        return 1
      }
    }
    // Stops between batches when a signal is pending; main then ends by that signal.
    var idle = 0
    while interruptions.pending() == nil {
      do throws(KernelError) {
        let batch = try subscription.next(waitingAtMost: 250)
        idle = batch.isEmpty ? idle + 1 : 0
        // 3.10 announces neither option changes nor every state change of its bonds: those
        // are read again after each quiet second.
        let quiet = legacyBonds.filter {
          masters.isEmpty || snapshot[$0].map { masters.contains($0.name) } == true
        }
        if idle % 4 == 0, idle > 0, !quiet.isEmpty {
          var after = snapshot
          var touched: [InterfaceIndex] = []
          for bond in quiet.sorted() {
            touched += completeBonds(
              around: bond, before: snapshot, in: &after, legacy: legacyBonds)
          }
          report(
            MonitorDiff.events(before: snapshot, after: after, touching: touched, watching: masters)
          )
          snapshot = after
        }
        for notification in batch {
          var after = snapshot
          let index: InterfaceIndex
          switch notification {
          case .changed(let link):
            index = link.index
            after[index] = link
            if link.isBond && link.bond == nil {
              legacyBonds.insert(index)
            } else {
              legacyBonds.remove(index)
            }
          case .removed(let removed):
            index = removed
            after[index] = nil
          }
          let touched = completeBonds(
            around: index, before: snapshot, in: &after, legacy: legacyBonds)
          report(
            MonitorDiff.events(before: snapshot, after: after, touching: touched, watching: masters)
          )
          snapshot = after
        }
      } catch  where error.errno == .ENOBUFS {
        console.message(
          "monitor: announcements were lost (the kernel's queue overflowed: ENOBUFS); reading every interface again"
        )
        // What is still queued is older than the read: replayed after it, it would end the
        // view (and the last line printed) in a state the links have left.
        subscription.discardQueued()
        do {
          let links = try kernel.netlink.links()
          legacyBonds = Self.withoutBondData(links)
          let fresh = Self.indexed(reader.complete(links))
          let touched = Set(snapshot.keys).union(fresh.keys)
          report(
            MonitorDiff.events(
              before: snapshot, after: fresh, touching: touched.sorted(), watching: masters))
          snapshot = fresh
        } catch {
          console.message("cannot monitor: \(error)")
          return 1
        }
      } catch {
        console.message("cannot monitor: \(error)")
        return 1
      }
    }
    return 0
  }

  /// Announcements carry netlink's view: the legacy path fills in only what they lack,
  /// whatever --backend says, so that the two views are never compared.
  private var reader: BondReader { BondReader(driver: kernel.driver, backend: .auto) }

  /// Gives the bonds an announcement about `index` concerns (the interface itself, the bond
  /// it left, the bond it is in) their data from the legacy path where announcements carry
  /// none, and their slaves their states. Returns every interface that may have changed: on
  /// 3.10 a failover is announced for the bond alone.
  private func completeBonds(
    around index: InterfaceIndex, before: [InterfaceIndex: Link],
    in view: inout [InterfaceIndex: Link],
    legacy: Set<InterfaceIndex>
  ) -> [InterfaceIndex] {
    let bonds = Set([index, before[index]?.master, view[index]?.master].compactMap { $0 })
      .filter { legacy.contains($0) && view[$0] != nil }
    guard !bonds.isEmpty else { return [index] }
    var members = view.values.filter {
      bonds.contains($0.index) || ($0.master.map(bonds.contains) ?? false)
    }
    // What was read before stands where it cannot be read again: a slave's own announcement
    // carries no bond state, and a legacy read can fail.
    let known = Dictionary(members.map { ($0.index, $0) }, uniquingKeysWith: { a, _ in a })
    members = members.map { link in
      var link = link
      if bonds.contains(link.index) { link.bond = nil }
      if link.bondSlave == nil, link.master == before[link.index]?.master {
        link.bondSlave = before[link.index]?.bondSlave
      }
      return link
    }
    for var link in reader.complete(members) {
      if link.bond == nil, link.isBond {
        link.bond = known[link.index]?.bond ?? before[link.index]?.bond
      }
      view[link.index] = link
    }
    // Slaves first: a link that went down reads before the failover it caused.
    let (slaves, masters) = members.map(\.index).sorted().reduce(
      into: ([InterfaceIndex](), [InterfaceIndex]())
    ) {
      if bonds.contains($1) { $0.1.append($1) } else { $0.0.append($1) }
    }
    return members.contains { $0.index == index } ? slaves + masters : [index] + slaves + masters
  }

  private func report(_ events: [MonitorEvent]) {
    guard !events.isEmpty else { return }
    let time = clock()
    for event in events {
      console.write((json ? event.json(at: time).serialized : event.line(at: time)) + "\n")
    }
    // A monitor is read as it runs, often through a pipe.
    console.flush()
  }

  static func withoutBondData(_ links: [Link]) -> Set<InterfaceIndex> {
    Set(links.filter { $0.isBond && $0.bond == nil }.map(\.index))
  }

  static func indexed(_ links: [Link]) -> [InterfaceIndex: Link] {
    Dictionary(links.map { ($0.index, $0) }, uniquingKeysWith: { _, last in last })
  }
}

/// What changed for bonds between two views of the interfaces.
enum MonitorDiff {
  static func events(
    before: [InterfaceIndex: Link], after: [InterfaceIndex: Link],
    touching indexes: [InterfaceIndex],
    watching masters: [InterfaceName]
  ) -> [MonitorEvent] {
    func watched(_ bond: Link?) -> Bool {
      guard let bond, bond.isBond else { return false }
      return masters.isEmpty || masters.contains(bond.name)
    }
    func bond(at index: InterfaceIndex?) -> Link? {
      index.flatMap { after[$0] ?? before[$0] }
    }
    var events: [MonitorEvent] = []
    for index in indexes {
      let old = before[index]
      let new = after[index]
      if watched(old) || watched(new) { events += bondEvents(old, new, names: after) }
      // As a slave: of the bond it left, and of the bond it joined.
      let oldMaster = old?.master.flatMap { bond(at: $0) }
      let newMaster = new?.master.flatMap { bond(at: $0) }
      if let oldMaster, watched(oldMaster), oldMaster.index != newMaster?.index {
        let slave = (old ?? new)!.name.rawValue
        events.append(
          MonitorEvent(
            bond: oldMaster.name.rawValue, kind: .slaveRemoved, slave: slave,
            text: new == nil ? "\(slave) removed (the interface was deleted)" : "\(slave) released")
        )
      }
      if let newMaster, watched(newMaster), let new {
        if oldMaster?.index != newMaster.index {
          events.append(
            MonitorEvent(
              bond: newMaster.name.rawValue, kind: .slaveAdded, slave: new.name.rawValue,
              text: "\(new.name) enslaved"))
        } else if let old {
          events += slaveEvents(old, new, bond: newMaster.name.rawValue)
        }
      }
    }
    return events
  }

  private static func bondEvents(_ old: Link?, _ new: Link?, names: [InterfaceIndex: Link])
    -> [MonitorEvent]
  {
    guard let new else {
      return [MonitorEvent(bond: old!.name.rawValue, kind: .bondRemoved, text: "deleted")]
    }
    let name = new.name.rawValue
    guard let old else {
      return [
        MonitorEvent(
          bond: name, kind: .bondAdded,
          text: "created (\(new.bond?.mode?.description ?? "mode unknown"))")
      ]
    }
    var events: [MonitorEvent] = []
    let wasUp = old.operState.map { $0 == .up } ?? old.isUp
    let isUp = new.operState.map { $0 == .up } ?? new.isUp
    if wasUp != isUp {
      let state =
        "\(new.isUp ? "admin up" : "admin down"), operstate \(new.operState.map { "\($0)" } ?? "unknown")"
      events.append(
        MonitorEvent(
          bond: name, kind: isUp ? .bondUp : .bondDown, from: wasUp ? "up" : "down",
          to: isUp ? "up" : "down", text: "\(isUp ? "up" : "down") (\(state))"))
    }
    let oldActive = old.bond?.activeSlave
    let newActive = new.bond?.activeSlave
    if oldActive != newActive {
      let from = oldActive.flatMap { names[$0]?.name.rawValue }
      let to = newActive.flatMap { names[$0]?.name.rawValue }
      events.append(
        MonitorEvent(
          bond: name, kind: .activeSlave, slave: to, from: from, to: to,
          text: "active slave \(from ?? "none") -> \(to ?? "none")"))
    }
    if let before = old.bond, let after = new.bond {
      for option in BondOption.all where option.bondAttribute != nil {
        let from = before.value(option).map(option.format)
        let to = after.value(option).map(option.format)
        if from != to {
          events.append(
            MonitorEvent(
              bond: name, kind: .option, option: option.kernelName, from: from, to: to,
              text: "\(option.kernelName) \(from ?? "unset") -> \(to ?? "unset")"))
        }
      }
    }
    return events
  }

  private static func slaveEvents(_ old: Link, _ new: Link, bond: String) -> [MonitorEvent] {
    let slave = new.name.rawValue
    var events: [MonitorEvent] = []
    if let before = old.bondSlave, let after = new.bondSlave {
      if before.miiStatus != after.miiStatus {
        let up = after.miiStatus == 0
        events.append(
          MonitorEvent(
            bond: bond, kind: up ? .linkUp : .linkDown, slave: slave,
            from: before.miiStatusName, to: after.miiStatusName,
            text:
              "\(slave) link \(up ? "up" : "down") (mii \(before.miiStatusName) -> \(after.miiStatusName))"
          ))
      }
      if before.aggregatorID != after.aggregatorID
        || before.actorOperPortState != after.actorOperPortState
        || before.partnerOperPortState != after.partnerOperPortState
        || before.churnActorState != after.churnActorState
        || before.churnPartnerState != after.churnPartnerState
      {
        func state<T: BinaryInteger>(_ v: T?) -> String { v.map { "\($0)" } ?? "none" }
        func lacp(_ info: BondSlaveInfo) -> String {
          var text =
            "aggregator \(state(info.aggregatorID)), actor \(state(info.actorOperPortState)), partner \(state(info.partnerOperPortState))"
          // 7.2's churn detection, where the kernel reports it.
          if let actor = info.churnActorState, let partner = info.churnPartnerState {
            text +=
              ", churn actor \(BondSlaveInfo.churnName(actor)) partner \(BondSlaveInfo.churnName(partner))"
          }
          return text
        }
        let from = lacp(before)
        let to = lacp(after)
        events.append(
          MonitorEvent(
            bond: bond, kind: .lacp, slave: slave, from: from, to: to,
            text: "\(slave) LACP \(from) -> \(to)"))
      }
      for option in SlaveOption.all {
        let from = option.reported(before)
        let to = option.reported(after)
        guard from != to else { continue }
        let was = from.map(String.init) ?? "unset"
        let now = to.map(String.init) ?? "unset"
        events.append(
          MonitorEvent(
            bond: bond, kind: .option, slave: slave, option: option.kernelName, from: was, to: now,
            text: "\(slave) \(option.kernelName) \(was) -> \(now)"))
      }
    } else if old.isUp != new.isUp || old.operState != new.operState {
      let up = new.operState.map { $0 == .up } ?? new.isUp
      events.append(
        MonitorEvent(
          bond: bond, kind: up ? .linkUp : .linkDown, slave: slave,
          text: "\(slave) link \(up ? "up" : "down")"))
    }
    return events
  }
}
