import FundLedger

#if canImport(Glibc)
  import Glibc
#endif

/// `fundledger export --csv DIR | --fdp DIR`: the events and report tables as RFC 4180 CSV, or a Fiscal
/// Data Package (datapackage.json plus CSV) for open-data portals.
enum ExportCommand {
  static let command = Command(
    name: "export", summary: "export events and tables as CSV (--csv DIR) or a Fiscal Data Package (--fdp DIR)",
    usage: "export (--csv DIR | --fdp DIR) [--at DATE]",
    options: [
      OptionSpec("csv", value: "DIR", help: "write events.csv and each report table as CSV"),
      OptionSpec("fdp", value: "DIR", help: "write a Fiscal Data Package"),
      OptionSpec("at", value: "DATE", help: "as of the end of DATE"),
    ]
  ) { context, args in
    guard args.positionals.isEmpty else { throw UsageError("export takes no positional arguments") }
    guard args.value("csv") != nil || args.value("fdp") != nil else { throw UsageError("give --csv DIR or --fdp DIR") }
    let bound = ReplayBound(date: try CommonOptions.date(args, "at"))
    var events: [Event] = []
    let loaded = try context.ledger.load(bound: bound, observe: { frame, _ in events.append(frame.event) })
    let state = loaded.state
    let date = bound.date ?? state.lastDate ?? LedgerDate(year: 1970, month: 1, day: 1)!
    let style = AmountStyle()
    if let directory = args.value("csv") {
      try makeDirectory(directory)
      try write(eventsCSV(events, state: state), to: directory + "/events.csv")
      var options = StatusQuery.Options(at: date)
      try write(ReportRenderer.csv(StatusQuery.run(state, options), style: style), to: directory + "/status.csv")
      options.grouping = .program
      try write(
        ReportRenderer.csv(StatusQuery.run(state, options), style: style), to: directory + "/status-by-program.csv")
      try write(
        ReportRenderer.csv(BalanceQuery.run(state, BalanceQuery.Options()), style: style),
        to: directory + "/balance.csv")
      try write(ReportRenderer.csv(ReplayQuery.run(state, year: nil), style: style), to: directory + "/programs.csv")
      context.print("wrote events.csv, status.csv, status-by-program.csv, balance.csv, programs.csv to \(directory)")
    }
    if let directory = args.value("fdp") {
      try makeDirectory(directory)
      try write(fiscalCSV(state), to: directory + "/fiscal.csv")
      try write(datapackage(context.ledgerPath, state: state, date: date), to: directory + "/datapackage.json")
      context.print("wrote datapackage.json and fiscal.csv to \(directory)")
    }
    return .ok
  }

  static func field(_ text: String) -> String {
    text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
      ? "\"" + text.replacingOccurrences("\"", "\"\"") + "\"" : text
  }

  static func eventsCSV(_ events: [Event], state: LedgerState) -> String {
    let header = [
      "seq", "id", "type", "date", "date_precision", "date_text", "recorded", "from", "to", "holder", "name", "level",
      "parent",
      "program", "source", "budget_year", "amount_fen", "amount_wan", "funded_by", "target", "reason", "auditor",
      "scope", "doc", "note",
    ]
    var out = header.joined(separator: ",") + "\r\n"
    for e in events {
      let cells: [String] = [
        String(e.seq ?? 0), e.id, e.type.rawValue, e.date.description, e.datePrecision.rawValue, e.dateText,
        e.recorded ?? "",
        e.from ?? "", e.to ?? "", e.holder ?? "", e.name ?? "", e.level?.rawValue ?? "", e.parent ?? "",
        e.program ?? "",
        e.source?.rawValue ?? "", e.budgetYear.map(String.init) ?? "", e.amountFen.map(String.init) ?? "",
        e.amountFen.map { Money.format($0) } ?? "", e.fundedBy.joined(separator: ";"), e.target ?? "", e.reason ?? "",
        e.auditor ?? "", e.scope ?? "", e.doc ?? "", e.note ?? "",
      ]
      out += cells.map(field).joined(separator: ",") + "\r\n"
    }
    return out
  }

