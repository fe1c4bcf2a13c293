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

  var ledger: Ledger { Ledger(path: ledgerPath) }

  func print(_ text: String) {
    stdout += text
    if !text.hasSuffix("\n") { stdout += "\n" }
  }

  func printError(_ text: String) {
    stderr += text
    if !text.hasSuffix("\n") { stderr += "\n" }
  }
}
