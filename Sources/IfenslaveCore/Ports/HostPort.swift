// SPDX-License-Identifier: GPL-2.0-or-later
/// What ifenslave asks of the host besides bond state.
protocol HostPort {
  /// Whether this process may change interfaces (`CAP_NET_ADMIN`).
  var mayAdministerNetwork: Bool { get }
  /// Speed and duplex as ethtool reports them, or nil when the driver does not say.
  func linkSpeed(of name: InterfaceName) -> LinkSpeed?
  /// A file's bytes (a configuration to read; "-" is standard input), up to 1 MiB.
  func contents(of path: String) -> Result<[UInt8], Errno>
  /// Creates the file `path` with `text`; EEXIST if it exists, which is never overwritten.
  func create(_ path: String, _ text: String) -> Errno?
}

/// Link speed and duplex (`ETHTOOL_GSET`).
struct LinkSpeed: Hashable, Sendable {
  /// Megabits per second.
  var megabits: UInt32?
  /// "full" or "half".
  var duplex: String?
}
