import FundLedger

#if canImport(Glibc)
  import Glibc
#endif

/// `fundledger report --html OUT.html | --svg OUT.svg`: the views a finance bureau reads, from the same
/// report values the terminal tables use.
enum ReportCommand {
  static let command = Command(
    name: "report", summary: "write a self-contained HTML report (Sankey, status, audit, scores) or the SVG alone",
    usage: "report (--html OUT.html | --svg OUT.svg) [--year Y] [--at DATE] [--program P]",
    options: [
      OptionSpec("html", value: "FILE", help: "write the HTML report"),
      OptionSpec("svg", value: "FILE", help: "write the Sankey diagram alone"),
      OptionSpec("year", value: "Y", help: "one budget year"),
      OptionSpec("at", value: "DATE", help: "as of the end of DATE"),
      OptionSpec("program", value: "P", help: "one program and its parts"),
      OptionSpec("group-above", value: "N", help: "group a payer's recipients beyond N into “其他 N 家” (default 12)"),
    ]
  ) { context, args in
    guard args.positionals.isEmpty else { throw UsageError("report takes no positional arguments") }
    guard args.value("html") != nil || args.value("svg") != nil else {
      throw UsageError("give --html FILE or --svg FILE")
    }
    let bound = ReplayBound(date: try CommonOptions.date(args, "at"))
    let view = try SnapshotStore(ledger: context.ledger).load(bound: bound)
    let state = view.loaded.state
    let date = QuerySupport.date(view, bound)
    let year = try CommonOptions.year(args)
    let program = try QuerySupport.program(state, args.value("program"))
    let groupAbove = Int(args.value("group-above") ?? "12") ?? 12
    let graph = FlowGraph(state: state, program: program, year: year, groupAbove: max(2, groupAbove))
    let layout = SankeyLayout(graph)
    let provenance =
      "账本 \(context.ledgerPath) · 截至 \(date) · 最后事件 seq \(state.lastSeq) · 链头哈希 \(state.lastHash)"
      + (year.map { " · 预算年度 \($0)" } ?? "") + (program.map { " · 项目 \(state.programs[Int($0)].name)" } ?? "")
    let title = "资金流向" + (program.map { "：\(state.programs[Int($0)].name)" } ?? "") + "（截至 \(date)）"
    let svg = SankeySVG.render(graph, layout, title: title)
    if let path = args.value("svg") {
      try write(svg, to: path)
      context.print("wrote \(path): \(graph.nodes.count) nodes, \(graph.links.count) bands")
    }
    if let path = args.value("html") {
      let style = AmountStyle()
      var sections: [HTMLReport.Section] = []
      sections.append(
        .init(
          title: "资金流向图",
          body:
            "<p class=\"provenance\">\(XML.escape(provenance))</p>\n<p class=\"note\">带宽与金额成正比；红色带为仍滞留、未支付的资金。鼠标悬停可见精确金额（分）、文号与日期。</p>\n<div class=\"sankey\">\n\(svg)</div>"
        ))
      var statusOptions = StatusQuery.Options(at: date)
      statusOptions.program = program
      statusOptions.year = year
      let status = StatusQuery.run(state, statusOptions)
      sections.append(
        .init(
          title: "各地执行情况",
          body: "<p class=\"provenance\">\(XML.escape(provenance))</p>\n"
            + HTMLReport.table(status, style: style, id: "status")))
      statusOptions.grouping = .program
      let byProgram = StatusQuery.run(state, statusOptions)
      sections.append(
        .init(
          title: "分项目执行情况",
          body: "<p class=\"provenance\">\(XML.escape(provenance))</p>\n"
            + HTMLReport.table(byProgram, style: style, id: "status-by-program")))
      // Audit findings with the built-in rules, as of the same date.
      let (findings, _, _) = try AuditCommand.run(context, rules: .builtIn, bound: bound, year: year)
      var audit = Report(
        title: "",
        columns: [Column("severity", "级别"), Column("rule", "规则"), Column("holder", "单位"), Column("message", "发现")])
      let shown = findings.filter { $0.severity != .info }.sorted { ($0.severity, $0.rule) < ($1.severity, $1.rule) }
      for f in shown {
        audit.rows.append([
          .text(f.severity.rawValue), .text(f.rule),
          .text(f.holder.flatMap { state.holder(named: $0) }.map { state.holders[Int($0)].name } ?? ""),
          .text(f.message),
        ])
      }
      let infos = findings.filter { $0.severity == .info }
      let undecided = infos.filter { $0.message.hasPrefix("cannot be decided") }.count
      audit.notes.append(
        "\(findings.count) findings (rules \(RuleSet.builtIn.version)): \(shown.count) errors and warnings shown; \(infos.count) info, of which \(undecided) cannot be decided because a date is known only to the month or as a bound. Run `fundledger audit` for all."
      )
      var auditBody =
        "<p class=\"provenance\">\(XML.escape(provenance))</p>\n" + HTMLReport.table(audit, style: style, id: "audit")
      auditBody = auditBody.replacingOccurrences(
        "<td data-key=\"severity\">error</td>", "<td data-key=\"severity\" class=\"sev-error\">error</td>"
      )
      .replacingOccurrences(
        "<td data-key=\"severity\">warning</td>", "<td data-key=\"severity\" class=\"sev-warning\">warning</td>")
      sections.append(.init(title: "审计发现", body: auditBody))
      // Evaluation scores.
      var scores = Report(
        title: "",
        columns: [
          Column("evaluation", "评价"), Column("group", "一级指标"), Column("weight", "权重"), Column("score", "得分"),
          Column("grade", "等级"),
        ])
      for evaluation in state.audits.compactMap(\.evaluation) {
        let asOf = try context.ledger.load(bound: ReplayBound(date: min(evaluation.asOf, date))).state
        let result = Scoring.score(evaluation, state: asOf)
        for group in result.groups {
          scores.rows.append([
            .text(evaluation.subject.isEmpty ? evaluation.id : evaluation.subject), .text(group.name),
            .text(Money.format(group.weight)), .text(Money.format(group.score)), .text(""),
          ])
        }
        scores.footer.append([
          .text(evaluation.subject.isEmpty ? evaluation.id : evaluation.subject), .text("总分"), .text("100"),
          .text(Money.format(result.total)), .text(result.grade),
        ])
      }
      if scores.footer.isEmpty { scores.notes.append("no evaluations recorded by \(date)") }
      sections.append(
        .init(
          title: "绩效评价得分",
          body: "<p class=\"provenance\">\(XML.escape(provenance))</p>\n"
            + HTMLReport.table(scores, style: style, id: "scores")))
      try write(HTMLReport.page(title: title, provenance: provenance, sections: sections), to: path)
      context.print("wrote \(path)")
    }
    return .ok
  }

  static func write(_ text: String, to path: String) throws {
    guard let file = fopen(path, "w") else { throw UsageError("cannot write \(path)") }
    defer { fclose(file) }
    fputs(text, file)
  }
}
