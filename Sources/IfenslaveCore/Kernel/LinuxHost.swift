// SPDX-License-Identifier: GPL-2.0-or-later
internal import Glibc

/// This host's capabilities (/proc/self/status) and its links' speeds (ethtool).
struct LinuxHost: HostPort {
  private let ioctls = IoctlSocket()

  func linkSpeed(of name: InterfaceName) -> LinkSpeed? {
    Ethtool.speed(of: name, on: ioctls)
  }

  func contents(of path: String) -> Result<[UInt8], Errno> {
    let fd = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return .failure(Errno(rawValue: errno)) }
    defer { if fd != 0 { close(fd) } }
    let limit = 1 << 20
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while bytes.count <= limit {
      let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      if n < 0 { return .failure(Errno(rawValue: errno)) }
      if n == 0 { return .success(bytes) }
      bytes += chunk[..<n]
    }
    return .failure(.EFBIG)
  }

  func create(_ path: String, _ text: String) -> Errno? {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else { return Errno(rawValue: errno) }
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
      let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      if n < 0 {
        let error = Errno(rawValue: errno)
        close(fd)
        unlink(path)
        return error
      }
      bytes = bytes.dropFirst(n)
    }
    return close(fd) == 0 ? nil : Errno(rawValue: errno)
  }

  /// Reads `CapEff` from /proc/self/status; CAP_NET_ADMIN is bit 12. When the file cannot be
  /// read, the kernel is left to decide.
  var mayAdministerNetwork: Bool {
    guard let file = fopen("/proc/self/status", "r") else { return true }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
      let text = String(
        decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      guard text.hasPrefix("CapEff:") else { continue }
      let hex = text.dropFirst("CapEff:".count).filter { $0.isHexDigit }
      guard let mask = UInt64(hex, radix: 16) else { return true }
      return mask & (1 << 12) != 0
    }
    return true
  }
}
