// SPDX-License-Identifier: GPL-2.0-or-later
/// A name the kernel resolves to an interface index, as `primary` and `active_slave` are sent.
/// The index is nil until the interface has been looked up.
struct LinkRef: Hashable, Sendable, CustomStringConvertible {
  var name: InterfaceName
  var index: InterfaceIndex?

  init(_ name: InterfaceName, index: InterfaceIndex? = nil) {
    self.name = name
    self.index = index
  }

  var description: String { name.rawValue }
}

/// The value of a `BondOption`. Enumerations and toggles are kept as the kernel's number.
enum OptionValue: Hashable, Sendable {
  case number(UInt64)
  case interface(LinkRef)
  case ipv4([IPv4Address])
  case ipv6([IPv6Address])
  case hardwareAddress(HardwareAddress)
}

/// An option together with the value to give it.
struct BondSetting: Hashable, Sendable, CustomStringConvertible {
  let option: BondOption
  var value: OptionValue

  init(_ option: BondOption, _ value: OptionValue) {
    self.option = option
    self.value = value
  }

  /// `kernel_name value`, as `ip link` prints it: `mode active-backup`, `miimon 100`.
  var description: String { option.kernelName + " " + option.format(value) }
}

/// Why a command-line value was refused; the message names the accepted values.
struct InvalidValue: Error, Equatable, Sendable, CustomStringConvertible {
  let option: String
  let value: String
  let reason: String

  var description: String { "invalid value '\(value)' for --\(option): \(reason)" }
}

extension BondOption {
  /// Parses one command-line value.
  func parse(_ text: String) throws(InvalidValue) -> OptionValue {
    func invalid(_ why: String? = nil) -> InvalidValue {
      InvalidValue(option: name, value: text, reason: why ?? "expected \(acceptedValues)")
    }
    switch value {
    case .names(let names):
      if let index = names.firstIndex(of: text) { return .number(UInt64(index)) }
      if let number = Self.decimal(text), number < UInt64(names.count) { return .number(number) }
      throw invalid()
    case .toggle:
      switch text {
      case "0", "off": return .number(0)
      case "1", "on": return .number(1)
      default: throw invalid()
      }
    case .number(let range):
      guard let number = Self.decimal(text), range.contains(number) else { throw invalid() }
      return .number(number)
    case .interface:
      do {
        return .interface(LinkRef(try InterfaceName(validating: text)))
      } catch {
        throw invalid(error.description)
      }
    case .ipv4List(let max):
      return .ipv4(
        try addresses(
          text, max: max, family: "IPv4", kind: "ARP", parse: IPv4Address.init(parsing:),
          usable: \.isUsableARPTarget))
    case .ipv6List(let max):
      return .ipv6(
        try addresses(
          text, max: max, family: "IPv6", kind: "NS", parse: IPv6Address.init(parsing:),
          usable: \.isUsableNSTarget))
    case .hardwareAddress:
      guard let address = HardwareAddress(parsing: text) else { throw invalid() }
      guard (address.bytes[0] & 1) == 0 else { throw invalid("a multicast address") }
      if self == .hwaddr && address.isZero { throw invalid("the all-zero address") }
      return .hardwareAddress(address)
    }
  }

  /// A comma-separated list of monitoring targets the kernel would accept.
  private func addresses<Address: CustomStringConvertible>(
    _ text: String, max: Int, family: String, kind: String, parse: (String) -> Address?,
    usable: (Address) -> Bool
  ) throws(InvalidValue) -> [Address] {
    var addresses: [Address] = []
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      guard let address = parse(String(part)) else {
        throw InvalidValue(
          option: name, value: text, reason: "'\(part)' is not an \(family) address")
      }
      guard usable(address) else {
        throw InvalidValue(
          option: name, value: text, reason: "the kernel refuses \(address) as an \(kind) target")
      }
      addresses.append(address)
    }
    guard addresses.count <= max else {
      throw InvalidValue(option: name, value: text, reason: "at most \(max) addresses")
    }
    return addresses
  }

  /// The value as the kernel's sysfs and iproute2 write it: a name for enumerations.
  func format(_ value: OptionValue) -> String {
    switch value {
    case .number(let number):
      if case .names(let names) = self.value, number < UInt64(names.count) {
        return names[Int(number)]
      }
      return String(number)
    case .interface(let link): return link.name.rawValue
    case .ipv4(let addresses): return addresses.map(\.description).joined(separator: ",")
    case .ipv6(let addresses): return addresses.map(\.description).joined(separator: ",")
    case .hardwareAddress(let address): return address.description
    }
  }

  /// A plain decimal number: no sign, no spaces, no base prefix, no overflow.
  static func decimal(_ text: String) -> UInt64? {
    guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
    return UInt64(text)
  }
}
