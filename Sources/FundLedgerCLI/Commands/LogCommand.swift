import FundLedger

/// `fundledger log`: lists events, filtered by type, holder, program, document and date.
enum LogCommand {
  static let command = Command(
    name: "log", summary: "list events (filter by type, holder, program, document, date)",
    usage: "log [--type T] [--holder H] [--program P] [--doc D] [--since DATE] [--until DATE]",
    options: [
      OptionSpec("type", value: "TYPE", repeatable: true, help: "only events of this type"),
      OptionSpec("holder", value: "H", help: "only events that involve this holder (id or name)"),
      OptionSpec("program", value: "P", help: "only events of this program or its subprograms"),
      OptionSpec("doc", value: "DOC", help: "only events carrying this document number"),
      OptionSpec("since", value: "DATE", help: "only events dated on or after DATE"),
      OptionSpec("until", value: "DATE", help: "only events dated on or before DATE"),
    ] + CommonOptions.output
  ) { context, args in
    guard args.positionals.isEmpty else { throw UsageError("log takes no positional arguments") }
    let types = try args.all("type").map { name -> EventType in
      guard let type = EventType(rawValue: name) else { throw UsageError("--type: unknown event type \"\(name)\"") }
      return type
    }
    let since = try CommonOptions.date(args, "since")
    let until = try CommonOptions.date(args, "until")
    let holderKey = args.value("holder")
    let programKey = args.value("program")
    let doc = args.value("doc")
    var report = Report(
      title: "",
      columns: [
        Column("seq", "seq", .integer), Column("date", "日期"), Column("type", "类型"), Column("from", "来源", .holder),
        Column("to", "去向", .holder), Column("program", "项目"), Column("budget_year", "年度"),
        Column("amount", "金额", .amount), Column("doc", "文号"), Column("id", "id"),
      ])
    var events: [(LogReader.Frame, EventRecord)] = []
    let loaded = try context.ledger.load(observe: { frame, state in
      let record = state.records[state.records.count - 1]
      events.append((frame, record))
    })
    let state = loaded.state
    let holderFilter = try holderKey.map { key -> Int32 in
      guard let index = state.holder(named: key) else { throw UsageError("--holder: unknown holder \"\(key)\"") }
      return index
    }
    let programFilter = try programKey.map { key -> Int32 in
      guard let index = state.program(named: key) else { throw UsageError("--program: unknown program \"\(key)\"") }
      return index
    }
    for (frame, record) in events {
      let event = frame.event
      if !types.isEmpty && !types.contains(event.type) { continue }
      if let since, event.date < since { continue }
      if let until, event.date > until { continue }
      if let doc, event.doc != doc { continue }
      if let holderFilter {
        let own = event.type == .open ? state.holder(named: event.holder!) : nil
        guard record.from == holderFilter || record.to == holderFilter || own == holderFilter else { continue }
      }
      if let programFilter {
        guard record.program >= 0, state.isSubprogram(record.program, of: programFilter) else { continue }
      }
      func holderName(_ index: Int32) -> Cell {
        index >= 0 ? .named(id: state.holders[Int(index)].id, name: state.holders[Int(index)].name, indent: 0) : .empty
      }
      var subject: Cell = holderName(record.from)
      var object: Cell = holderName(record.to)
      switch event.type {
      case .open:
        subject = .text(event.name!)
        object = .text(event.level!.rawValue)
      case .define:
        subject = .text(event.name!)
        object = .text(event.source!.rawValue)
      case .correct:
        subject = .text("撤销 " + event.target!)
        object = .text(event.reason!)
      case .audit:
        subject = .text(event.auditor!)
        object = .text(event.scope!)
      default: break
      }
      report.rows.append([
        .integer(event.seq!), .text(event.dateText), .text(event.type.rawValue), subject, object,
        record.program >= 0 ? .text(state.programs[Int(record.program)].id) : .empty,
        record.budgetYear > 0 ? .integer(Int64(record.budgetYear)) : .empty,
        record.amountFen > 0 ? .amount(record.amountFen) : .empty,
        .text(event.doc ?? ""), .text(event.id),
      ])
    }
    report.notes.append(
      "\(report.rows.count) of \(loaded.summary.linesRead) events; ledger \(context.ledgerPath), chain verified to seq \(loaded.summary.lastSeq)"
    )
    try CommonOptions.render(context, report, args)
    return .ok
  }
}
