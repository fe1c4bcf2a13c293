import Foundation
import XCTest

/// Runs the built `fundledger` executable as a user would, capturing output and exit code.
enum Binary {
  static let path: String = {
    let candidates = [
      Bundle.main.bundleURL.appendingPathComponent("fundledger").path,
      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("fundledger").path,
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("fundledger")
        .path,
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
  }()

  struct Run {
    var code: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs `fundledger arguments…` with the ledger at `ledger`, feeding `input` on stdin.
  @discardableResult
  static func run(_ arguments: [String], ledger: String, input: String? = nil, directory: String? = nil) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["FUNDLEDGER_LEDGER"] = ledger
    process.environment = environment
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe()
    let err = Pipe()
    let inPipe = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = inPipe
    try process.run()
    if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
    try inPipe.fileHandleForWriting.close()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
      code: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  static func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "fundledger-cli-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }
}