  /// One row per holder, leaf program, budget year and phase (budgeted / arrived / paid), in 万元.
  static func fiscalCSV(_ state: LedgerState) -> String {
    var out = "holder_id,holder_name,holder_level,program_id,program_name,source,budget_year,phase,amount\r\n"
    for (key, account) in state.accounts.sorted(by: { $0.key < $1.key }) {
      let holder = state.holders[Int(key.holder)]
      let program = state.programs[Int(key.program)]
      let isRecipient = holder.level == .recipient
      let phases: [(String, Int64)] = [
        ("budgeted", account.budgetedFen), ("arrived", account.arrivedFen + account.issuedFen),
        ("paid", isRecipient ? 0 : account.paidFen + account.issuedPaidFen),
      ]
      for (phase, fen) in phases where fen != 0 {
        let cells = [
          holder.id, holder.name, holder.level.rawValue, program.id, program.name, program.source.rawValue,
          String(key.budgetYear), phase, Money.format(fen),
        ]
        out += cells.map(field).joined(separator: ",") + "\r\n"
      }
    }
    return out
  }

  static func datapackage(_ ledgerPath: String, state: LedgerState, date: LedgerDate) -> String {
    var w = JSONWriter()
    w.beginObject()
    w.field("name", "fundledger-export")
    w.field("title", "fundledger export of \(ledgerPath) as of \(date)")
    w.field(
      "description",
      "Budgeted, arrived (到位) and paid (执行) amounts per holder, program and budget year, from a hash-chained fundledger ledger (seq \(state.lastSeq), head \(state.lastHash)). Amounts are in 万元 (factor 10000 CNY)."
    )
    w.key("profile")
    w.string("fiscal-data-package")
    w.key("resources")
    w.beginArray()
    w.beginObject()
    w.field("name", "fiscal")
    w.field("path", "fiscal.csv")
    w.field("format", "csv")
    w.field("mediatype", "text/csv")
    w.field("encoding", "utf-8")
    w.key("schema")
    w.beginObject()
    w.key("fields")
    w.beginArray()
    for (name, type) in [
      ("holder_id", "string"), ("holder_name", "string"), ("holder_level", "string"), ("program_id", "string"),
      ("program_name", "string"), ("source", "string"), ("budget_year", "integer"), ("phase", "string"),
      ("amount", "number"),
    ] {
      w.beginObject()
      w.field("name", name)
      w.field("type", type)
      if name == "amount" {
        w.field("decimalChar", ".")
        w.field("description", "万元, exact to the fen (6 decimals at most)")
      }
      w.endObject()
    }
    w.endArray()
    w.endObject()
    w.endObject()
    w.endArray()
    w.key("model")
    w.beginObject()
    w.key("measures")
    w.beginObject()
    w.key("amount")
    w.beginObject()
    w.field("source", "amount")
    w.field("currency", "CNY")
    w.key("factor")
    w.int(10000)
    w.endObject()
    w.endObject()
    w.key("dimensions")
    w.beginObject()
    for (name, fields, primary) in [
      ("holder", ["holder_id", "holder_name", "holder_level"], "holder_id"),
      ("program", ["program_id", "program_name", "source"], "program_id"),
      ("budget_year", ["budget_year"], "budget_year"), ("phase", ["phase"], "phase"),
    ] {
      w.key(name)
      w.beginObject()
      w.key("attributes")
      w.beginObject()
      for f in fields {
        w.key(f)
        w.beginObject()
        w.field("source", f)
        w.endObject()
      }
      w.endObject()
      w.field("primaryKey", primary)
      w.field("dimensionType", name == "budget_year" ? "datetime" : name == "phase" ? "other" : "entity")
      w.endObject()
    }
    w.endObject()
    w.endObject()
    w.endObject()
    return w.text + "\n"
  }

  static func makeDirectory(_ path: String) throws {
    if mkdir(path, 0o755) != 0 && errno != EEXIST { throw UsageError("cannot create directory \(path)") }
  }

  static func write(_ text: String, to path: String) throws { try ReportCommand.write(text, to: path) }
}
