/// Per-holder sums over accounts, for one selection of programs and budget years, with roll-ups up the
/// holder tree. The base every balance and status report is computed from.
public struct Figures: Sendable {
  /// One holder's figures, either its own or its subtree's.
  public struct Row: Sendable, Equatable {
    public var budgetedFen: Int64 = 0
    public var issuedFen: Int64 = 0
    public var arrivedFen: Int64 = 0
    public var passedDownFen: Int64 = 0
    public var paidFen: Int64 = 0
    public var returnedOutFen: Int64 = 0
    public var returnedInFen: Int64 = 0
    /// Held by holders that are not final recipients.
    public var heldFen: Int64 = 0
    /// What final recipients received and kept.
    public var receivedFen: Int64 = 0
    /// Arrival date of the oldest money still held (not counting recipients), and whether that date is
    /// known only to the month or year.
    public var oldestHeld: LedgerDate?
    public var oldestHeldIsApproximate = false

    /// The sums of `self` less those of `other`, with `self`'s oldest held date (a subtree row less the
    /// holder's own row: what the holders below add). Adding `other` back gives `self` again.
    func subtracting(_ other: Row) -> Row {
      var row = self
      row.budgetedFen -= other.budgetedFen
      row.issuedFen -= other.issuedFen
      row.arrivedFen -= other.arrivedFen
      row.passedDownFen -= other.passedDownFen
      row.paidFen -= other.paidFen
      row.returnedOutFen -= other.returnedOutFen
      row.returnedInFen -= other.returnedInFen
      row.heldFen -= other.heldFen
      row.receivedFen -= other.receivedFen
      if row.oldestHeld == other.oldestHeld && row.oldestHeldIsApproximate == other.oldestHeldIsApproximate {
        row.oldestHeld = nil
        row.oldestHeldIsApproximate = false
      }
      return row
    }

    /// Takes `other`'s sums back out; only for rows without an oldest held date (recipients' rows), since
    /// a minimum cannot be undone.
    mutating func remove(_ other: Row) {
      assert(other.oldestHeld == nil, "a row with an oldest held date cannot be removed from a sum")
      budgetedFen -= other.budgetedFen
      issuedFen -= other.issuedFen
      arrivedFen -= other.arrivedFen
      passedDownFen -= other.passedDownFen
      paidFen -= other.paidFen
      returnedOutFen -= other.returnedOutFen
      returnedInFen -= other.returnedInFen
      heldFen -= other.heldFen
      receivedFen -= other.receivedFen
    }

    mutating func add(_ other: Row) {
      budgetedFen += other.budgetedFen
      issuedFen += other.issuedFen
      arrivedFen += other.arrivedFen
      passedDownFen += other.passedDownFen
      paidFen += other.paidFen
      returnedOutFen += other.returnedOutFen
      returnedInFen += other.returnedInFen
      heldFen += other.heldFen
      receivedFen += other.receivedFen
      if let date = other.oldestHeld, oldestHeld.map({ date < $0 }) ?? true {
        oldestHeld = date
        oldestHeldIsApproximate = other.oldestHeldIsApproximate
      } else if let date = other.oldestHeld, date == oldestHeld {
        // The same day from two sources: approximate if either is, whatever order rows are added in.
        oldestHeldIsApproximate = oldestHeldIsApproximate || other.oldestHeldIsApproximate
      }
    }
  }

  public var own: [Row]
  public var subtree: [Row]
  public var children: [[Int32]]

  /// Sums the accounts whose program lies under `program` (any when nil) and whose budget year is `year`
  /// (any when nil).
  public init(state: LedgerState, program: Int32? = nil, year: Int32? = nil) {
    if !state.figureGroups.isEmpty {
      self = Figures(groups: state.figureGroups, state: state, program: program, year: year)
      return
    }
    let count = state.holders.count
    own = Array(repeating: Row(), count: count)
    children = state.holderChildren()
    let programMatches: [Bool] = state.programs.indices.map { index in
      program.map { state.isSubprogram(Int32(index), of: $0) } ?? true
    }
    for (slot, key) in state.accounts.keys.enumerated() {
      guard programMatches[Int(key.program)], year.map({ $0 == key.budgetYear }) ?? true else { continue }
      own[Int(key.holder)].add(Figures.row(state, slot: slot))
    }
    // Holders are opened parent first, so index order is a topological order of the tree.
    subtree = own
    for index in stride(from: count - 1, through: 0, by: -1) {
      let parent = state.holders[index].parent
      guard parent >= 0 else { continue }
      subtree[Int(parent)].add(subtree[index])
    }
  }

