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
    if !args.has("no-snapshots") {
      // A register snapshot points at the holder's lines: read those and the log after it, build no state.
      let (outcome, refusals) = try QuerySupport.store(context, args).history(holder: key, through: to)
      for (path, reason) in refusals {
        context.printError("warning: register snapshot \(path) refused: \(reason); using the full snapshot instead")
      }
      switch outcome {
      case .served(let register):
        let rows = HistoryQuery.rows(register.entries, from: from)
        try render(context, args, holderID: register.holderID, holderName: register.holderName, rows, register.lastSeq)
        return .ok
      case .unknownHolder: throw unknownHolder(key)
      case .unavailable: break
      }
    }
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
    guard let index = state.holder(named: key) else { throw unknownHolder(key) }
    if !args.has("no-snapshots") { rows = HistoryQuery.rows(state, holder: index, from: from) }
    let info = state.holders[Int(index)]
    try render(context, args, holderID: info.id, holderName: info.name, rows, state.lastSeq)
    return .ok
  }

  static func unknownHolder(_ key: String) -> UsageError {
    UsageError("unknown holder \"\(key)\" (give an id, a Chinese name or an alias)")
  }

  static func render(
    _ context: Context, _ args: ParsedArguments, holderID: String, holderName: String, _ rows: [[Cell]],
    _ lastSeq: Int64
  ) throws {
    var report = Report(title: "\(holderName) (\(holderID)) 明细", columns: HistoryQuery.columns, rows: rows)
    report.notes.append("余额: the holder's balance of that program and budget year after the event")
    report.notes.append("ledger \(context.ledgerPath), seq \(lastSeq)")
    try CommonOptions.render(context, report, args)
  }
}
