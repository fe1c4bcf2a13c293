import FundLedger

/// The `fundledger` command line: global options, dispatch to a command, errors to exit codes.
public enum CLI {
  /// The default ledger when neither --ledger nor FUNDLEDGER_LEDGER is given.
  public static let defaultLedger = "events/xinjiang-sme-2023.jsonl"

  public static let commands: [Command] = [
    InitCommand.command, RecordCommand.command, AppendCommand.command, VerifyCommand.command,
    LogCommand.command, RepairCommand.command, BalanceCommand.command, StatusCommand.command,
    HistoryCommand.command, ReplayCommand.command, SnapshotCommand.command, TraceCommand.command,
    AuditCommand.command, ScoreCommand.command, GenerateCommand.command, ReportCommand.command, ExportCommand.command,
    BudgetCommand.command,
  ]

  /// What a run produced.
  public struct Result: Sendable {
    public var exitCode: ExitCode
    public var stdout: String
    public var stderr: String
    /// What the command left to be dropped with the result (`Context.keepUntilExit`).
    public var kept = Kept(values: [])

    init(exitCode: ExitCode, stdout: String, stderr: String, kept: Kept = Kept(values: [])) {
      (self.exitCode, self.stdout, self.stderr, self.kept) = (exitCode, stdout, stderr, kept)
    }
  }

  /// Loaded states a command is done with. Nothing reads them; they are only held, so sharing the box
  /// across threads is safe though its contents are not `Sendable`.
  public final class Kept: @unchecked Sendable {
    let values: [Any]
    init(values: [Any]) { self.values = values }
  }

  public static var help: String {
    var out = """
      fundledger — an append-only, hash-chained ledger of public fund flows

      Usage: fundledger [--ledger PATH] COMMAND [OPTIONS]

      The ledger defaults to $FUNDLEDGER_LEDGER, else \(defaultLedger).

      Commands:

      """
    let width = commands.map(\.name.count).max() ?? 0
    for command in commands { out += "  " + command.name.padding(width) + "  " + command.summary + "\n" }
    out += """

      Exit codes: 0 ok, 1 a check found problems, 2 bad usage or bad input (nothing changed),
      3 the ledger file is damaged.
      Run `fundledger COMMAND --help` for a command's options.

      """
    return out
  }

  public static func run(
    _ arguments: [String], environment: [String: String] = [:],
    standardInput: @escaping () -> [UInt8] = { [] }, stderrIsTerminal: Bool = false
  ) -> Result {
    var args = arguments
    var ledgerPath = environment["FUNDLEDGER_LEDGER"] ?? defaultLedger
    while let first = args.first, first.hasPrefix("--") {
      if first == "--help" || first == "-h" { return Result(exitCode: .ok, stdout: help, stderr: "") }
      if first == "--ledger" {
        guard args.count >= 2 else { return usage("--ledger expects a path") }
        ledgerPath = args[1]
        args.removeFirst(2)
      } else if first.hasPrefix("--ledger=") {
        ledgerPath = String(first.dropFirst("--ledger=".count))
        args.removeFirst()
      } else {
        return usage("unknown global option \(first)")
      }
    }
    guard let name = args.first else { return Result(exitCode: .badInput, stdout: "", stderr: help) }
    if name == "help" { return Result(exitCode: .ok, stdout: help, stderr: "") }
    guard let command = commands.first(where: { $0.name == name }) else {
      return usage("unknown command \"\(name)\"")
    }
    let context = Context(
      ledgerPath: ledgerPath, environment: environment, readStandardInput: standardInput,
      stderrIsTerminal: stderrIsTerminal)
    var code: ExitCode
    do {
      let parsed = try ParsedArguments.parse(Array(args.dropFirst()), specs: command.options)
      if parsed.has("help") { return Result(exitCode: .ok, stdout: command.help, stderr: "") }
      code = try command.run(context, parsed)
    } catch let error as UsageError {
      context.printError("fundledger \(name): \(error.message)\nRun `fundledger \(name) --help` for usage.")
      code = .badInput
    } catch let error as LedgerError {
      context.printError("fundledger \(name): \(error)")
      code = error.isDamage ? .damaged : .badInput
    } catch let error as MoneyError {
      context.printError("fundledger \(name): \(error)")
      code = .badInput
    } catch {
      context.printError("fundledger \(name): \(error)")
      code = .badInput
    }
    return Result(exitCode: code, stdout: context.stdout, stderr: context.stderr, kept: Kept(values: context.kept))
  }

  static func usage(_ message: String) -> Result {
    Result(exitCode: .badInput, stdout: "", stderr: "fundledger: \(message)\nRun `fundledger --help` for usage.\n")
  }
}
