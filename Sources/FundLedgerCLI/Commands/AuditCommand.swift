import FundLedger

/// `fundledger audit`: runs the rules over the ledger as of a date, prints findings, and can record the
/// audit itself as an event so it replays like everything else.
enum AuditCommand {
  static let command = Command(
    name: "audit", summary: "rule checks, reported-figure reconciliation; --record appends the audit as an event",
    usage: "audit [--at DATE] [--year Y] [--rules FILE] [--record] [--check-recorded] [--print-rules]",
    options: [
      OptionSpec("at", value: "DATE", help: "audit the ledger as of the end of DATE (default: the end of the log)"),
      OptionSpec("year", value: "Y", help: "only budget year Y"),
      OptionSpec("rules", value: "FILE", help: "a rules file (see --print-rules for the built-in one)"),
      OptionSpec("record", help: "append an audit event with the rules, the scope and a digest of the findings"),
      OptionSpec("auditor", value: "NAME", help: "who records the audit (default: fundledger audit)"),
      OptionSpec("check-recorded", help: "re-run every recorded fundledger audit and compare its digest"),
      OptionSpec("print-rules", help: "print the built-in rules file and exit"),
    ] + CommonOptions.output
  ) { context, args in
    guard args.positionals.isEmpty else { throw UsageError("audit takes no positional arguments") }
    if args.has("print-rules") {
      context.print(RuleSet.builtIn.json())
      return .ok
    }
    var rules = RuleSet.builtIn
    if let path = args.value("rules") {
      guard let bytes = FileBytes.read(path) else { throw UsageError("--rules: cannot read \(path)") }
      do {
        rules = try RuleSet.parse(bytes)
      } catch {
        throw UsageError("--rules \(path): \(error)")
      }
    }
    if args.has("check-recorded") { return try checkRecorded(context) }
    let at = try CommonOptions.date(args, "at")
    let year = try CommonOptions.year(args)
    let bound = ReplayBound(date: at)
    let (findings, state, date) = try run(context, rules: rules, bound: bound, year: year)
    var report = Report(
      title: "audit of \(context.ledgerPath) as of \(date)" + (year.map { ", budget year \($0)" } ?? "")
        + ", rules \(rules.version)",
      columns: [
        Column("severity", "级别"), Column("rule", "规则"), Column("holder", "单位"), Column("program", "项目"),
        Column("events", "事件"), Column("message", "发现"),
      ])
    for f in findings.sorted(by: { ($0.severity, $0.rule) < ($1.severity, $1.rule) }) {
      report.rows.append([
        .text(f.severity.rawValue), .text(f.rule), .text(f.holder ?? ""), .text(f.program ?? ""),
        .text(f.events.joined(separator: " ")), .text(f.message),
      ])
    }
    let counts = Dictionary(grouping: findings, by: \.severity).mapValues(\.count)
    let summary = Finding.Severity.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
    report.notes.append("\(findings.count) findings: \(summary)")
    for rule in rules.rules { report.notes.append("\(rule.id.rawValue): \(AuditEngine.basis[rule.id]!)") }
    report.notes.append("ledger \(context.ledgerPath), seq \(state.lastSeq), head \(state.lastHash.prefix(16))…")
    try CommonOptions.render(context, report, args)
    if args.has("record") {
      let event = try recordEvent(
        context, rules: rules, findings: findings, state: state, date: date, year: year, auditor: args.value("auditor"))
      let outcome = try context.ledger.append([(1, event)])
      context.printError("recorded audit \(event.id) at seq \(outcome.lastSeq)")
    }
    return (counts[.error] ?? 0) > 0 ? .findings : .ok
  }

  /// Runs the rules as of `bound`; damage to the ledger stops the audit (exit 3).
  static func run(_ context: Context, rules: RuleSet, bound: ReplayBound, year: Int32?) throws -> (
    [Finding], LedgerState, LedgerDate
  ) {
    let ledger = context.ledger
    let checked = try ledger.check(bound: bound)
    if let damage = checked.damage { throw damage }
    let state = checked.state
    let date = bound.date ?? state.lastDate ?? LedgerDate(year: 1970, month: 1, day: 1)!
    var cache: [LedgerDate: LedgerState] = [:]
    var engine = AuditEngine(rules: rules, state: state, at: date, year: year) { day in
      if let hit = cache[day] { return hit }
      var dayBound = bound
      dayBound.date = min(day, bound.date ?? day)
      let view = try ledger.check(bound: dayBound).state
      cache[day] = view
      return view
    }
    engine.violations = checked.violations
    var findings = try engine.run()
    findings += linkedExecution(context, state: state)
    return (findings, state, date)
  }

