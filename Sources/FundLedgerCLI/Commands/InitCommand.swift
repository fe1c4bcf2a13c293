import FundLedger

/// `fundledger init PATH`: creates an empty ledger.
enum InitCommand {
  static let command = Command(
    name: "init", summary: "create an empty ledger file", usage: "init [PATH]", options: []
  ) { context, args in
    guard args.positionals.count <= 1 else { throw UsageError("init takes one path") }
    let path = args.positionals.first ?? context.ledgerPath
    try Ledger.create(path: path)
    context.print("created empty ledger \(path)")
    return .ok
  }
}