  /// One account's contribution to its holder's row (read in place by slot: no copy of its lot queue).
  static func row(_ state: LedgerState, slot: Int, isRecipient: Bool? = nil) -> Row {
    let recipient = isRecipient ?? (state.holders[Int(state.accounts.keys[slot].holder)].level == .recipient)
    return state.accounts.values.withUnsafeBufferPointer { accounts in row(state, slot, accounts[slot], recipient) }
  }

  @inline(__always)
  private static func row(_ state: LedgerState, _ slot: Int, _ account: borrowing Account, _ isRecipient: Bool) -> Row {
    var row = Row()
    row.budgetedFen = account.budgetedFen
    row.issuedFen = account.issuedFen
    // An issuer's own budget counts as arrived at it and passed down by it (seed 000: the region's
    // own 7,900 "到位 7900, 到位率 100%"), which keeps arrived = passed down + paid + held for issuers too.
    // What it issued straight to a final recipient counts as paid (新财企〔2023〕6号 to 新疆再担保).
    row.arrivedFen = account.arrivedFen + account.issuedFen
    row.passedDownFen = account.passedDownFen + account.issuedFen - account.issuedPaidFen
    row.paidFen = account.paidFen + account.issuedPaidFen
    row.returnedOutFen = account.returnedOutFen
    row.returnedInFen = account.returnedInFen
    if isRecipient {
      row.receivedFen = account.heldFen
    } else {
      row.heldFen = account.heldFen
      if let (date, approximate) = state.oldestHeld(slot: slot) {
        row.oldestHeld = date
        row.oldestHeldIsApproximate = approximate
      }
    }
    return row
  }

  /// Sums precomputed per-(program, year) rows (a summary snapshot's) for the same selection as
  /// `init(state:program:year:)`: both are sums over accounts, so grouping first gives the same rows.
  init(groups: [Group], state: LedgerState, program: Int32?, year: Int32?) {
    let count = state.holders.count
    own = Array(repeating: Row(), count: count)
    subtree = own
    children = state.holderChildren()
    for group in groups {
      guard program.map({ state.isSubprogram(group.program, of: $0) }) ?? true,
        year.map({ $0 == group.budgetYear }) ?? true
      else { continue }
      for index in 0..<min(count, group.own.count) {
        own[index].add(group.own[index])
        subtree[index].add(group.subtree[index])
      }
    }
  }

  /// One (program, budget year)'s own and subtree rows for every holder that is not a final recipient, in
  /// the order of those holders (what a summary snapshot stores).
  public struct Group: Sendable, Equatable {
    public var program: Int32
    public var budgetYear: Int32
    public var own: [Row]
    public var subtree: [Row]
  }

  /// Every (program, budget year) with an account, each summed over the whole tree, for the holders that
  /// are not final recipients (in holder order). One pass over the accounts; a recipient's row is added to
  /// its parent's subtree only, so the work and memory grow with the number of upper holders, not with
  /// the recipients (a summary is taken at every day end of a 10M-event ledger).
  public static func groups(_ state: LedgerState) -> [Group] { SummaryBuilder.fullPass(state) }

  /// The row of a status report for `holder`: its own arrivals and pass-downs, its subtree's payments and
  /// holdings.
  public func statusRow(_ holder: Int32, isRecipient: Bool) -> Row {
    var row = subtree[Int(holder)]
    let mine = own[Int(holder)]
    row.budgetedFen = mine.budgetedFen
    row.arrivedFen = mine.arrivedFen
    row.passedDownFen = mine.passedDownFen
    row.issuedFen = mine.issuedFen
    if isRecipient { row.paidFen = mine.receivedFen }
    return row
  }
}
