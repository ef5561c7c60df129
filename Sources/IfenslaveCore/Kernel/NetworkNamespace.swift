// SPDX-License-Identifier: GPL-2.0-or-later
internal import CSystem
internal import Glibc

/// `-n NAME`: this process moves into the network namespace `ip netns add NAME` made, as
/// `ip -n NAME` does, before any socket is opened: netlink, the ioctls and /proc/net then
/// see that namespace. sysfs shows the namespace of whoever mounted it, so, as
/// `ip netns exec` does, the process takes a mount namespace of its own and mounts a sysfs
/// of the new network namespace there; nothing outside the process sees either.
enum NetworkNamespace {
  static func enter(_ name: String) throws(KernelError) {
    let path = "/run/netns/" + name
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      let error = Errno(rawValue: errno)
      if error == .ENOENT {
        throw KernelError(
          .ENOENT,
          message: "no network namespace \(name) (\(path)); ip netns add \(name) creates one")
      }
      throw KernelError(error, message: "cannot open \(path): \(error)")
    }
    defer { close(fd) }
    guard setns(fd, Int32(IFENSLAVE_CLONE_NEWNET)) == 0 else {
      throw KernelError(
        Errno(rawValue: errno),
        message: "cannot enter network namespace \(name): \(Errno(rawValue: errno))")
    }
    // Mounts made here must not reach the namespace this process came from.
    guard unshare(Int32(IFENSLAVE_CLONE_NEWNS)) == 0,
      mount("", "/", "none", UInt(MS_SLAVE) | UInt(MS_REC), nil) == 0
    else {
      throw KernelError(
        Errno(rawValue: errno),
        message: "cannot make a mount namespace for \(name)'s sysfs: \(Errno(rawValue: errno))")
    }
    _ = umount2("/sys", Int32(MNT_DETACH))
    guard mount(name, "/sys", "sysfs", 0, nil) == 0 else {
      throw KernelError(
        Errno(rawValue: errno), message: "cannot mount \(name)'s sysfs: \(Errno(rawValue: errno))")
    }
  }
}
