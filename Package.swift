// swift-tools-version:6.0
import PackageDescription

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
    .target(name: "FundLedger"),
    .target(name: "FundLedgerCLI", dependencies: ["FundLedger"]),
    .executableTarget(name: "fundledger", dependencies: ["FundLedgerCLI"]),
    .executableTarget(name: "fundledger-bench", dependencies: ["FundLedger"]),
    .testTarget(name: "FundLedgerTests", dependencies: ["FundLedger"]),
    .testTarget(
      name: "FundLedgerCLITests", dependencies: ["FundLedgerCLI", "FundLedger", "fundledger"]),
  ]
)
