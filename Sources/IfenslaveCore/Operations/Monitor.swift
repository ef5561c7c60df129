/// `--monitor [MASTER...]`: the kernel's link announcements, turned into bond events, one
/// line each, until a signal ends it. Nothing is polled: the kernel tells. When it had to drop
/// announcements (ENOBUFS), the monitor says so, reads every interface again and reports
/// what changed meanwhile.
struct Monitor {
  let kernel: any Kernel
  let console: any Console
  let interruptions: any Interruptions
  /// The bonds to watch; empty: every bond.
  let masters: [InterfaceName]
  let json: Bool
  var clock: () -> String = Timestamp.now

  func run() -> Int32 {
    let subscription: any LinkNotifications
    var snapshot: [InterfaceIndex: Link]
    do {
      // Listen first, then read: a change between the two is announced, not lost.
      subscription = try kernel.subscribeToLinks()
      snapshot = Self.indexed(try kernel.links())
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
    while interruptions.pending() == nil {
      do throws(KernelError) {
        for notification in try subscription.next(waitingAtMost: 250) {
          var after = snapshot
          let index: InterfaceIndex
          switch notification {
          case .changed(let link): index = link.index; after[index] = link
          case .removed(let removed): index = removed; after[index] = nil
          }
          report(MonitorDiff.events(before: snapshot, after: after, touching: [index], watching: masters))
          snapshot = after
        }
      } catch where error.errno == .ENOBUFS {
        console.message("monitor: announcements were lost (the kernel's queue overflowed: ENOBUFS); reading every interface again")
        do {
          let fresh = Self.indexed(try kernel.links())
          let touched = Set(snapshot.keys).union(fresh.keys)
          report(MonitorDiff.events(before: snapshot, after: fresh, touching: touched.sorted(), watching: masters))
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

  private func report(_ events: [MonitorEvent]) {
    guard !events.isEmpty else { return }
    let time = clock()
    for event in events {
      console.write((json ? event.json(at: time).serialized : event.line(at: time)) + "\n")
    }
    // A monitor is read as it runs, often through a pipe.
    console.flush()
  }

  static func indexed(_ links: [Link]) -> [InterfaceIndex: Link] {
    Dictionary(links.map { ($0.index, $0) }, uniquingKeysWith: { _, last in last })
  }
}

/// What changed for bonds between two views of the interfaces.
enum MonitorDiff {
  static func events(
    before: [InterfaceIndex: Link], after: [InterfaceIndex: Link], touching indexes: [InterfaceIndex],
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
      let old = before[index], new = after[index]
      if watched(old) || watched(new) { events += bondEvents(old, new, names: after) }
      // As a slave: of the bond it left, and of the bond it joined.
      let oldMaster = old?.master.flatMap { bond(at: $0) }
      let newMaster = new?.master.flatMap { bond(at: $0) }
      if let oldMaster, watched(oldMaster), oldMaster.index != newMaster?.index {
        let slave = (old ?? new)!.name.rawValue
        events.append(MonitorEvent(bond: oldMaster.name.rawValue, kind: .slaveRemoved, slave: slave,
          text: new == nil ? "\(slave) removed (the interface was deleted)" : "\(slave) released"))
      }
      if let newMaster, watched(newMaster), let new {
        if oldMaster?.index != newMaster.index {
          events.append(MonitorEvent(bond: newMaster.name.rawValue, kind: .slaveAdded, slave: new.name.rawValue,
            text: "\(new.name) enslaved"))
        } else if let old {
          events += slaveEvents(old, new, bond: newMaster.name.rawValue)
        }
      }
    }
    return events
  }

  private static func bondEvents(_ old: Link?, _ new: Link?, names: [InterfaceIndex: Link]) -> [MonitorEvent] {
    guard let new else { return [MonitorEvent(bond: old!.name.rawValue, kind: .bondRemoved, text: "deleted")] }
    let name = new.name.rawValue
    guard let old else {
      return [MonitorEvent(bond: name, kind: .bondAdded, text: "created (\(new.bond?.mode?.description ?? "mode unknown"))")]
    }
    var events: [MonitorEvent] = []
    let wasUp = old.operState.map { $0 == .up } ?? old.isUp
    let isUp = new.operState.map { $0 == .up } ?? new.isUp
    if wasUp != isUp {
      let state = "\(new.isUp ? "admin up" : "admin down"), operstate \(new.operState.map { "\($0)" } ?? "unknown")"
      events.append(MonitorEvent(bond: name, kind: isUp ? .bondUp : .bondDown, from: wasUp ? "up" : "down",
        to: isUp ? "up" : "down", text: "\(isUp ? "up" : "down") (\(state))"))
    }
    let oldActive = old.bond?.activeSlave, newActive = new.bond?.activeSlave
    if oldActive != newActive {
      let from = oldActive.flatMap { names[$0]?.name.rawValue }, to = newActive.flatMap { names[$0]?.name.rawValue }
      events.append(MonitorEvent(bond: name, kind: .activeSlave, slave: to, from: from, to: to,
        text: "active slave \(from ?? "none") -> \(to ?? "none")"))
    }
    if let before = old.bond, let after = new.bond {
      for option in BondOption.all where option.bondAttribute != nil {
        let from = before.value(option).map(option.format), to = after.value(option).map(option.format)
        if from != to {
          events.append(MonitorEvent(bond: name, kind: .option, option: option.kernelName, from: from, to: to,
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
        events.append(MonitorEvent(bond: bond, kind: up ? .linkUp : .linkDown, slave: slave,
          from: before.miiStatusName, to: after.miiStatusName,
          text: "\(slave) link \(up ? "up" : "down") (mii \(before.miiStatusName) -> \(after.miiStatusName))"))
      }
      if before.aggregatorID != after.aggregatorID || before.actorOperPortState != after.actorOperPortState
        || before.partnerOperPortState != after.partnerOperPortState
      {
        func state<T: BinaryInteger>(_ v: T?) -> String { v.map { "\($0)" } ?? "none" }
        let from = "aggregator \(state(before.aggregatorID)), actor \(state(before.actorOperPortState)), partner \(state(before.partnerOperPortState))"
        let to = "aggregator \(state(after.aggregatorID)), actor \(state(after.actorOperPortState)), partner \(state(after.partnerOperPortState))"
        events.append(MonitorEvent(bond: bond, kind: .lacp, slave: slave, from: from, to: to,
          text: "\(slave) LACP \(from) -> \(to)"))
      }
    } else if old.isUp != new.isUp || old.operState != new.operState {
      let up = new.operState.map { $0 == .up } ?? new.isUp
      events.append(MonitorEvent(bond: bond, kind: up ? .linkUp : .linkDown, slave: slave,
        text: "\(slave) link \(up ? "up" : "down")"))
    }
    return events
  }
}
