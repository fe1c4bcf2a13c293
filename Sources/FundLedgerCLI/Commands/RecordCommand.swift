import FundLedger

/// `fundledger record TYPE --flag value …`: builds one event from flags and appends it.
///
/// The flags become a JSON object that goes through the same decoder and validation as `append`, so an
/// event recorded by hand meets exactly the rules of one read from a file.
enum RecordCommand {
  static let fieldOptions: [(option: String, field: String, help: String)] = [
    ("id", "id", "event id (default: derived from the content)"),
    ("date", "date", "effective date YYYY-MM-DD (for a month-precision date, the placement day)"),
    ("date-precision", "date_precision", "day, month or year: how much of the date the source gives"),
    ("doc", "doc", "document number (文号)"),
    ("note", "note", "evidence: which report, which table"),
    ("holder", "holder", "holder id (open, budget)"),
    ("name", "name", "Chinese name (open, define)"),
    ("level", "level", "central, province, prefecture, county or recipient (open)"),
    ("parent", "parent", "parent holder or program"),
    ("program", "program", "program id or name"),
    ("source", "source", "central or regional (define); the fund source (line)"),
    ("from", "from", "holder the money leaves"),
    ("to", "to", "holder the money reaches"),
    ("budget-year", "budget_year", "budget year (预算年度), e.g. 2023"),
    ("target", "target", "event id to correct"),
    ("reason", "reason", "why the correction"),
    ("auditor", "auditor", "who audited"),
    ("scope", "scope", "what the audit covered"),
    ("system", "system", "functional or economic (classify)"),
    ("code", "code", "classification code, e.g. 2150805 (classify)"),
    ("direction", "direction", "income or expenditure (line)"),
    ("phase", "phase", "initial (年初预算), adjusted (全年预算) or final (决算) (line)"),
    ("kind", "kind", "basic, basic-personnel, basic-public or project (line)"),
    ("functional", "functional", "functional code (line)"),
    ("economic", "economic", "economic code (line)"),
    ("item", "item", "names below the deepest known code (line)"),
    ("project", "project", "project name (line)"),
    ("link", "link", "the same money in another ledger: LEDGER#HOLDER/PROGRAM (line)"),
  ]

  static let command = Command(
    name: "record", summary: "append one event given as flags",
    usage: "record TYPE --date D [--flag value …]",
    options: fieldOptions.map { OptionSpec($0.option, value: "VALUE", help: $0.help) } + [
      OptionSpec("alias", value: "NAME", repeatable: true, help: "another name of the holder (open)"),
      OptionSpec("funded-by", value: "REF", repeatable: true, help: "event id or document whose money is spent"),
      OptionSpec("amount", value: "万元", help: "amount in 万元, exact decimal"),
      OptionSpec("amount-yuan", value: "元", help: "amount in 元, exact decimal"),
      OptionSpec("amount-fen", value: "FEN", help: "amount in fen, integer"),
      CommonOptions.expectSeq,
    ]
  ) { context, args in
    guard args.positionals.count == 1, let typeName = args.positionals.first else {
      throw UsageError("record takes the event type: " + EventType.allCases.map(\.rawValue).joined(separator: ", "))
    }
    guard EventType(rawValue: typeName) != nil else {
      throw UsageError(
        "unknown event type \"\(typeName)\"; expected one of "
          + EventType.allCases.map(\.rawValue).joined(separator: ", "))
    }
    var pairs: [(String, JSONValue)] = [("type", .string(typeName))]
    for (option, field, _) in fieldOptions {
      guard let value = args.value(option) else { continue }
      if field == "budget_year" {
        guard let year = Int64(value) else {
          throw UsageError("--budget-year: expected a year such as 2023, got \"\(value)\"")
        }
        pairs.append((field, .number(String(year))))
      } else {
        pairs.append((field, .string(value)))
      }
    }
    if !args.all("alias").isEmpty { pairs.append(("aliases", .array(args.all("alias").map { .string($0) }))) }
    if !args.all("funded-by").isEmpty {
      pairs.append(("funded_by", .array(args.all("funded-by").map { .string($0) })))
    }
    let amounts = [("amount", Money.Unit.wan), ("amount-yuan", .yuan), ("amount-fen", .fen)].filter {
      args.value($0.0) != nil
    }
    if amounts.count > 1 { throw UsageError("give one of --amount, --amount-yuan, --amount-fen") }
    if let (option, unit) = amounts.first {
      let fen: Int64
      do {
        fen = try Money.parsePositive(args.value(option)!, unit: unit)
      } catch {
        throw UsageError("--\(option): \(error)")
      }
      pairs.append(("amount_fen", .number(String(fen))))
    }
    if args.value("id") == nil {
      var withoutID = pairs
      withoutID.append(("id", .string("-")))
      var writer = JSONWriter()
      writer.value(.object(withoutID))
      pairs.append(("id", .string(typeName + "-" + String(SHA256.hex(writer.bytes).prefix(12)))))
    }
    let event: Event
    do {
      event = try EventCodec.decode(.object(pairs), mode: .input)
    } catch {
      throw UsageError("\(error)".replacingOccurrences("field \"", "field/flag \""))
    }
    let expectSeq = try CommonOptions.expectSeq(args)
    let outcome = try context.ledger.append(
      [(1, event)], expectSeq: expectSeq, snapshots: SnapshotStore(ledger: context.ledger))
    AppendCommand.report(outcome, context)
    return .ok
  }
}
