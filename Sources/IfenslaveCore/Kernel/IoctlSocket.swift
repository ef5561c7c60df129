// SPDX-License-Identifier: GPL-2.0-or-later
internal import CNetlink
internal import Glibc

/// The datagram socket that interface ioctls (ethtool, SIOCBOND*) are issued on, opened on
/// first use, with Glibc's `struct ifreq` filled in Swift: no C helper is needed, and
/// <linux/if.h>, whose `ifreq` would clash with Glibc's, stays out of the shim.
final class IoctlSocket {
  private var descriptor: Int32 = -1

  deinit {
    if descriptor >= 0 { close(descriptor) }
  }

  /// Issues `request` on the interface `name`; `fill` sets the rest of the `ifreq`.
  /// Returns the errno on failure.
  func call(_ request: Int32, on name: InterfaceName, _ fill: (inout ifreq) -> Void = { _ in })
    -> Errno?
  {
    if descriptor < 0 { descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0) }
    guard descriptor >= 0 else { return Errno(rawValue: errno) }
    var ifr = ifreq()
    Self.copy(name, into: &ifr.ifr_ifrn.ifrn_name)
    fill(&ifr)
    while ioctl(descriptor, UInt(request), &ifr) != 0 {
      if errno != EINTR { return Errno(rawValue: errno) }
    }
    return nil
  }

  /// Issues `request` with `ifr_data` pointing at `buffer`, as the query ioctls want.
  func call(_ request: Int32, on name: InterfaceName, data buffer: inout [UInt8]) -> Errno? {
    buffer.withUnsafeMutableBytes { bytes in
      call(request, on: name) { ifr in
        ifr.ifr_ifru.ifru_data = bytes.baseAddress!.assumingMemoryBound(to: CChar.self)
      }
    }
  }

  /// Copies an interface name into one of `ifreq`'s 16-byte name fields; the name is at most
  /// 15 bytes (`InterfaceName` checked it), so the terminator always fits.
  static func copy<Field>(_ name: InterfaceName, into field: inout Field) {
    withUnsafeMutableBytes(of: &field) { buffer in
      buffer.initializeMemory(as: UInt8.self, repeating: 0)
      buffer.copyBytes(from: name.rawValue.utf8.prefix(buffer.count - 1))
    }
  }
}