  /// For department lines linked to another ledger ("FILE#HOLDER/PROGRAM"), compares how the two
  /// documents measure execution: the department's own project against the flows ledger's status row.
  static func linkedExecution(_ context: Context, state: LedgerState) -> [Finding] {
    var out: [Finding] = []
    let directory =
      context.ledgerPath.contains("/") ? String(context.ledgerPath[..<context.ledgerPath.lastIndex(of: "/")!]) : "."
    let linked = state.bookLines.filter { $0.link != nil && state.records[Int($0.record)].correctedBy < 0 }
    for line in linked {
      let basis =
        "the same money as two documents record it: a department's own books and the flows ledger it is linked to"
      let link = line.link!
      let parts = link.split(separator: "#", maxSplits: 1).map(String.init)
      let target = parts.count == 2 ? parts[1].split(separator: "/").map(String.init) : []
      guard parts.count == 2, target.count == 2 else {
        out.append(
          Finding(
            rule: "linked-execution", severity: .warning, events: [state.records[Int(line.record)].id],
            message: "link \"\(link)\" is not of the form LEDGER#HOLDER/PROGRAM", basis: basis))
        continue
      }
      let path = parts[0].hasPrefix("/") ? parts[0] : directory + "/" + parts[0]
      guard let other = try? Ledger(path: path).load().state, let holder = other.holder(named: target[0]),
        let program = other.program(named: target[1])
      else {
        out.append(
          Finding(
            rule: "linked-execution", severity: .warning, events: [state.records[Int(line.record)].id],
            message: "linked ledger \(path) or its holder/program \(target.joined(separator: "/")) cannot be read",
            basis: basis))
        continue
      }
      let same = state.bookLines.filter {
        $0.holder == line.holder && $0.budgetYear == line.budgetYear && $0.project == line.project
          && $0.direction == line.direction && state.records[Int($0.record)].correctedBy < 0
      }
      let budget = same.filter { $0.phase == "adjusted" }.map(\.amountFen).reduce(0, +)
      let initial = same.filter { $0.phase == "initial" }.map(\.amountFen).reduce(0, +)
      let final = same.filter { $0.phase == "final" }.map(\.amountFen).reduce(0, +)
      let row = Figures(state: other, program: program, year: nil).statusRow(
        holder, isRecipient: other.holders[Int(holder)].level == .recipient)
      let paid = other.holders[Int(holder)].level == .recipient ? row.receivedFen : row.paidFen
      let here =
        line.phase == "final"
        ? "\(Money.format(final)) of \(Money.format(budget)) 万元 (\(Rate.percent(final, budget) ?? "—"))"
        : "\(Money.format(initial)) 万元 budgeted for \(line.budgetYear)"
      let there =
        "\(other.holders[Int(holder)].name) in \(parts[0]): \(other.programs[Int(program)].name) budgeted \(Money.format(row.budgetedFen)), arrived \(Money.format(row.arrivedFen)), executed \(Money.format(paid)) 万元 (\(Rate.percent(paid, row.arrivedFen) ?? "—"))"
      let differs = line.phase == "final" && Rate.basisPoints(final, budget) != Rate.basisPoints(paid, row.arrivedFen)
      out.append(
        Finding(
          rule: "linked-execution", severity: differs ? .warning : .info, holder: state.holders[Int(line.holder)].id,
          events: [state.records[Int(line.record)].id],
          message: "\(line.project ?? "line") here: \(here); \(there)"
            + (differs ? ": the documents measure execution differently" : ""), basis: basis))
    }
    return out
  }

  static func recordEvent(
    _ context: Context, rules: RuleSet, findings: [Finding], state: LedgerState, date: LedgerDate, year: Int32?,
    auditor: String?
  ) throws -> Event {
    let now = Timestamp.nowMillis()
    let today = LedgerDate(dayNumber: Int32(now / 86_400_000))
    var event = Event(id: "fundledger-audit-\(now)", type: .audit, date: max(today, state.lastDate ?? today))
    event.auditor = auditor ?? "fundledger audit"
    event.scope =
      "rules \(rules.version), as of \(date)" + (year.map { ", budget year \($0)" } ?? "")
      + ", events to seq \(state.lastSeq)"
    let counts = Dictionary(grouping: findings, by: \.severity).mapValues(\.count)
    var result: [(String, JSONValue)] = Finding.Severity.allCases.map {
      ($0.rawValue, .number(String(counts[$0] ?? 0)))
    }
    result.append(("seq", .number(String(state.lastSeq))))
    if let year { result.append(("budget_year", .number(String(year)))) }
    event.details = [
      ("as_of", .string(date.description)),
      ("rules", try JSONParser.parse(Array(rules.json().utf8))),
      ("digest", .string(SHA256.hex(Finding.canonicalJSON(findings)))),
      ("result", .object(result)),
    ]
    return event
  }

  /// Re-runs each audit this tool recorded, with its own rules, date and seq, and compares digests.
  static func checkRecorded(_ context: Context) throws -> ExitCode {
    let state = try context.ledger.load().state
    var checked = 0
    var mismatches = 0
    for audit in state.audits {
      guard case .object(let details) = try JSONParser.parse(audit.detailsJSON),
        let digest = details.first(where: { $0.0 == "digest" })?.1.stringValue,
        let rulesValue = details.first(where: { $0.0 == "rules" })?.1,
        let asOf = details.first(where: { $0.0 == "as_of" })?.1.stringValue.flatMap(LedgerDate.init),
        let result = details.first(where: { $0.0 == "result" })?.1, let seq = result["seq"]?.int64Value
      else { continue }
      var writer = JSONWriter()
      writer.value(rulesValue)
      let rules = try RuleSet.parse(writer.bytes)
      let year = result["budget_year"]?.int64Value.map(Int32.init)
      let (findings, _, _) = try run(context, rules: rules, bound: ReplayBound(date: asOf, seqMax: seq), year: year)
      let again = SHA256.hex(Finding.canonicalJSON(findings))
      let id = state.records[Int(audit.record)].id
      checked += 1
      if again == digest {
        context.print(
          "ok: \(id) (as of \(asOf), to seq \(seq)) replays to the same \(findings.count) findings, digest \(digest.prefix(16))…"
        )
      } else {
        mismatches += 1
        context.printError("\(id): recorded digest \(digest.prefix(16))…, replay gives \(again.prefix(16))…")
      }
    }
    if checked == 0 { context.print("no recorded fundledger audits in \(context.ledgerPath)") }
    return mismatches == 0 ? .ok : .findings
  }
}
