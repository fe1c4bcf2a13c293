/// A holder's register: every event that moved its money, with the running balance of that account.
public enum HistoryQuery {
  public static let columns: [Column] = [
    Column("seq", "seq", .integer), Column("date", "日期"), Column("type", "类型"),
    Column("counterpart", "对方", .holder), Column("program", "项目"), Column("budget_year", "年度", .integer),
    Column("in", "收入", .amount), Column("out", "支出", .amount), Column("balance", "余额", .amount),
    Column("doc", "文号"), Column("id", "id"),
  ]

  /// Whether `record` belongs in the registers of its holders: money movements and their corrections only.
  /// A budget or a department book line names a holder and may name a program, but moves nothing between
  /// two holders.
  public static func isShown(_ record: EventRecord) -> Bool {
    record.type != .budget && record.program >= 0 && record.from >= 0 && record.to >= 0
  }

  /// The entry record `number` makes in `holder`'s register, nil if it makes none.
  public static func entry(record number: Int, _ state: LedgerState, holder: Int32) -> HistoryEntry? {
    let record = state.records[number]
    guard isShown(record), record.from == holder || record.to == holder else { return nil }
    // For a correction the money flows the other way from its target's.
    let target = record.type == .correct && record.target >= 0 ? state.records[Int(record.target)] : nil
    let incoming = (record.to == holder) != (record.type == .correct)
    let isIssuer = record.type == .allocate && record.from == holder
    let reversesOwnIssue = target?.type == .allocate && record.from == holder
    let counterpart = state.holders[Int(record.to == holder ? record.from : record.to)]
    return HistoryEntry(
      seq: state.seq(ofRecord: number), date: record.date, dateText: record.dateText,
      typeText: target.map { "correct(\($0.id))" } ?? record.type.rawValue, counterpartID: counterpart.id,
      counterpartName: counterpart.name, programID: state.programs[Int(record.program)].id,
      budgetYear: record.budgetYear, amountFen: record.amountFen, incoming: incoming, isIssuer: isIssuer,
      movesBalance: !isIssuer && !reversesOwnIssue, doc: state.doc(of: record) ?? "", id: record.id)
  }

  /// The row for the event just applied to `state` (its record is the last) if it touched `holder`'s
  /// money, else nil; the balance is the account's as the projection holds it, an independent sum.
  public static func row(_ event: Event, _ state: LedgerState, holder: Int32) -> [Cell]? {
    guard let record = state.records.last, let entry = entry(record: state.records.count - 1, state, holder: holder)
    else { return nil }
    let key = AccountKey(holder: holder, program: record.program, budgetYear: record.budgetYear)
    return cells(entry, balanceFen: state.accounts[key]?.heldFen ?? 0)
  }

  /// Every row of `holder`'s register from the event records alone (no log read): what a snapshot holds is
  /// enough, so `history` starts from the newest snapshot instead of reading the whole log.
  public static func rows(_ state: LedgerState, holder: Int32, from: LedgerDate? = nil) -> [[Cell]] {
    rows(state.records.indices.lazy.compactMap { entry(record: $0, state, holder: holder) }, from: from)
  }

  /// The rows of a register's entries in log order, with running balances.
  ///
  /// The running balance of an account is the sum of what came in and went out of it, in log order; an
  /// issuer's own account does not move when it issues money, nor when that issue is corrected. Rows
  /// dated before `from` are left out; their amounts still count. Tested against `row(_:_:holder:)` on
  /// every event of generated ledgers.
  public static func rows(_ entries: some Sequence<HistoryEntry>, from: LedgerDate? = nil) -> [[Cell]] {
    let entries = Array(entries)
    // The balance after each entry, in one pass (each depends on those before); the rows are then made on
    // all cores. A register runs through few accounts, mostly one after another of the same: the last one
    // is tried before the table (hashing the program id twice a row was a tenth of a long `history`).
    var slots: [RegisterAccount: Int] = [:]
    var accountBalances: [Int64] = []
    var last: (account: RegisterAccount, slot: Int)?
    var balances: [Int64] = []
    balances.reserveCapacity(entries.count)
    var shown: [Int] = []
    shown.reserveCapacity(entries.count)
    for (index, entry) in entries.enumerated() {
      let account = RegisterAccount(programID: entry.programID, budgetYear: entry.budgetYear)
      let slot: Int
      if let last, last.account == account {
        slot = last.slot
      } else if let known = slots[account] {
        slot = known
      } else {
        slot = accountBalances.count
        slots[account] = slot
        accountBalances.append(0)
      }
      last = (account, slot)
      if entry.movesBalance { accountBalances[slot] += entry.incoming ? entry.amountFen : -entry.amountFen }
      balances.append(accountBalances[slot])
      if let from, entry.date < from { continue }
      shown.append(index)
    }
    return Parallel.map(count: shown.count) { [balances, shown] range in
      range.map { cells(entries[shown[$0]], balanceFen: balances[shown[$0]]) }
    }.flatMap { $0 }
  }

  /// A row's cells: in, out and balance are blank for an issue from the holder's own budget.
  static func cells(_ entry: HistoryEntry, balanceFen: Int64) -> [Cell] {
    [
      .integer(entry.seq), .text(entry.dateText), .text(entry.typeText),
      .named(id: entry.counterpartID, name: entry.counterpartName, indent: 0), .text(entry.programID),
      .integer(Int64(entry.budgetYear)),
      entry.incoming && !entry.isIssuer ? .amount(entry.amountFen) : .empty,
      !entry.incoming && !entry.isIssuer ? .amount(entry.amountFen) : .empty,
      entry.isIssuer ? .text("（下达自本级预算）") : .amount(balanceFen),
      .text(entry.doc), .text(entry.id),
    ]
  }
}

/// One account of a holder's register: program ids are unique, so (program id, budget year) names it.
private struct RegisterAccount: Hashable {
  var programID: String
  var budgetYear: Int32
}
