import FundLedger

/// `fundledger history HOLDER`: the holder's register with running balances.
enum HistoryCommand {
  static let command = Command(
    name: "history", summary: "a holder's register: every movement of its money with running balances",
    usage: "history HOLDER [--from DATE] [--to DATE]",
    options: [
      OptionSpec("from", value: "DATE", help: "rows dated on or after DATE (balances still count earlier events)"),
      OptionSpec("to", value: "DATE", help: "rows dated on or before DATE"),
    ] + CommonOptions.output
  ) { context, args in
    guard args.positionals.count == 1 else { throw UsageError("history takes one holder (id, name or alias)") }
    let from = try CommonOptions.date(args, "from")
    let to = try CommonOptions.date(args, "to")
    let key = args.positionals[0]
    var holder: Int32?
    var rows: [[Cell]] = []
    let loaded = try context.ledger.load(
      bound: ReplayBound(date: to),
      observe: { frame, state in
        if holder == nil { holder = state.holder(named: key) }
        guard let holder, let row = HistoryQuery.row(frame.event, state, holder: holder) else { return }
        if let from, frame.event.date < from { return }
        rows.append(row)
      })
    guard let index = holder ?? loaded.state.holder(named: key) else {
      throw UsageError("unknown holder \"\(key)\" (give an id, a Chinese name or an alias)")
    }
    let info = loaded.state.holders[Int(index)]
    var report = Report(title: "\(info.name) (\(info.id)) 明细", columns: HistoryQuery.columns, rows: rows)
    report.notes.append("余额: the holder's balance of that program and budget year after the event")
    report.notes.append("ledger \(context.ledgerPath), seq \(loaded.state.lastSeq)")
    try CommonOptions.render(context, report, args)
    return .ok
  }
}
