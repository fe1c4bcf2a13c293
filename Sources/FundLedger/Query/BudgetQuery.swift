/// A department's budget and final-accounts tables (收支总表, 支出 by 功能分类, 基本支出 by 经济分类, projects):
/// 年初预算, 全年预算 and 决算 per line, with 预决算差异率 and 执行率, rolled up the code trees.
public enum BudgetQuery {
  public enum Grouping: String, Sendable, CaseIterable {
    case functional
    case economic
    case source
    case kind
    case project
  }

  public struct Options: Sendable {
    public var grouping: Grouping = .functional
    public var holder: Int32?
    public var year: Int32?
    public var direction = "expenditure"
    /// Only lines with this source (e.g. 一般公共预算拨款).
    public var source: String?
    /// Project execution score: weight, full marks at or above `fullAt`, nothing below `zeroBelow`,
    /// in proportion between (basis points).
    public var scoreWeight: Int64 = 10_000_000
    public var fullAtBasisPoints: Int64 = 9_000
    public var zeroBelowBasisPoints: Int64 = 6_000

    public init() {}
  }

  public static let stateRule =
    "execution score (stated rule): full weight at 执行率 ≥ 90%, nothing under 60%, in proportion between; seed 002 gives 10 of 10 at 99.91% and 94.33%, 0 at 50% and 12.49%, and does not state its rule"

  /// The score of one project under the stated rule, in millionths of a point.
  public static func score(executedFen: Int64, budgetFen: Int64, options: Options) -> Int64? {
    guard let bp = Rate.basisPoints(executedFen, budgetFen) else { return nil }
    if bp >= options.fullAtBasisPoints { return options.scoreWeight }
    if bp < options.zeroBelowBasisPoints { return 0 }
    let span = options.fullAtBasisPoints - options.zeroBelowBasisPoints
    let micro = options.scoreWeight * (bp - options.zeroBelowBasisPoints) / span
    return (micro + 5_000) / 10_000 * 10_000
  }

