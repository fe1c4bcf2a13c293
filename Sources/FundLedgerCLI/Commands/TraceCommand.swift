import FundLedger

/// `fundledger trace`: down from a document or event to its recipients, up from a holder to its origins,
/// or the money that sits idle.
enum TraceCommand {
  static let command = Command(
    name: "trace", summary: "where money went (--down DOC|ID), where it came from (--up H), what is stuck (--idle)",
    usage: "trace (--down DOC|EVENT-ID | --up HOLDER | --idle [--days N]) [--at DATE]",
    options: QuerySupport.viewOptions + [
      OptionSpec("down", value: "DOC|ID", help: "trace a document number or event id down to its recipients"),
      OptionSpec("up", value: "HOLDER", help: "every origin a holder's money came from, with the path"),
      OptionSpec("idle", help: "money held anywhere longer than --days"),
      OptionSpec("days", value: "N", help: "for --idle: days held (default 30, the pass-down limit)"),
    ] + CommonOptions.output
  ) { context, args in
    guard args.positionals.isEmpty else { throw UsageError("trace takes no positional arguments") }
    let modes = [args.value("down") != nil, args.value("up") != nil, args.has("idle")].filter { $0 }.count
    guard modes == 1 else { throw UsageError("give exactly one of --down, --up, --idle") }
    let (view, bound) = try QuerySupport.view(context, args)
    let state = view.loaded.state
    let at = QuerySupport.date(view, bound)
    let trace = TraceQuery(state: state)
    let format = try CommonOptions.format(args)
    let style = try CommonOptions.style(args)
    let provenance = QuerySupport.provenance(context, view, bound)
    if let key = args.value("down") {
      let trees: [TraceNode]
      do {
        trees = try trace.down(key)
      } catch {
        throw UsageError("--down: \(error)")
      }
      if format == .json {
        context.stdout += TraceRenderer.json(
          trees, state: state, at: at, style: style, origin: key, provenance: provenance)
      } else {
        var report = TraceRenderer.downReport(trees, state: state, at: at)
        report.title = "\(key) 资金去向, 截至 \(at)"
        report.notes.append("到达 = 下达 + 支付 + 结存 + 退回 − 退回至本级, at every row; 支付 = paid to final recipients")
        report.notes.append(provenance)
        context.stdout += ReportRenderer.render(report, format: format, style: style)
      }
      return .ok
    }
    if let key = args.value("up") {
      guard let holder = try QuerySupport.holder(state, key, option: "up") else { return .badInput }
      let paths = trace.up(holder)
      var report = Report(
        title: "\(state.holders[Int(holder)].name) 资金来源, 截至 \(at)",
        columns: [
          Column("origin", "源头文号"), Column("path", "路径"), Column("arrived", "到达", .amount),
          Column("held", "现有", .amount),
        ])
      for path in paths {
        report.rows.append([
          .text(TraceRenderer.label(state.records[Int(path.records[0])], state: state)),
          .text(TraceRenderer.pathText(path, state: state)), .amount(path.arrivedFen), .amount(path.heldFen),
        ])
      }
      if paths.isEmpty { report.notes.append("\(state.holders[Int(holder)].name) has received no money by \(at)") }
      report.notes.append(provenance)
      context.stdout += ReportRenderer.render(report, format: format, style: style)
      return .ok
    }
    var days: Int32 = 30
    if let text = args.value("days") {
      guard let value = Int32(text), value >= 0 else {
        throw UsageError("--days: expected a whole number, got \"\(text)\"")
      }
      days = value
    }
    var report = Report(
      title: "滞留资金 (held more than \(days) days), 截至 \(at)",
      columns: [
        Column("holder", "单位", .holder), Column("origin", "源头"), Column("held", "滞留金额", .amount),
        Column("since", "到达日期"), Column("days", "天数", .text),
      ])
    for idle in trace.idle(at: at, daysMin: days) {
      let holder = state.holders[Int(idle.holder)]
      let record = state.records[Int(idle.origin)]
      let precision = idle.sinceIsApproximate ? DatePrecision.month : .day
      report.rows.append([
        .named(id: holder.id, name: holder.name, indent: 0), .text(TraceRenderer.label(record, state: state)),
        .amount(idle.heldFen), .text(idle.since.text(precision: precision)),
        .text(idle.sinceIsApproximate ? "≈\(idle.days)" : String(idle.days)),
      ])
    }
    if report.rows.isEmpty { report.notes.append("no money held longer than \(days) days") }
    report.notes.append(provenance)
    context.stdout += ReportRenderer.render(report, format: format, style: style)
    return .ok
  }
}
