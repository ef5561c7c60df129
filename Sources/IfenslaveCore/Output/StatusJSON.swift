// SPDX-License-Identifier: GPL-2.0-or-later
/// The `--json` form of a bond's status. The README documents the schema.
extension BondStatus {
  var json: JSON {
    let info = bond.bond
    var members: [JSON.Member] = [
      .init("name", .string(bond.name.rawValue)),
      .init("ifindex", .number(bond.index.rawValue)),
      .init("admin_state", .string(bond.isUp ? "up" : "down")),
      .init("operstate", .text(bond.operState)),
      .init("mtu", .number(bond.mtu)),
      .init("hwaddr", .text(bond.hardwareAddress)),
    ]
    for option in BondOption.all {
      switch option.target {
      case .link: continue
      case .bond:
        members.append(.init(option.kernelName, value(of: option, in: info)))
      }
    }
    members.append(.init("active_slave", .text(activeSlave)))
    members.append(.init("ad_info", info?.adInfo.map(Self.json) ?? .null))
    members.append(.init("slaves", .array(slaves.map(\.json))))
    members.append(.init("hints", .array(hints.map(\.json))))
    return .object(members)
  }

  private func value(of option: BondOption, in info: BondInfo?) -> JSON {
    guard let info else { return .null }
    if option == .primary { return .text(primary) }
    guard let value = info.value(option) else {
      // The kernel leaves empty target lists out; a bond that reports its options has none.
      switch option.value {
      case .ipv4List, .ipv6List: return .array([])
      default: return .null
      }
    }
    switch (option.value, value) {
    case (.names, _): return .string(option.format(value))
    case (_, .number(let n)): return .number(n)
    case (_, .ipv4(let list)): return .array(list.map { .string($0.description) })
    case (_, .ipv6(let list)): return .array(list.map { .string($0.description) })
    default: return .string(option.format(value))
    }
  }

  static func json(_ ad: ADInfo) -> JSON {
    .object([
      .init("aggregator", .number(ad.aggregator)),
      .init("num_ports", .number(ad.numPorts)),
      .init("actor_key", .number(ad.actorKey)),
      .init("partner_key", .number(ad.partnerKey)),
      .init("partner_mac", .string(ad.partnerMAC.description)),
    ])
  }
}

extension SlaveStatus {
  var json: JSON {
    let info = link.bondSlave
    return .object([
      .init("name", .string(link.name.rawValue)),
      .init("ifindex", .number(link.index.rawValue)),
      .init("operstate", .text(link.operState)),
      .init("state", .text(info?.stateName)),
      .init("mii_status", .text(info?.miiStatusName)),
      .init("link_failure_count", .number(info?.linkFailureCount)),
      .init("perm_hwaddr", .text(info?.permanentAddress)),
      .init("queue_id", .number(info?.queueID)),
      .init("prio", .number(info?.prio)),
      .init("speed", .number(speed?.megabits)),
      .init("duplex", .text(speed?.duplex)),
      .init("ad_aggregator_id", .number(info?.aggregatorID)),
      .init("ad_actor_oper_port_state", .number(info?.actorOperPortState)),
      .init("ad_partner_oper_port_state", .number(info?.partnerOperPortState)),
      .init("actor_port_prio", .number(info?.actorPortPrio)),
      // iproute2's names and words.
      .init("churn_actor_state", .text(info?.churnActorState.map(BondSlaveInfo.churnName))),
      .init("churn_partner_state", .text(info?.churnPartnerState.map(BondSlaveInfo.churnName))),
    ])
  }
}
