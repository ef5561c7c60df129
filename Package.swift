// SPDX-License-Identifier: GPL-2.0-or-later
// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "ifenslave",
  products: [
    .executable(name: "ifenslave", targets: ["ifenslave"])
  ],
  targets: [
    // libnl-3 and libnl-route-3 (3.7 or later): the netlink socket, message building and parsing.
    .systemLibrary(
      name: "CNetlink",
      pkgConfig: "libnl-route-3.0",
      providers: [.apt(["libnl-3-dev", "libnl-route-3-dev"]), .yum(["libnl3-devel"])]
    ),
    // glibc's declarations the Glibc module leaves out (getopt_long, setns, unshare).
    .systemLibrary(name: "CSystem"),
    .target(
      name: "IfenslaveCore", dependencies: ["CNetlink", "CSystem"],
      swiftSettings: withoutRuntimeExtras),
    .executableTarget(
      name: "ifenslave", dependencies: ["IfenslaveCore"], swiftSettings: withoutRuntimeExtras),
    .testTarget(
      name: "IfenslaveCoreTests", dependencies: ["IfenslaveCore", "CNetlink"],
      // Captured kernel messages, read by path: resources would need Foundation's Bundle.
      exclude: ["Fixtures"]),
    .testTarget(name: "IfenslaveCLITests", dependencies: ["ifenslave", "IfenslaveCore"]),
  ]
)

// ifenslave uses neither Swift concurrency nor Regex. Without their implicit imports the
// static binary links neither the concurrency runtime nor libdispatch (BENCHMARKS.md,
// binary size).
var withoutRuntimeExtras: [SwiftSetting] {
  [
    .unsafeFlags([
      "-Xfrontend", "-disable-implicit-concurrency-module-import",
      "-Xfrontend", "-disable-implicit-string-processing-module-import",
    ])
  ]
}
