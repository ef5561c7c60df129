// SPDX-License-Identifier: GPL-2.0-or-later
internal import Glibc

/// An IPv4 address, stored in network byte order as the kernel sends it.
struct IPv4Address: Hashable, Sendable, CustomStringConvertible {
  /// The four octets, most significant first.
  let octets: [UInt8]

  init(octets: [UInt8]) {
    precondition(octets.count == 4)
    self.octets = octets
  }

  /// Parses dotted-quad notation with `inet_pton`, which accepts nothing else.
  init?(parsing text: String) {
    var address = in_addr()
    guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
    self.octets = withUnsafeBytes(of: address) { Array($0) }
  }

  var description: String {
    octets.map(String.init).joined(separator: ".")
  }

  /// What the bonding driver's `bond_is_ip_target_ok()` refuses: 0.0.0.0/8 and
  /// 255.255.255.255.
  var isUsableARPTarget: Bool {
    octets[0] != 0 && octets != [255, 255, 255, 255]
  }
}

/// An IPv6 address, 16 octets in network byte order.
struct IPv6Address: Hashable, Sendable, CustomStringConvertible {
  let octets: [UInt8]

  init(octets: [UInt8]) {
    precondition(octets.count == 16)
    self.octets = octets
  }

  init?(parsing text: String) {
    var address = in6_addr()
    guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
    self.octets = withUnsafeBytes(of: address) { Array($0) }
  }

  /// The canonical text form from `inet_ntop`.
  var description: String {
    var address = in6_addr()
    withUnsafeMutableBytes(of: &address) { $0.copyBytes(from: octets) }
    var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
    guard inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil else {
      return "?"
    }
    return String(
      decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// What `bond_is_ip6_target_ok()` refuses: the unspecified, loopback and multicast addresses.
  var isUsableNSTarget: Bool {
    let unspecified = octets.allSatisfy { $0 == 0 }
    let loopback = octets.dropLast().allSatisfy { $0 == 0 } && octets[15] == 1
    let multicast = octets[0] == 0xFF
    return !unspecified && !loopback && !multicast
  }
}

/// An address of either family, as an interface or a route carries it.
enum IPAddress: Hashable, Sendable, CustomStringConvertible {
  case v4(IPv4Address)
  case v6(IPv6Address)

  /// From the kernel's bytes: 4 for IPv4, 16 for IPv6.
  init?(octets: [UInt8]) {
    switch octets.count {
    case 4: self = .v4(IPv4Address(octets: octets))
    case 16: self = .v6(IPv6Address(octets: octets))
    default: return nil
    }
  }

  init?(parsing text: String) {
    if let v4 = IPv4Address(parsing: text) {
      self = .v4(v4)
    } else if let v6 = IPv6Address(parsing: text) {
      self = .v6(v6)
    } else {
      return nil
    }
  }

  var octets: [UInt8] {
    switch self {
    case .v4(let a): a.octets
    case .v6(let a): a.octets
    }
  }

  /// `AF_INET` or `AF_INET6`.
  var family: UInt8 { UInt8(self.ipv4 == nil ? AF_INET6 : AF_INET) }

  var ipv4: IPv4Address? {
    if case .v4(let a) = self { return a }
    return nil
  }

  var description: String {
    switch self {
    case .v4(let a): a.description
    case .v6(let a): a.description
    }
  }
}