  public static func run(_ state: LedgerState, _ options: Options) -> Report {
    let lines = state.bookLines.filter { line in
      state.records[Int(line.record)].correctedBy < 0 && line.direction == options.direction
        && (options.holder.map { $0 == line.holder } ?? true) && (options.year.map { $0 == line.budgetYear } ?? true)
        && (options.source.map { $0 == line.source } ?? true)
    }
    var columns = [
      Column("key", options.grouping == .project ? "项目" : "科目"), Column("name", "名称"),
      Column("initial", "年初预算", .amount),
      Column("adjusted", "全年预算", .amount), Column("final", "决算", .amount), Column("variance", "预决算差异率", .text),
      Column("execution", "执行率", .rate),
    ]
    if options.grouping == .project { columns.append(Column("score", "执行得分", .text)) }
    var report = Report(title: "", columns: columns)
    // Sums per key and phase.
    var sums: [String: [String: Int64]] = [:]
    var order: [String] = []
    func add(_ key: String, _ line: BookLine) {
      // Flat groupings: every line counts once under its key.
      if sums[key] == nil { order.append(key) }
      sums[key, default: [:]][line.phase, default: 0] += line.amountFen
    }
    let names: [String: String]
    switch options.grouping {
    case .functional, .economic:
      let system = options.grouping.rawValue
      names = state.classification.names(system)
      // A line at a code is that code's printed figure; a code without its own line is the sum of its
      // parts. Where a table prints both and they differ, the printed figure stands and a note says so.
      var own: [String: [String: Int64]] = [:]
      for line in lines {
        guard let code = system == "functional" ? line.functional : line.economic else { continue }
        own[line.item.map { code + " " + $0 } ?? code, default: [:]][line.phase, default: 0] += line.amountFen
      }
      var keys = Set(own.keys)
      for key in own.keys {
        var code: String? = String(key.prefix { $0 != " " })
        while let c = code {
          keys.insert(c)
          code = Classification.parent(c)
        }
      }
      func parentKey(_ key: String) -> String? {
        key.contains(" ") ? String(key.prefix { $0 != " " }) : Classification.parent(key)
      }
      var children: [String: [String]] = [:]
      for key in keys { if let parent = parentKey(key) { children[parent, default: []].append(key) } }
      var memo: [String: [String: Int64]] = [:]
      func value(_ key: String) -> [String: Int64] {
        if let hit = memo[key] { return hit }
        var parts: [String: Int64] = [:]
        for child in children[key] ?? [] { for (phase, fen) in value(child) { parts[phase, default: 0] += fen } }
        let result = own[key] ?? parts
        if let mine = own[key], !(children[key] ?? []).isEmpty {
          for (phase, fen) in mine where parts[phase] != nil && parts[phase] != fen {
            report.notes.append(
              "\(key) \(names[key] ?? ""): printed \(Money.format(fen)), its parts sum to \(Money.format(parts[phase]!)) (\(phase))"
            )
          }
        }
        memo[key] = result
        return result
      }
      for key in keys.sorted() {
        order.append(key)
        sums[key] = value(key)
      }
    case .source:
      names = [:]
      for line in lines { if let key = line.source { add(key, line) } }
    case .kind:
      names = ["basic": "基本支出", "basic-personnel": "基本支出 人员经费", "basic-public": "基本支出 公用经费", "project": "项目支出"]
      for line in lines {
        guard let kind = line.kind else { continue }
        if kind.hasPrefix("basic-") { add("basic", line) }
        add(kind, line)
      }
      order.sort()
    case .project:
      names = [:]
      for line in lines { if let key = line.project { add(key, line) } }
    }
    var total: [String: Int64] = [:]
    for key in order {
      let phases = sums[key]!
      var cells: [Cell] = [
        .text(key), .text(names[key] ?? ""), phases["initial"].map { .amount($0) } ?? .empty,
        phases["adjusted"].map { .amount($0) } ?? .empty, phases["final"].map { .amount($0) } ?? .empty,
        .text(variance(phases["final"], phases["initial"])),
        phases["final"].map { .rate($0, phases["adjusted"] ?? 0) } ?? .empty,
      ]
      if options.grouping == .project {
        let s = phases["final"].flatMap { score(executedFen: $0, budgetFen: phases["adjusted"] ?? 0, options: options) }
        cells.append(.text(s.map { Money.format($0, decimals: 2) } ?? ""))
      }
      if options.grouping == .functional || options.grouping == .economic {
        let code = String(key.prefix { $0 != " " })
        let item = key.count > code.count ? String(key.dropFirst(code.count + 1)) : nil
        let depth = (code.count - 3) / 2 + (item == nil ? 0 : 1)
        cells[0] = .named(id: key, name: String(repeating: "  ", count: depth) + (item == nil ? code : "·"), indent: 0)
        if let item { cells[1] = .text(item + "（未给出编码）") }
      }
      report.rows.append(cells)
      // Totals count each line once: the top of the code tree, or every key of the flat groupings.
      let isTop =
        (options.grouping != .functional && options.grouping != .economic)
        ? !(options.grouping == .kind && key.hasPrefix("basic-")) : key.count == 3
      if isTop { for (phase, fen) in phases { total[phase, default: 0] += fen } }
    }
    var footer: [Cell] = [
      .text("合计"), .text(""), total["initial"].map { .amount($0) } ?? .empty,
      total["adjusted"].map { .amount($0) } ?? .empty,
      total["final"].map { .amount($0) } ?? .empty, .text(variance(total["final"], total["initial"])),
      total["final"].map { .rate($0, total["adjusted"] ?? 0) } ?? .empty,
    ]
    if options.grouping == .project { footer.append(.text("")) }
    report.footer.append(footer)
    report.notes.append("预决算差异率 = (决算 − 年初预算) ÷ 年初预算; 执行率 = 决算 ÷ 全年预算")
    if options.grouping == .project { report.notes.append(stateRule) }
    return report
  }

  /// (final − initial) / initial as an exact percentage, or "" when either is missing.
  static func variance(_ final: Int64?, _ initial: Int64?) -> String {
    guard let final, let initial, initial != 0 else { return "" }
    return Rate.percentRounded(abs(final - initial), initial).map { (final < initial ? "-" : "") + $0 } ?? ""
  }
}
