import FundLedger

/// `fundledger budget`: a department's budget and final-accounts tables from its `line` events.
enum BudgetCommand {
  static let command = Command(
    name: "budget",
    summary: "department budget / final accounts by functional or economic code, source, kind or project",
    usage: "budget [--year Y] [--holder H] [--by functional|economic|source|kind|project] [--income] [--source S]",
    options: [
      OptionSpec("year", value: "Y", help: "one budget year"),
      OptionSpec("holder", value: "H", help: "one department"),
      OptionSpec("by", value: "GROUPING", help: "functional (default), economic, source, kind or project"),
      OptionSpec("income", help: "income lines instead of expenditure"),
      OptionSpec("source", value: "S", help: "only lines of this source (e.g. 一般公共预算拨款)"),
    ] + CommonOptions.output
  ) { context, args in
    guard args.positionals.isEmpty else { throw UsageError("budget takes no positional arguments") }
    let state = try SnapshotStore(ledger: context.ledger).load().loaded.state
    var options = BudgetQuery.Options()
    if let text = args.value("by") {
      guard let grouping = BudgetQuery.Grouping(rawValue: text) else {
        throw UsageError("--by: expected functional, economic, source, kind or project, got \"\(text)\"")
      }
      options.grouping = grouping
    }
    options.holder = try QuerySupport.holder(state, args.value("holder"))
    options.year = try CommonOptions.year(args)
    options.source = args.value("source")
    if args.has("income") { options.direction = "income" }
    var report = BudgetQuery.run(state, options)
    let holderName = options.holder.map { state.holders[Int($0)].name } ?? "all departments"
    report.title =
      "\(holderName) \(options.direction == "income" ? "收入" : "支出") by \(options.grouping.rawValue)"
      + (options.year.map { ", \($0)" } ?? "") + (options.source.map { ", \($0)" } ?? "")
    report.notes.append("ledger \(context.ledgerPath), seq \(state.lastSeq)")
    try CommonOptions.render(context, report, args)
    return .ok
  }
}
