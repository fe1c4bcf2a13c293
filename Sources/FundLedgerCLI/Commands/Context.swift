import FundLedger

/// What a command runs with: the ledger path, its arguments, and where its output goes.
///
/// Output is collected in memory so tests can run commands in-process and compare text and exit code.
public final class Context {
  public let ledgerPath: String
  public let environment: [String: String]
  public var stdout = ""
  public var stderr = ""
  let readStandardInput: () -> [UInt8]
  /// Whether stderr is a terminal (progress bars are drawn only then).
  let stderrIsTerminal: Bool

  init(
    ledgerPath: String, environment: [String: String], readStandardInput: @escaping () -> [UInt8],
    stderrIsTerminal: Bool
  ) {
    self.ledgerPath = ledgerPath
    self.environment = environment
    self.readStandardInput = readStandardInput
    self.stderrIsTerminal = stderrIsTerminal
  }

  /// Values the command is done with, dropped when its `CLI.Result` is (see `keepUntilExit`).
  private(set) var kept: [Any] = []

  var ledger: Ledger { Ledger(path: ledgerPath) }

  /// Leaves a loaded state to be dropped with the command's result instead of when the command returns.
  ///
  /// Freeing a national state releases its tables one by one (millions of records, an array of lots per
  /// account): about 70 ms, a twentieth, of a 1M-event replay. The executable holds the result until
  /// `exit`, where the process's memory goes back at once; in-process callers free it as before.
  func keepUntilExit(_ value: Any) { kept.append(value) }

  func print(_ text: String) {
    stdout += text
    if !text.hasSuffix("\n") { stdout += "\n" }
  }

  func printError(_ text: String) {
    stderr += text
    if !text.hasSuffix("\n") { stderr += "\n" }
  }
}
