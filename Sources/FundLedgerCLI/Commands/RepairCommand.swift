import FundLedger

/// `fundledger repair`: saves a torn last line to a side file and truncates to the last whole event.
enum RepairCommand {
  static let command = Command(
    name: "repair", summary: "move a torn last line aside; any other damage is only reported", usage: "repair",
    options: []
  ) { context, args in
    guard args.positionals.isEmpty else { throw UsageError("repair takes no arguments") }
    let outcome = try context.ledger.repair()
    if let side = outcome.sidePath {
      context.print(
        "moved \(outcome.tornBytes) torn byte(s) to \(side); kept \(outcome.keptEvents) whole event(s)")
    } else {
      context.print("nothing to repair: \(outcome.keptEvents) whole event(s), no torn tail")
    }
    return .ok
  }
}
