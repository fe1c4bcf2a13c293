/// The per-region status table: for each holder below a chosen one, budgeted, arrived (到位), passed down
/// (下达), paid to final recipients by it or below (执行), held, 到位率, 执行率, the age of the oldest money
/// held, and a status word.
public enum StatusQuery {
  public enum Grouping: String, Sendable, CaseIterable {
    case region
    case program
  }

  public struct Options: Sendable {
    public var at: LedgerDate
    public var parent: Int32?
    public var program: Int32?
    public var year: Int32?
    public var grouping: Grouping = .region
    /// Money held longer than this is 资金滞留 (seed 000: 30 days at each level).
    public var passDownDaysMax: Int32 = 30

    public init(at: LedgerDate) { self.at = at }
  }

  public static let columns: [Column] = [
    Column("holder", "单位", .holder), Column("budgeted", "预算", .amount), Column("arrived", "到位", .amount),
    Column("passed_down", "下达", .amount), Column("paid", "执行", .amount), Column("held", "结存", .amount),
    Column("arrival_rate", "到位率", .rate), Column("execution_rate", "执行率", .rate),
    Column("oldest_held_days", "滞留天数", .text), Column("status", "状态"),
  ]

  /// The holder status tables are drawn under by default: the only province, else the top holder.
  public static func defaultParent(_ state: LedgerState) -> Int32? {
    let provinces = state.holders.indices.filter { state.holders[$0].level == .province }
    if provinces.count == 1 { return Int32(provinces[0]) }
    return state.holders.indices.first { state.holders[$0].parent < 0 }.map(Int32.init)
  }

  public static func run(_ state: LedgerState, _ options: Options) -> Report {
    let parent = options.parent ?? defaultParent(state)
    var report = Report(title: "", columns: columns)
    guard let parent else {
      report.notes.append("the ledger has no holders yet")
      return report
    }
    var total = Figures.Row()
    func append(_ label: Cell, _ row: Figures.Row, isRecipient: Bool) {
      report.rows.append(cells(label, row, isRecipient: isRecipient, options: options))
      total.add(row)
    }
    switch options.grouping {
    case .region:
      let figures = Figures(state: state, program: options.program, year: options.year)
      for child in figures.children[Int(parent)] {
        let holder = state.holders[Int(child)]
        let isRecipient = holder.level == .recipient
        let row = figures.statusRow(child, isRecipient: isRecipient)
        if row == Figures.Row() { continue }
        append(.named(id: holder.id, name: holder.name, indent: 0), row, isRecipient: isRecipient)
      }
    case .program:
      // Programs in tree order; each row is the chosen holder's figures for that program (and its parts).
      for (index, depth) in programOrder(state, under: options.program) {
        let figures = Figures(state: state, program: index, year: options.year)
        let row = figures.statusRow(parent, isRecipient: false)
        if row == Figures.Row() { continue }
        let program = state.programs[Int(index)]
        report.rows.append(
          cells(.named(id: program.id, name: program.name, indent: depth), row, isRecipient: false, options: options))
        if depth == 0 { total.add(row) }
      }
      report.columns[0] = Column("program", "项目", .holder)
    }
    report.footer.append(cells(.text("合计"), total, isRecipient: false, options: options, isTotal: true))
    let holder = state.holders[Int(parent)]
    var scope = "\(holder.name) 以下, 截至 \(options.at)"
    if let year = options.year { scope += ", 预算年度 \(year)" }
    if let program = options.program { scope += ", 项目 \(state.programs[Int(program)].name)" }
    report.title = scope
    report.notes.append(
      "执行 = paid to final recipients by the holder or holders below it; 执行率 = 执行 ÷ 到位; 资金滞留 = money held longer than \(options.passDownDaysMax) days"
    )
    return report
  }

  /// Program indices in tree order with their depth, starting at `root` (or every top-level program).
  public static func programOrder(_ state: LedgerState, under root: Int32?) -> [(Int32, Int)] {
    var children: [[Int32]] = Array(repeating: [], count: state.programs.count)
    var tops: [Int32] = []
    for (index, program) in state.programs.enumerated() {
      if program.parent >= 0 { children[Int(program.parent)].append(Int32(index)) } else { tops.append(Int32(index)) }
    }
    var out: [(Int32, Int)] = []
    func visit(_ index: Int32, _ depth: Int) {
      out.append((index, depth))
      for child in children[Int(index)] { visit(child, depth + 1) }
    }
    for top in root.map({ [$0] }) ?? tops { visit(top, 0) }
    return out
  }

  static func cells(_ label: Cell, _ row: Figures.Row, isRecipient: Bool, options: Options, isTotal: Bool = false)
    -> [Cell]
  {
    let paid = isRecipient ? row.receivedFen : row.paidFen
    var age: Cell = .text("")
    var word: String
    var stuck = false
    if let oldest = row.oldestHeld, row.heldFen > 0 {
      let days = options.at.dayNumber - oldest.dayNumber
      age = .text(row.oldestHeldIsApproximate ? "≈\(days)" : String(days))
      stuck = days > options.passDownDaysMax
    }
    if row.arrivedFen == 0 && paid == 0 && row.heldFen == 0 {
      word = "未到位"
    } else if row.heldFen == 0 {
      word = "已执行完毕"
    } else if stuck {
      word = "资金滞留"
    } else {
      word = "执行中"
    }
    if isTotal && row.heldFen > 0 && !stuck { word = "执行中" }
    return [
      label, .amount(row.budgetedFen), .amount(row.arrivedFen), .amount(row.passedDownFen), .amount(paid),
      .amount(row.heldFen), .rate(row.arrivedFen, row.budgetedFen), .rate(paid, row.arrivedFen), age, .text(word),
    ]
  }
}
