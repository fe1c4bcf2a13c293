import FundLedger

/// `fundledger balance`: what each holder held at the end of a date.
enum BalanceCommand {
  static let command = Command(
    name: "balance", summary: "what each holder held at a date, per program and budget year, rolled up",
    usage: "balance [--at DATE] [--known-at TIME] [--holder H] [--program P] [--year Y] [--depth N]",
    options: QuerySupport.viewOptions + [
      OptionSpec("holder", value: "H", help: "start the tree at this holder"),
      OptionSpec("program", value: "P", help: "one program, its parts rolled into it"),
      OptionSpec("year", value: "Y", help: "one budget year"),
      OptionSpec("depth", value: "N", help: "show N levels below the starting holder"),
    ] + CommonOptions.output
  ) { context, args in
    guard args.positionals.isEmpty else { throw UsageError("balance takes no positional arguments") }
    // The summary serves when no holder the tree would show is a final recipient.
    let (view, bound) = try QuerySupport.view(context, args, accountsOnly: true) { summary in
      var roots: [Int32]
      if let key = args.value("holder") {
        guard let root = summary.holder(named: key) else { return false }
        roots = [root]
      } else {
        roots = summary.holders.indices.filter { summary.holders[$0].parent < 0 }.map(Int32.init)
      }
      let depthMax = args.value("depth").flatMap { Int($0) }
      let children = summary.holderChildren()
      var frontier = roots.map { ($0, 0) }
      while let (holder, depth) = frontier.popLast() {
        if let depthMax, depth >= depthMax { continue }
        if summary.recipientChildCounts[Int(holder)] > 0 { return false }
        frontier += children[Int(holder)].map { ($0, depth + 1) }
      }
      return true
    }
    let state = view.loaded.state
    var options = BalanceQuery.Options()
    options.holder = try QuerySupport.holder(state, args.value("holder"))
    options.program = try QuerySupport.program(state, args.value("program"))
    options.year = try CommonOptions.year(args)
    if let text = args.value("depth") {
      guard let depth = Int(text), depth >= 0 else {
        throw UsageError("--depth: expected a whole number, got \"\(text)\"")
      }
      options.depth = depth
    }
    options.title = "余额 截至 \(QuerySupport.date(view, bound))"
    var report = BalanceQuery.run(state, options)
    report.notes.append(QuerySupport.provenance(context, view, bound))
    try CommonOptions.render(context, report, args)
    return .ok
  }
}
