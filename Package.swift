// swift-tools-version:6.0
import PackageDescription

/// `SHA256Instructions` reaches the CPU's SHA-256 instructions through `Builtin` (hence `-parse-stdlib`) and
/// is the one module compiled for a CPU that has them; everything else stays generic x86-64. It is called
/// only after a run-time check, so the binary still runs on CPUs without them.
#if arch(x86_64)
  let instructionSettings: [SwiftSetting] = [.unsafeFlags(["-parse-stdlib", "-target-cpu", "goldmont"])]
#else
  let instructionSettings: [SwiftSetting] = [.unsafeFlags(["-parse-stdlib"])]
#endif

let package = Package(
  name: "fundledger",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "fundledger", targets: ["fundledger"]),
    .executable(name: "fundledger-bench", targets: ["fundledger-bench"]),
    .library(name: "FundLedger", targets: ["FundLedger"]),
  ],
  dependencies: [],
  targets: [
    .target(name: "SHA256Instructions", swiftSettings: instructionSettings),
    .target(name: "Prefetch", swiftSettings: [.unsafeFlags(["-parse-stdlib"])]),
    .target(name: "FundLedger", dependencies: ["SHA256Instructions", "Prefetch"]),
    .target(name: "FundLedgerCLI", dependencies: ["FundLedger"]),
    .executableTarget(name: "fundledger", dependencies: ["FundLedgerCLI"]),
    .executableTarget(name: "fundledger-bench", dependencies: ["FundLedger"]),
    .testTarget(name: "FundLedgerTests", dependencies: ["FundLedger"]),
    .testTarget(
      name: "FundLedgerCLITests", dependencies: ["FundLedgerCLI", "FundLedger", "fundledger"]),
  ]
)
