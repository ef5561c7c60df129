// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer harness for the code that reads kernel replies: the input is a stream of netlink
// messages, as a dump delivers them. Each is decoded as a link (with bond and slave data), an
// address and an error with extended ACK; the links found are then shown as text and JSON,
// the way `ifenslave -a` shows them. Built with the core's sources by `make fuzz`.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReplies(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data else { return 0 }
  // A copy the decoders may read to its end and no further: ASan catches any overrun.
  let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 4)
  defer { bytes.deallocate() }
  bytes.copyMemory(from: UnsafeRawBufferPointer(start: data, count: size))
  var links: [Link] = []
  var offset = 0
  while offset + 16 <= size {
    let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
    // nlmsg_len, as the socket layer would split the stream; a bad one ends it.
    let length = Int(rest.loadUnaligned(as: UInt32.self))
    let message = UnsafeRawBufferPointer(rebasing: rest.prefix(max(16, min(length, rest.count))))
    if let link = LinkMessage.decode(message) { links.append(link) }
    _ = AddressMessage.decode(message) { _ in nil }
    _ = KernelErrorMessage.decode(message)
    guard length >= 16 else { break }
    offset += (length + 3) & ~3
  }
  for status in BondStatus.collect(from: links, speed: { _ in nil }) {
    _ = status.text
    _ = status.json.serialized
  }
  return 0
}
