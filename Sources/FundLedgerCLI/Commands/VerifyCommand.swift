import FundLedger

/// `fundledger verify`: every line hashed, the chain, seq, schema and every invariant.
enum VerifyCommand {
  static let command = Command(
    name: "verify", summary: "check the hash chain, seq, schema and every invariant", usage: "verify",
    options: []
  ) { context, args in
    guard args.positionals.isEmpty else { throw UsageError("verify takes no arguments") }
    let result = try context.ledger.verify()
    context.keepUntilExit(result)
    for violation in result.violations { context.printError("\(context.ledgerPath): \(violation)") }
    if let damage = result.damage {
      context.printError("\(context.ledgerPath): \(damage)")
      context.printError(
        "the chain is verified up to seq \(result.summary.lastSeq) (line \(result.summary.lastLine)); the ledger is damaged after that"
      )
      return .damaged
    }
    if !result.violations.isEmpty {
      context.printError("\(result.violations.count) invariant violation(s)")
      return .findings
    }
    context.print(
      "ok: \(result.summary.linesRead) events, chain verified to seq \(result.summary.lastSeq), head \(result.summary.lastHash)"
    )
    return .ok
  }
}
