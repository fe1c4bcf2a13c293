/// A holder's register: every event that moved its money, with the running balance of that account.
public enum HistoryQuery {
  public static let columns: [Column] = [
    Column("seq", "seq", .integer), Column("date", "日期"), Column("type", "类型"),
    Column("counterpart", "对方", .holder), Column("program", "项目"), Column("budget_year", "年度", .integer),
    Column("in", "收入", .amount), Column("out", "支出", .amount), Column("balance", "余额", .amount),
    Column("doc", "文号"), Column("id", "id"),
  ]

  /// The row for `event` (just applied to `state`) if it touched `holder`'s money, else nil.
  public static func row(_ event: Event, _ state: LedgerState, holder: Int32) -> [Cell]? {
    // Money movements and their corrections only: a budget or a department book line names a holder and
    // may name a program, but moves nothing between two holders.
    guard let record = state.records.last, record.from == holder || record.to == holder,
      record.type != .budget, record.program >= 0, record.from >= 0, record.to >= 0
    else { return nil }
    // For a correction the money flows the other way from its target's.
    let reversing = record.type == .correct
    let incoming = (record.to == holder) != reversing
    let counterpartIndex = record.to == holder ? record.from : record.to
    let counterpart = state.holders[Int(counterpartIndex)]
    let key = AccountKey(holder: holder, program: record.program, budgetYear: record.budgetYear)
    let isIssuer = record.type == .allocate && record.from == holder
    let balance = state.accounts[key]?.heldFen ?? 0
    var type = event.type.rawValue
    if reversing, let target = event.target { type = "correct(\(target))" }
    return [
      .integer(record.seq), .text(record.dateText), .text(type),
      .named(id: counterpart.id, name: counterpart.name, indent: 0),
      .text(state.programs[Int(record.program)].id), .integer(Int64(record.budgetYear)),
      incoming && !isIssuer ? .amount(record.amountFen) : .empty,
      !incoming && !isIssuer ? .amount(record.amountFen) : .empty,
      isIssuer ? .text("（下达自本级预算）") : .amount(balance),
      .text(event.doc ?? ""), .text(event.id),
    ]
  }

  /// Every row of `holder`'s register from the event records alone (no log read): what a snapshot holds is
  /// enough, so `history` starts from the newest snapshot instead of reading the whole log.
  ///
  /// The running balance of an account is the sum of what came in and went out of it, in log order; an
  /// issuer's own account does not move when it issues money, nor when that issue is corrected. Rows
  /// dated before `from` are left out; their amounts still count. Tested against `row(_:_:holder:)` on
  /// every event of generated ledgers.
  public static func rows(_ state: LedgerState, holder: Int32, from: LedgerDate? = nil) -> [[Cell]] {
    var balances: [AccountKey: Int64] = [:]
    var rows: [[Cell]] = []
    for index in state.records.indices {
      let record = state.records[index]
      guard record.from == holder || record.to == holder, record.type != .budget, record.program >= 0,
        record.from >= 0, record.to >= 0
      else { continue }
      let reversing = record.type == .correct
      let target = reversing && record.target >= 0 ? state.records[Int(record.target)] : nil
      let incoming = (record.to == holder) != reversing
      let isIssuer = record.type == .allocate && record.from == holder
      let reversesOwnIssue = target?.type == .allocate && record.from == holder
      let key = AccountKey(holder: holder, program: record.program, budgetYear: record.budgetYear)
      if !isIssuer && !reversesOwnIssue {
        balances[key, default: 0] += incoming ? record.amountFen : -record.amountFen
      }
      if let from, record.date < from { continue }
      let counterpart = state.holders[Int(record.to == holder ? record.from : record.to)]
      var type = record.type.rawValue
      if let target { type = "correct(\(target.id))" }
      rows.append([
        .integer(record.seq), .text(record.dateText), .text(type),
        .named(id: counterpart.id, name: counterpart.name, indent: 0),
        .text(state.programs[Int(record.program)].id), .integer(Int64(record.budgetYear)),
        incoming && !isIssuer ? .amount(record.amountFen) : .empty,
        !incoming && !isIssuer ? .amount(record.amountFen) : .empty,
        isIssuer ? .text("（下达自本级预算）") : .amount(balances[key] ?? 0),
        .text(state.doc(of: record) ?? ""), .text(record.id),
      ])
    }
    return rows
  }
}
