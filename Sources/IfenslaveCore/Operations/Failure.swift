// SPDX-License-Identifier: GPL-2.0-or-later
/// A failed operation as the user sees it: `ifenslave: <what>: <why>`.
struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
  /// What failed, naming the interfaces: "bond0: cannot enslave eth0".
  let what: String
  /// Why, in the kernel's words when it gave any.
  let why: String

  init(_ what: String, _ why: String) {
    self.what = what
    self.why = why
  }

  var description: String { what + ": " + why }
}
