// SPDX-License-Identifier: GPL-2.0-or-later
internal import Glibc

/// The bonding driver's sysfs files. A path is built only from an `InterfaceName`, which
/// cannot be empty, `.` or `..`, nor hold a `/`, and from fixed file names, so no input can
/// reach a file outside /sys/class/net.
enum Sysfs {
  static let masters = "/sys/class/net/bonding_masters"

  /// `/sys/class/net/BOND/bonding/FILE`. `file` comes from the option table, never from
  /// input; the check keeps it a plain name all the same.
  static func bond(_ bond: InterfaceName, _ file: String) -> String {
    precondition(
      !file.isEmpty && file != "." && file != ".." && !file.contains("/"),
      "not a file name: \(file)")
    return "/sys/class/net/" + bond.rawValue + "/bonding/" + file
  }

  /// `/sys/class/net/SLAVE/bonding_slave/FILE` (3.14 and later)
  static func slave(_ slave: InterfaceName, _ file: String) -> String {
    "/sys/class/net/" + slave.rawValue + "/bonding_slave/" + file
  }

  /// The file's text without the trailing newline, up to `limit` bytes: the driver's sysfs
  /// files are all under a page, /proc/net/bonding grows with the slaves.
  static func read(_ path: String, limit: Int = 4096) -> Result<String, Errno> {
    // sysfs hands an attribute out whole in the first read (at most a page); /proc's
    // seq_files come a page at a time, so those are read to the end.
    read(
      open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), whole: path.hasPrefix("/sys/"), limit: limit)
  }

  private static func read(_ fd: Int32, whole: Bool, limit: Int) -> Result<String, Errno> {
    guard fd >= 0 else { return .failure(Errno(rawValue: errno)) }
    defer { close(fd) }
    // Uninitialised scratch: status on 3.10 reads some twenty files a bond.
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: limit) { buffer in
      var count = 0
      while count < limit {
        let n = Glibc.read(fd, buffer.baseAddress! + count, limit - count)
        if n < 0 && errno == EINTR { continue }
        if n < 0 { return .failure(Errno(rawValue: errno)) }
        if n == 0 { break }
        count += n
        if whole { break }
      }
      while count > 0 && buffer[count - 1] == UInt8(ascii: "\n") { count -= 1 }
      return .success(
        String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self))
    }
  }

  /// A bond's `bonding/` directory, opened once so that each of its files is opened by its
  /// name alone: a whole path walks /sys/class/net's symlink again for every file, which was
  /// most of what a bond's status cost on 3.10.
  final class Directory {
    private let fd: Int32

    init?(of bond: InterfaceName) {
      fd = open("/sys/class/net/" + bond.rawValue + "/bonding", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
      if fd < 0 { return nil }
    }

    deinit { close(fd) }

    /// The file's text, as `Sysfs.read` gives it.
    func read(_ file: String) -> Result<String, Errno> {
      Sysfs.read(openat(fd, file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), whole: true, limit: 4096)
    }
  }

  /// Writes `value` in one write(2), as the driver parses it; the driver's errno is the
  /// answer. The file is never created.
  static func write(_ path: String, _ value: String) -> Errno? {
    let fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
    guard fd >= 0 else { return Errno(rawValue: errno) }
    defer { close(fd) }
    let bytes = Array((value + "\n").utf8)
    while true {
      let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
      if n >= 0 { return nil }
      if errno != EINTR { return Errno(rawValue: errno) }
    }
  }
}
