// SPDX-License-Identifier: GPL-2.0-or-later
/// A route through one interface (`RTM_NEWROUTE`), with what it takes to put it back: a
/// bond taken down loses every route through it, and the kernel makes again only its own.
struct Route: Hashable, Sendable, CustomStringConvertible {
  /// `AF_INET` or `AF_INET6`.
  var family: UInt8
  /// Nil for the default route.
  var destination: IPAddress?
  var prefixLength: UInt8
  var gateway: IPAddress?
  /// The interface of its one next hop.
  var link: LinkRef
  /// `RTA_TABLE`: 254 is main.
  var table: UInt32
  /// `RTA_PRIORITY`
  var metric: UInt32?
  /// `rtm_protocol`: who made it (2 the kernel, 3 `ip route` by default, 9 router adverts).
  var origin: UInt8
  var scope: UInt8
  /// `rtm_type`: 1 unicast.
  var type: UInt8
  var tos: UInt8
  var preferredSource: IPAddress?
  /// `RTNH_F_ONLINK`: the gateway is on the link without a route to it.
  var onlink: Bool
  /// `RTA_METRICS` as the kernel sent it (mtu, window, initcwnd, …): put back as it was.
  var metrics: [UInt8]
  /// `RTA_PREF`: an IPv6 router's preference.
  var preference: UInt8?

  init(
    family: UInt8, destination: IPAddress?, prefixLength: UInt8, gateway: IPAddress? = nil,
    link: LinkRef,
    table: UInt32 = Route.mainTable, metric: UInt32? = nil, origin: UInt8 = 3, scope: UInt8 = 0,
    type: UInt8 = 1,
    tos: UInt8 = 0, preferredSource: IPAddress? = nil, onlink: Bool = false, metrics: [UInt8] = [],
    preference: UInt8? = nil
  ) {
    self.family = family
    self.destination = destination
    self.prefixLength = prefixLength
    self.gateway = gateway
    self.link = link
    self.table = table
    self.metric = metric
    self.origin = origin
    self.scope = scope
    self.type = type
    self.tos = tos
    self.preferredSource = preferredSource
    self.onlink = onlink
    self.metrics = metrics
    self.preference = preference
  }

  static let mainTable: UInt32 = 254
  static let localTable: UInt32 = 255

  /// Routes the kernel makes from the addresses and the link itself (`proto kernel`, the
  /// local table), learns again (router adverts, redirects), or keeps: not ours to put back.
  var isKernels: Bool { origin == 1 || origin == 2 || origin == 9 || table == Self.localTable }

  /// As `ip route` prints it: "default via 192.0.2.1 dev bond0 metric 100".
  var description: String {
    var words = [destination.map { "\($0)/\(prefixLength)" } ?? "default"]
    if let gateway { words.append("via \(gateway)") }
    words.append("dev \(link.name)")
    if table != Self.mainTable { words.append("table \(table)") }
    if let metric { words.append("metric \(metric)") }
    if let preferredSource { words.append("src \(preferredSource)") }
    if onlink { words.append("onlink") }
    return words.joined(separator: " ")
  }
}
