import FundLedger

/// `fundledger history HOLDER`: the holder's register with running balances.
enum HistoryCommand {
  static let command = Command(
    name: "history", summary: "a holder's register: every movement of its money with running balances",
    usage: "history HOLDER [--from DATE] [--to DATE] [--no-snapshots]",
    options: [
      OptionSpec("from", value: "DATE", help: "rows dated on or after DATE (balances still count earlier events)"),
      OptionSpec("to", value: "DATE", help: "rows dated on or before DATE"),
      OptionSpec("snapshots", value: "DIR", help: "snapshot directory"),
      OptionSpec("no-snapshots", help: "build the register while replaying the whole log"),
    ] + CommonOptions.output
  ) { context, args in
    guard args.positionals.count == 1 else { throw UsageError("history takes one holder (id, name or alias)") }
    let from = try CommonOptions.date(args, "from")
    let to = try CommonOptions.date(args, "to")
    let key = args.positionals[0]
    let bound = ReplayBound(date: to)
    let state: LedgerState
    var rows: [[Cell]] = []
    if args.has("no-snapshots") {
      // The register as the log is replayed: each row right after its event is applied.
      var holder: Int32?
      state =
        try context.ledger.load(
          bound: bound,
          observe: { frame, state in
            if holder == nil { holder = state.holder(named: key) }
            guard let holder, let row = HistoryQuery.row(frame.event, state, holder: holder) else { return }
            if let from, frame.event.date < from { return }
            rows.append(row)
          }
        ).state
    } else {
      // The event records a snapshot holds are enough: start from the newest one within the bound.
      let view = try QuerySupport.store(context, args).load(bound: bound)
      for (path, reason) in view.refusals {
        context.printError("warning: snapshot \(path) refused: \(reason); replaying from the start instead")
      }
      state = view.loaded.state
    }
    guard let index = state.holder(named: key) else {
      throw UsageError("unknown holder \"\(key)\" (give an id, a Chinese name or an alias)")
    }
    if !args.has("no-snapshots") { rows = HistoryQuery.rows(state, holder: index, from: from) }
    let info = state.holders[Int(index)]
    var report = Report(title: "\(info.name) (\(info.id)) 明细", columns: HistoryQuery.columns, rows: rows)
    report.notes.append("余额: the holder's balance of that program and budget year after the event")
    report.notes.append("ledger \(context.ledgerPath), seq \(state.lastSeq)")
    try CommonOptions.render(context, report, args)
    return .ok
  }
}
