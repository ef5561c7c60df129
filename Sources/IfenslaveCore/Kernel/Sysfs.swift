import Glibc

/// The bonding driver's sysfs files. A path is built only from an `InterfaceName`, which
/// cannot be empty, `.` or `..`, nor hold a `/`, and from fixed file names, so no input can
/// reach a file outside /sys/class/net.
enum Sysfs {
  static let masters = "/sys/class/net/bonding_masters"

  /// `/sys/class/net/BOND/bonding/FILE`. `file` comes from the option table, never from
  /// input; the check keeps it a plain name all the same.
  static func bond(_ bond: InterfaceName, _ file: String) -> String {
    precondition(!file.isEmpty && file != "." && file != ".." && !file.contains("/"), "not a file name: \(file)")
    return "/sys/class/net/" + bond.rawValue + "/bonding/" + file
  }

  /// `/sys/class/net/SLAVE/bonding_slave/FILE` (3.14 and later)
  static func slave(_ slave: InterfaceName, _ file: String) -> String {
    "/sys/class/net/" + slave.rawValue + "/bonding_slave/" + file
  }

  /// The file's text without the trailing newline, up to `limit` bytes: the driver's sysfs
  /// files are all under a page, /proc/net/bonding grows with the slaves.
  static func read(_ path: String, limit: Int = 4096) -> Result<String, Errno> {
    let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
    guard fd >= 0 else { return .failure(Errno(rawValue: errno)) }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: limit)
    var count = 0
    while count < buffer.count {
      let n = buffer[count...].withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      if n < 0 { return .failure(Errno(rawValue: errno)) }
      if n == 0 { break }
      count += n
    }
    var text = buffer[..<count]
    while text.last == UInt8(ascii: "\n") { text = text.dropLast() }
    return .success(String(decoding: text, as: UTF8.self))
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
