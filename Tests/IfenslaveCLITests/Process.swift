// SPDX-License-Identifier: GPL-2.0-or-later
import Glibc

/// Runs the built `ifenslave` binary, which SwiftPM puts next to the test bundle.
struct Ran {
  let status: Int32
  let stdout: String
  let stderr: String
}

func ifenslave(_ arguments: String..., environment extra: [String] = []) -> Ran {
  ifenslave(bytes: arguments.map { Array($0.utf8) }, environment: extra)
}

func ifenslave(bytes arguments: [[UInt8]], environment extra: [String] = []) -> Ran {
  var exe = [CChar](repeating: 0, count: 4096)
  let length = readlink("/proc/self/exe", &exe, exe.count - 1)
  precondition(length > 0)
  var path = String(decoding: exe[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  path = String(path[..<path.lastIndex(of: "/")!]) + "/ifenslave"

  var outPipe: [Int32] = [0, 0]
  var errPipe: [Int32] = [0, 0]
  pipe(&outPipe)
  pipe(&errPipe)
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
  posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
  posix_spawn_file_actions_addclose(&actions, outPipe[0])
  posix_spawn_file_actions_addclose(&actions, errPipe[0])

  let argv: [UnsafeMutablePointer<CChar>?] =
    ([Array(path.utf8)] + arguments).map { bytes in
      let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
      for (i, byte) in bytes.enumerated() { copy[i] = CChar(bitPattern: byte) }
      copy[bytes.count] = 0
      return copy
    } + [nil]
  let envp: [UnsafeMutablePointer<CChar>?] =
    (["PATH=/usr/sbin:/usr/bin:/sbin:/bin"] + extra).map { strdup($0) } + [nil]
  defer {
    for pointer in argv { pointer?.deallocate() }
    for pointer in envp { free(pointer) }
  }
  var pid: pid_t = 0
  let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
  precondition(spawned == 0, "cannot run \(path)")
  close(outPipe[1])
  close(errPipe[1])
  let out = readAll(outPipe[0])
  let err = readAll(errPipe[0])
  var status: Int32 = 0
  waitpid(pid, &status, 0)
  posix_spawn_file_actions_destroy(&actions)
  return Ran(status: (status >> 8) & 0xFF, stdout: out, stderr: err)
}

private func readAll(_ fd: Int32) -> String {
  var data: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 65536)
  while true {
    let n = read(fd, &buffer, buffer.count)
    if n <= 0 { break }
    data += buffer[..<n]
  }
  close(fd)
  return String(decoding: data, as: UTF8.self)
}
