/// A failed operation as the user sees it: `ifenslave: <what>: <why>`.
public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
  /// What failed, naming the interfaces: "bond0: cannot enslave eth0".
  public let what: String
  /// Why, in the kernel's words when it gave any.
  public let why: String

  public init(_ what: String, _ why: String) {
    self.what = what
    self.why = why
  }

  public var description: String { what + ": " + why }
}
