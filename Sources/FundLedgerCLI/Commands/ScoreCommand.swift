import FundLedger

/// `fundledger score EVALUATION`: the indicator table of a recorded evaluation, scored by its rules.
enum ScoreCommand {
  static let command = Command(
    name: "score", summary: "score a recorded performance evaluation (绩效评价) by its indicator rules",
    usage: "score [EVALUATION-ID] [--format table|csv|json]",
    options: CommonOptions.output
  ) { context, args in
    guard args.positionals.count <= 1 else {
      throw UsageError("score takes one evaluation (the id of its audit event)")
    }
    let state = try context.ledger.load().state
    let evaluations = state.audits.compactMap(\.evaluation)
    guard let key = args.positionals.first else {
      var report = Report(
        title: "evaluations in \(context.ledgerPath)", columns: [Column("id", "id"), Column("subject", "评价对象")])
      for e in evaluations { report.rows.append([.text(e.id), .text(e.subject)]) }
      try CommonOptions.render(context, report, args)
      return .ok
    }
    guard let evaluation = evaluations.first(where: { $0.id == key }) else {
      throw UsageError("no evaluation with id \"\(key)\"; run `fundledger score` to list them")
    }
    let asOf = try context.ledger.load(bound: ReplayBound(date: evaluation.asOf)).state
    let result = Scoring.score(evaluation, state: asOf)
    var report = Report(
      title: "\(evaluation.subject) (\(evaluation.id))",
      columns: [
        Column("group", "一级指标"), Column("indicator", "三级指标"), Column("rule", "评分规则"), Column("weight", "权重"),
        Column("score", "得分"), Column("rate", "得分率", .text), Column("basis", "依据"),
      ])
    func pts(_ micro: Int64) -> String { Money.format(micro) }
    // Score rates are rounded half up, as seed 001 prints them (2 of 3 is 66.67%).
    func rate(_ score: Int64, _ weight: Int64) -> String { Rate.percentRounded(score, weight) ?? "—" }
    for line in result.lines {
      var basis = line.basis
      if !line.missed.isEmpty { basis += ": " + line.missed.map { asOf.holders[Int($0)].name }.joined(separator: "、") }
      report.rows.append([
        .text(line.group), .text(line.indicator), .text(line.kind), .text(pts(line.weight)), .text(pts(line.score)),
        .text(rate(line.score, line.weight)), .text(basis),
      ])
    }
    for group in result.groups {
      report.footer.append([
        .text(group.name), .text("小计"), .text(""), .text(pts(group.weight)), .text(pts(group.score)),
        .text(rate(group.score, group.weight)), .text(""),
      ])
    }
    report.footer.append([
      .text("综合"), .text("总分"), .text(""), .text("100"), .text(pts(result.total)),
      .text(rate(result.total, 100_000_000)), .text("等级 " + result.grade),
    ])
    report.notes.append("grade: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差; rounding: \(evaluation.rounding); 得分率 rounded half up")
    if let reported = evaluation.reportedTotal {
      let same = reported == result.total && (evaluation.reportedGrade.map { $0 == result.grade } ?? true)
      report.notes.append(
        "the report states \(pts(reported))\(evaluation.reportedGrade.map { " (\($0))" } ?? ""): "
          + (same ? "the rules give the same" : "the rules give \(pts(result.total)) (\(result.grade))"))
    }
    report.notes.append("ledger figures as of \(evaluation.asOf), ledger \(context.ledgerPath), seq \(asOf.lastSeq)")
    try CommonOptions.render(context, report, args)
    return .ok
  }
}
