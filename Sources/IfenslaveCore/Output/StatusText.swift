/// The readable status of a bond, for `ifenslave MASTER` and `-a`.
extension BondStatus {
  public var text: String {
    let info = bond.bond
    var lines: [String] = []
    let state = bond.isUp ? "up" : "down"
    let oper = bond.operState.map { ", operstate \($0)" } ?? ""
    let mac = bond.hardwareAddress.map { ", hwaddr \($0)" } ?? ""
    lines.append("\(bond.name): \(mode?.description ?? "mode unknown"), \(state)\(oper), mtu \(bond.mtu)\(mac)")
    guard let info else {
      lines.append("  (the kernel does not report this bond's options)")
      return (lines + slaveLines() + hintLines).joined(separator: "\n") + "\n"
    }
    func show(_ option: BondOption) -> String {
      info.value(option).map { option.format($0) } ?? "?"
    }
    let miimon = info.number(.miimon) ?? 0
    let arpInterval = info.number(.arpInterval) ?? 0
    if miimon > 0 {
      lines.append(
        "  link monitoring: MII every \(miimon) ms, updelay \(show(.updelay)) ms, downdelay \(show(.downdelay)) ms")
    } else if arpInterval > 0 {
      let targets = info.value(.arpIPTarget).map { BondOption.arpIPTarget.format($0) } ?? "none"
      lines.append(
        "  link monitoring: ARP every \(arpInterval) ms to \(targets), validate \(show(.arpValidate)), all_targets \(show(.arpAllTargets))")
    } else {
      lines.append("  link monitoring: none (miimon 0, arp_interval 0): slave failures go unnoticed")
    }
    if let mode, mode.hasActiveSlave {
      lines.append("  active slave: \(activeSlave?.rawValue ?? "none")")
      lines.append("  primary: \(primary?.rawValue ?? "none") (reselect \(show(.primaryReselect)))")
      if mode == .activeBackup { lines.append("  fail_over_mac: \(show(.failOverMAC))") }
    }
    if let mode, [.balanceXOR, .ieee8023ad, .balanceTLB].contains(mode) {
      lines.append("  transmit hash policy: \(show(.xmitHashPolicy))")
    }
    if mode == .balanceRR { lines.append("  packets per slave: \(show(.packetsPerSlave))") }
    if mode == .ieee8023ad {
      // A kernel that does not report an option (5.10 has no lacp_active) gets no word on it.
      let parts = [(BondOption.lacpRate, "rate"), (.lacpActive, "active"), (.adSelect, "ad_select"), (.minLinks, "min_links")]
        .compactMap { option, word in info.value(option).map { "\(word) \(option.format($0))" } }
      lines.append("  LACP: " + parts.joined(separator: ", "))
      if let ad = info.adInfo {
        lines.append(
          "  active aggregator: \(ad.aggregator), \(ad.numPorts) port(s), actor key \(ad.actorKey), partner key \(ad.partnerKey), partner \(ad.partnerMAC)")
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
        if let aggregator = info.aggregatorID { parts.append("aggregator \(aggregator)") }
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
