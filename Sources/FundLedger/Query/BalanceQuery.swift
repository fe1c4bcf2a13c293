/// What each holder held at the end of a date, per program and budget year, rolled up the holder tree.
public enum BalanceQuery {
  public struct Options: Sendable {
    public var holder: Int32?
    public var program: Int32?
    public var year: Int32?
    /// Levels below the starting holder to show (nil: all).
    public var depth: Int?
    public var title = ""

    public init() {}
  }

  public static let columns: [Column] = [
    Column("holder", "单位", .holder), Column("level", "层级"), Column("program", "项目"),
    Column("budget_year", "年度", .integer), Column("held", "本级持有", .amount),
    Column("held_total", "含下级持有", .amount), Column("paid_total", "含下级已支付", .amount),
  ]

  public static func run(_ state: LedgerState, _ options: Options) -> Report {
    var report = Report(title: options.title, columns: columns)
    // The (program, year) groups to show: the chosen program as one group, else every program with money.
    var groups: [(program: Int32?, label: String, year: Int32)] = []
    var years = Set<Int32>()
    var programsWithMoney = Set<Int32>()
    for (key, _) in state.accounts where options.year.map({ $0 == key.budgetYear }) ?? true {
      years.insert(key.budgetYear)
      programsWithMoney.insert(key.program)
    }
    // A summary state has its (program, year) groups instead of accounts.
    for group in state.figureGroups where options.year.map({ $0 == group.budgetYear }) ?? true {
      years.insert(group.budgetYear)
      programsWithMoney.insert(group.program)
    }
    for year in years.sorted() {
      if let program = options.program {
        groups.append((program, state.programs[Int(program)].id, year))
      } else {
        for program in programsWithMoney.sorted() {
          groups.append((program, state.programs[Int(program)].id, year))
        }
      }
    }
    let figures = groups.map { Figures(state: state, program: $0.program, year: $0.year) }
    let roots: [Int32] =
      options.holder.map { [$0] } ?? state.holders.indices.filter { state.holders[$0].parent < 0 }.map(Int32.init)
    let children = state.holderChildren()
    func visit(_ holder: Int32, _ depth: Int) {
      let info = state.holders[Int(holder)]
      for (g, group) in groups.enumerated() {
        let own = figures[g].own[Int(holder)]
        let sub = figures[g].subtree[Int(holder)]
        let held = info.level == .recipient ? own.receivedFen : own.heldFen
        guard held != 0 || sub.heldFen != 0 || sub.paidFen != 0 || own.arrivedFen != 0 else { continue }
        report.rows.append([
          .named(id: info.id, name: info.name, indent: depth), .text(info.level.rawValue), .text(group.label),
          .integer(Int64(group.year)), .amount(held), .amount(sub.heldFen), .amount(sub.paidFen),
        ])
      }
      if let max = options.depth, depth >= max { return }
      for child in children[Int(holder)] { visit(child, depth + 1) }
    }
    for root in roots { visit(root, 0) }
    report.notes.append(
      "本级持有: what the holder itself holds (for a recipient: what it received); 含下级: rolled up over the holders below, final recipients' receipts counted as paid"
    )
    return report
  }
}
