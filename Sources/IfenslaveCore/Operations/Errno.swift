import Glibc

/// An error number from the kernel or libc, named as the kernel names it.
public struct Errno: RawRepresentable, Error, Hashable, Sendable, CustomStringConvertible {
  public let rawValue: Int32
  public init(rawValue: Int32) { self.rawValue = rawValue }

  /// `strerror()`'s text, such as "Operation not permitted".
  public var description: String { String(cString: strerror(rawValue)) }

  public static let EPERM = Errno(rawValue: Glibc.EPERM)
  public static let EIO = Errno(rawValue: Glibc.EIO)
  public static let ENOENT = Errno(rawValue: Glibc.ENOENT)
  public static let EINTR = Errno(rawValue: Glibc.EINTR)
  public static let ENOMEM = Errno(rawValue: Glibc.ENOMEM)
  public static let EACCES = Errno(rawValue: Glibc.EACCES)
  public static let EBUSY = Errno(rawValue: Glibc.EBUSY)
  public static let EEXIST = Errno(rawValue: Glibc.EEXIST)
  public static let ENODEV = Errno(rawValue: Glibc.ENODEV)
  public static let EINVAL = Errno(rawValue: Glibc.EINVAL)
  public static let ERANGE = Errno(rawValue: Glibc.ERANGE)
  public static let EFBIG = Errno(rawValue: Glibc.EFBIG)
  public static let ENOTEMPTY = Errno(rawValue: Glibc.ENOTEMPTY)
  public static let EOPNOTSUPP = Errno(rawValue: Glibc.EOPNOTSUPP)
  public static let ENOBUFS = Errno(rawValue: Glibc.ENOBUFS)
  public static let EAFNOSUPPORT = Errno(rawValue: Glibc.EAFNOSUPPORT)
  public static let EPROTONOSUPPORT = Errno(rawValue: Glibc.EPROTONOSUPPORT)
  public static let EADDRNOTAVAIL = Errno(rawValue: Glibc.EADDRNOTAVAIL)
  public static let ENETDOWN = Errno(rawValue: Glibc.ENETDOWN)
}

/// What the kernel answered to a request it refused: the errno and, from kernels that send
/// extended ACKs (4.12 and later), its own explanation.
public struct KernelError: Error, Hashable, Sendable, CustomStringConvertible {
  public var errno: Errno
  /// The `NLMSGERR_ATTR_MSG` text, such as "Device can not be enslaved while up".
  public var message: String?

  public init(_ errno: Errno, message: String? = nil) {
    self.errno = errno
    self.message = message
  }

  /// The kernel's own words when it sent them, otherwise `strerror()`'s.
  public var description: String {
    guard let message, !message.isEmpty else { return errno.description }
    return message
  }
}
