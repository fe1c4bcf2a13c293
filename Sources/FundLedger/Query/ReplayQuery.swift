/// The summary `replay` prints: per program (rolled up the program tree), budgeted, issued, paid to final
/// recipients, held, and the execution rate.
public enum ReplayQuery {
  public static let columns: [Column] = [
    Column("program", "项目", .holder), Column("budget_year", "年度", .integer),
    Column("budgeted", "预算", .amount), Column("issued", "下达(源头)", .amount),
    Column("paid", "执行", .amount), Column("held", "结存", .amount),
    Column("execution_rate", "执行率", .rate),
  ]

  public static func run(_ state: LedgerState, year: Int32?) -> Report {
    var report = Report(title: "", columns: columns)
    var years = Set<Int32>()
    for key in state.accounts.keys where year.map({ $0 == key.budgetYear }) ?? true { years.insert(key.budgetYear) }
    for y in years.sorted() {
      for (program, depth) in StatusQuery.programOrder(state, under: nil) {
        let figures = Figures(state: state, program: program, year: y)
        var total = Figures.Row()
        var topBudget: (rank: Int, fen: Int64)?
        for (index, holder) in state.holders.enumerated() {
          let own = figures.own[index]
          total.issuedFen += own.issuedFen
          total.paidFen += own.paidFen
          total.heldFen += own.heldFen
          // Budgets are counted at the highest level that has one, so plans passed down are not summed twice.
          if own.budgetedFen != 0 {
            let rank = holder.level.rank
            if topBudget == nil || rank < topBudget!.rank {
              topBudget = (rank, own.budgetedFen)
            } else if rank == topBudget!.rank {
              topBudget!.fen += own.budgetedFen
            }
          }
        }
        if total.issuedFen == 0 && total.paidFen == 0 && total.heldFen == 0 && topBudget == nil { continue }
        let info = state.programs[Int(program)]
        report.rows.append([
          .named(id: info.id, name: info.name, indent: depth), .integer(Int64(y)),
          topBudget.map { .amount($0.fen) } ?? .empty, .amount(total.issuedFen), .amount(total.paidFen),
          .amount(total.heldFen), .rate(total.paidFen, total.issuedFen),
        ])
      }
    }
    return report
  }
}
