// SPDX-License-Identifier: GPL-2.0-or-later
internal import CNetlink
internal import Glibc

/// Link speed and duplex through `SIOCETHTOOL` / `ETHTOOL_GSET`, which needs no privileges.
enum Ethtool {
  static func speed(of name: InterfaceName, on socket: IoctlSocket) -> LinkSpeed? {
    var command = ethtool_cmd()
    command.cmd = UInt32(ETHTOOL_GSET)
    let failed = withUnsafeMutablePointer(to: &command) { pointer in
      socket.call(Int32(SIOCETHTOOL), on: name) { ifr in
        ifr.ifr_ifru.ifru_data = UnsafeMutableRawPointer(pointer).assumingMemoryBound(
          to: CChar.self)
      }
    }
    guard failed == nil else { return nil }
    let speed = UInt32(command.speed) | UInt32(command.speed_hi) << 16
    // SPEED_UNKNOWN is -1 in either width; 0 comes from drivers that never set it.
    let known = speed != 0 && speed != UInt32.max && speed != UInt32(UInt16.max)
    let duplex: String? =
      command.duplex == DUPLEX_FULL ? "full" : command.duplex == DUPLEX_HALF ? "half" : nil
    guard known || duplex != nil else { return nil }
    return LinkSpeed(megabits: known ? speed : nil, duplex: duplex)
  }
}
