// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "fundledger",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "fundledger", targets: ["fundledger"]),
    .library(name: "FundLedger", targets: ["FundLedger"]),
  ],
  dependencies: [],
  targets: [
    .target(name: "FundLedger"),
    .target(name: "FundLedgerCLI", dependencies: ["FundLedger"]),
    .executableTarget(name: "fundledger", dependencies: ["FundLedgerCLI"]),
    .testTarget(name: "FundLedgerTests", dependencies: ["FundLedger"]),
    .testTarget(
      name: "FundLedgerCLITests", dependencies: ["FundLedgerCLI", "FundLedger", "fundledger"]),
  ]
)
