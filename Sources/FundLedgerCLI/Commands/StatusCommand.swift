import FundLedger

/// `fundledger status`: the per-region execution table.
enum StatusCommand {
  static let command = Command(
    name: "status", summary: "per-region budget, arrival, pass-down, execution and what is stuck",
    usage: "status [--at DATE] [--year Y] [--program P] [--by region|program] [--holder H] [--pass-down-days N]",
    options: QuerySupport.viewOptions + [
      OptionSpec("holder", value: "H", help: "rows are the holders directly below H (default: the province)"),
      OptionSpec("program", value: "P", help: "one program, its parts included"),
      OptionSpec("year", value: "Y", help: "one budget year"),
      OptionSpec("by", value: "region|program", help: "rows by holder below (default) or by program"),
      OptionSpec("pass-down-days", value: "N", help: "money held longer is 资金滞留 (default 30)"),
    ] + CommonOptions.output
  ) { context, args in
    guard args.positionals.isEmpty else { throw UsageError("status takes no positional arguments") }
    // The summary serves when the rows are programs, or holders none of which is a final recipient.
    let (view, bound) = try QuerySupport.view(context, args, accountsOnly: true) { summary in
      var parent = StatusQuery.defaultParent(summary)
      if let key = args.value("holder") { parent = summary.holder(named: key) }
      guard let parent else { return false }
      return args.value("by") == StatusQuery.Grouping.program.rawValue || summary.recipientChildCounts[Int(parent)] == 0
    }
    let state = view.loaded.state
    var options = StatusQuery.Options(at: QuerySupport.date(view, bound))
    options.parent = try QuerySupport.holder(state, args.value("holder"))
    options.program = try QuerySupport.program(state, args.value("program"))
    options.year = try CommonOptions.year(args)
    if let text = args.value("by") {
      guard let grouping = StatusQuery.Grouping(rawValue: text) else {
        throw UsageError("--by: expected region or program, got \"\(text)\"")
      }
      options.grouping = grouping
    }
    if let text = args.value("pass-down-days") {
      guard let days = Int32(text), days >= 0 else {
        throw UsageError("--pass-down-days: expected a whole number of days, got \"\(text)\"")
      }
      options.passDownDaysMax = days
    }
    var report = StatusQuery.run(state, options)
    report.notes.append(QuerySupport.provenance(context, view, bound))
    try CommonOptions.render(context, report, args)
    return .ok
  }
}
