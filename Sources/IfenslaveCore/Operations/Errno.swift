// SPDX-License-Identifier: GPL-2.0-or-later
// The constants keep the kernel's names (EPERM, ENODEV), as apple/swift-system's Errno does.
// swift-format-ignore-file: AlwaysUseLowerCamelCase

internal import Glibc

/// An error number from the kernel or libc, named as the kernel names it.
struct Errno: RawRepresentable, Error, Hashable, Sendable, CustomStringConvertible {
  let rawValue: Int32

  /// `strerror()`'s text, such as "Operation not permitted".
  var description: String { String(cString: strerror(rawValue)) }

  static let EPERM = Errno(rawValue: Glibc.EPERM)
  static let EIO = Errno(rawValue: Glibc.EIO)
  static let ENOENT = Errno(rawValue: Glibc.ENOENT)
  static let EINTR = Errno(rawValue: Glibc.EINTR)
  static let ENOMEM = Errno(rawValue: Glibc.ENOMEM)
  static let EACCES = Errno(rawValue: Glibc.EACCES)
  static let EBUSY = Errno(rawValue: Glibc.EBUSY)
  static let EEXIST = Errno(rawValue: Glibc.EEXIST)
  static let ENODEV = Errno(rawValue: Glibc.ENODEV)
  static let EINVAL = Errno(rawValue: Glibc.EINVAL)
  static let ERANGE = Errno(rawValue: Glibc.ERANGE)
  static let EFBIG = Errno(rawValue: Glibc.EFBIG)
  static let ENOTEMPTY = Errno(rawValue: Glibc.ENOTEMPTY)
  static let EOPNOTSUPP = Errno(rawValue: Glibc.EOPNOTSUPP)
  static let ENOBUFS = Errno(rawValue: Glibc.ENOBUFS)
  static let EAFNOSUPPORT = Errno(rawValue: Glibc.EAFNOSUPPORT)
  static let EPROTONOSUPPORT = Errno(rawValue: Glibc.EPROTONOSUPPORT)
  static let EADDRNOTAVAIL = Errno(rawValue: Glibc.EADDRNOTAVAIL)
  static let ENETDOWN = Errno(rawValue: Glibc.ENETDOWN)
}

/// What the kernel answered to a request it refused: the errno and, from kernels that send
/// extended ACKs (4.12 and later), its own explanation.
struct KernelError: Error, Hashable, Sendable, CustomStringConvertible {
  var errno: Errno
  /// The `NLMSGERR_ATTR_MSG` text, such as "Device can not be enslaved while up".
  var message: String?

  init(_ errno: Errno, message: String? = nil) {
    self.errno = errno
    self.message = message
  }

  /// The kernel's own words when it sent them, otherwise `strerror()`'s.
  var description: String {
    guard let message, !message.isEmpty else { return errno.description }
    return message
  }
}
