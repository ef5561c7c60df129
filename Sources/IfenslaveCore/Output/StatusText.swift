// SPDX-License-Identifier: GPL-2.0-or-later
/// The readable status of a bond, for `ifenslave MASTER` and `-a`.
extension BondStatus {
  var text: String {
    let info = bond.bond
    var lines: [String] = []
    let state = bond.isUp ? "up" : "down"
    let oper = bond.operState.map { ", operstate \($0)" } ?? ""
    let mac = bond.hardwareAddress.map { ", hwaddr \($0)" } ?? ""
    lines.append(
      "\(bond.name): \(mode?.description ?? "mode unknown"), \(state)\(oper), mtu \(bond.mtu)\(mac)"
    )
    guard let info else {
      lines.append("  (the kernel does not report this bond's options)")
      return (lines + slaveLines() + hintLines).joined(separator: "\n") + "\n"
    }
    // An option this kernel does not report (3.10 has no packets_per_slave) gets no word.
    func shown(_ option: BondOption, _ word: String) -> String? {
      info.value(option).map { word + option.format($0) }
    }
    func line(_ head: String, _ parts: String?...) -> String {
      ([head] + parts.compactMap { $0 }).joined(separator: ", ")
    }
    let miimon = info.number(.miimon) ?? 0
    let arpInterval = info.number(.arpInterval) ?? 0
    if miimon > 0 {
      lines.append(
        line(
          "  link monitoring: MII every \(miimon) ms",
          shown(.updelay, "updelay ").map { $0 + " ms" },
          shown(.downdelay, "downdelay ").map { $0 + " ms" }))
    } else if arpInterval > 0 {
      let targets = info.value(.arpIPTarget).map { BondOption.arpIPTarget.format($0) } ?? "none"
      lines.append(
        line(
          "  link monitoring: ARP every \(arpInterval) ms to \(targets)",
          shown(.arpValidate, "validate "),
          shown(.arpAllTargets, "all_targets ")))
    } else {
      lines.append(
        "  link monitoring: none (miimon 0, arp_interval 0): slave failures go unnoticed")
    }
    if let mode, mode.hasActiveSlave {
      lines.append("  active slave: \(activeSlave?.rawValue ?? "none")")
      lines.append(
        "  primary: \(primary?.rawValue ?? "none")"
          + (shown(.primaryReselect, "reselect ").map { " (\($0))" } ?? ""))
      if mode == .activeBackup, let value = shown(.failOverMAC, "") {
        lines.append("  fail_over_mac: \(value)")
      }
    }
    if let mode, BondMode.withTransmitHash.contains(mode), let policy = shown(.xmitHashPolicy, "") {
      lines.append("  transmit hash policy: \(policy)")
    }
    if mode == .balanceRR, let packets = shown(.packetsPerSlave, "") {
      lines.append("  packets per slave: \(packets)")
    }
    if mode == .ieee8023ad {
      let parts = [
        (BondOption.lacpRate, "rate "), (.lacpActive, "active "), (.adSelect, "ad_select "),
        (.minLinks, "min_links "),
        (.coupledControl, "coupled_control "), (.broadcastNeighbor, "broadcast_neighbor "),
        (.lacpStrict, "lacp_strict "),
      ]
      .compactMap { option, word in shown(option, word) }
      lines.append("  LACP: " + parts.joined(separator: ", "))
      if let ad = info.adInfo {
        lines.append(
          "  active aggregator: \(ad.aggregator), \(ad.numPorts) port(s), actor key \(ad.actorKey), partner key \(ad.partnerKey), partner \(ad.partnerMAC)"
        )
      } else {
        lines.append("  active aggregator: none")
      }
    }
    return (lines + slaveLines() + hintLines).joined(separator: "\n") + "\n"
  }

  private var hintLines: [String] { hints.map { "  \($0.severity): \($0.message) [\($0.code)]" } }

  private func slaveLines() -> [String] {
    guard !slaves.isEmpty else { return ["  slaves: none"] }
    var lines = ["  slaves:"]
    for slave in slaves {
      var parts: [String] = []
      if let info = slave.link.bondSlave {
        parts.append("mii \(info.miiStatusName.replacingUnderscores)")
        parts.append(info.stateName)
        parts.append("link failures \(info.linkFailureCount)")
        if let perm = info.permanentAddress { parts.append("perm hwaddr \(perm)") }
        if let queue = info.queueID, queue != 0 { parts.append("queue \(queue)") }
        if let prio = info.prio, prio != 0 { parts.append("prio \(prio)") }
        if let aggregator = info.aggregatorID { parts.append("aggregator \(aggregator)") }
        if let prio = info.actorPortPrio { parts.append("actor_port_prio \(prio)") }
        let churn = [("actor", info.churnActorState), ("partner", info.churnPartnerState)]
          .compactMap { who, state in
            state.map { "\(who) \(BondSlaveInfo.churnName($0))" }
          }
        if !churn.isEmpty { parts.append("churn " + churn.joined(separator: ", ")) }
      } else {
        parts.append(slave.link.isUp ? "up" : "down")
      }
      if let mbit = slave.speed?.megabits {
        parts.append("\(mbit) Mb/s" + (slave.speed?.duplex.map { " \($0) duplex" } ?? ""))
      }
      lines.append("    \(slave.link.name): " + parts.joined(separator: ", "))
    }
    return lines
  }
}

extension String {
  fileprivate var replacingUnderscores: String {
    String(map { $0 == "_" ? " " : $0 })
  }
}
