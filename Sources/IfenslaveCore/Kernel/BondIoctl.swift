// SPDX-License-Identifier: GPL-2.0-or-later
internal import CNetlink
internal import Glibc

/// The bonding driver's ioctls (`SIOCBOND*` in <linux/sockios.h>), which every kernel from
/// 2.4 to 6.x honours. ifenslave 1.1.0 used them alone.
enum BondIoctl {
  /// `SIOCBONDENSLAVE`: `ifr_name` the bond, `ifr_slave` the slave.
  static func enslave(_ slave: InterfaceName, to bond: InterfaceName, on socket: IoctlSocket)
    -> Errno?
  {
    withSlave(Int32(SIOCBONDENSLAVE), slave, bond, socket)
  }

  /// `SIOCBONDRELEASE`
  static func release(_ slave: InterfaceName, from bond: InterfaceName, on socket: IoctlSocket)
    -> Errno?
  {
    withSlave(Int32(SIOCBONDRELEASE), slave, bond, socket)
  }

  /// `SIOCBONDCHANGEACTIVE`: the same path as writing sysfs `active_slave`.
  static func changeActive(to slave: InterfaceName, of bond: InterfaceName, on socket: IoctlSocket)
    -> Errno?
  {
    withSlave(Int32(SIOCBONDCHANGEACTIVE), slave, bond, socket)
  }

  private static func withSlave(
    _ request: Int32, _ slave: InterfaceName, _ bond: InterfaceName, _ socket: IoctlSocket
  ) -> Errno? {
    socket.call(request, on: bond) { ifr in IoctlSocket.copy(slave, into: &ifr.ifr_ifru.ifru_slave)
    }
  }

  /// `SIOCBONDINFOQUERY` fills `struct ifbond`: three native `__s32`, mode, num_slaves, miimon.
  struct BondQuery {
    var mode: Int32
    var slaveCount: Int32
    var miimon: Int32
  }

  static func query(_ bond: InterfaceName, on socket: IoctlSocket) -> Result<BondQuery, Errno> {
    var buffer = [UInt8](repeating: 0, count: 12)
    if let error = socket.call(Int32(SIOCBONDINFOQUERY), on: bond, data: &buffer) {
      return .failure(error)
    }
    return buffer.withUnsafeBytes { bytes in
      .success(
        BondQuery(
          mode: bytes.loadUnaligned(fromByteOffset: 0, as: Int32.self),
          slaveCount: bytes.loadUnaligned(fromByteOffset: 4, as: Int32.self),
          miimon: bytes.loadUnaligned(fromByteOffset: 8, as: Int32.self)))
    }
  }

  /// `SIOCBONDSLAVEINFOQUERY` fills `struct ifslave`: `__s32 slave_id` (in), `char
  /// slave_name[16]`, `__s8 link` (`BOND_LINK_UP` 0, `FAIL` 1, `DOWN` 2, `BACK` 3), `__s8 state`
  /// (`BOND_STATE_ACTIVE` 0, `BACKUP` 1), two bytes of padding, `__u32 link_failure_count`.
  struct SlaveQuery {
    var name: InterfaceName
    var link: UInt8
    var state: UInt8
    var linkFailureCount: UInt32
  }

  /// The slave at position `id`, or ENODEV past the last one.
  static func slave(_ id: Int32, of bond: InterfaceName, on socket: IoctlSocket) -> Result<
    SlaveQuery, Errno
  > {
    var buffer = [UInt8](repeating: 0, count: 28)
    withUnsafeBytes(of: id) { buffer.replaceSubrange(0..<4, with: $0) }
    if let error = socket.call(Int32(SIOCBONDSLAVEINFOQUERY), on: bond, data: &buffer) {
      return .failure(error)
    }
    let name = String(decoding: buffer[4..<20].prefix { $0 != 0 }, as: UTF8.self)
    return .success(
      SlaveQuery(
        name: InterfaceName(kernel: name), link: buffer[20], state: buffer[21],
        linkFailureCount: buffer.withUnsafeBytes {
          $0.loadUnaligned(fromByteOffset: 24, as: UInt32.self)
        }))
  }
}
