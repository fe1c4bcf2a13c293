/// One row of a holder's register before its running balance is summed: what the event did to the
/// holder's money, with the counterpart and strings resolved.
///
/// The register is built from three sources (the event records of a full snapshot, the replay, and a
/// register snapshot's log lines); each makes entries, and `HistoryQuery.rows(_:from:)` alone turns them
/// into rows, so the three cannot drift apart in how a balance is summed or a row is printed.
public struct HistoryEntry: Equatable, Sendable {
  public var seq: Int64
  public var date: LedgerDate
  public var dateText: String
  /// The event type, or `correct(TARGET)` for a correction.
  public var typeText: String
  public var counterpartID: String
  public var counterpartName: String
  public var programID: String
  public var budgetYear: Int32
  public var amountFen: Int64
  /// Money came to the holder (for a correction: the reversal brought it back).
  public var incoming: Bool
  /// The holder issued this allocation from its own budget: no in, no out, no balance.
  public var isIssuer: Bool
  /// The event moves the holder's account balance: not an issue from the holder's own budget, nor the
  /// correction of one.
  public var movesBalance: Bool
  public var doc: String
  public var id: String

  /// The entry of a money movement (allocate, redistribute, disburse, return) for the holder `holderID`,
  /// from the movement's own fields; nil when the event is not a movement or does not name the holder.
  public init?(movement event: Event, holderID: String, counterpartName: String) {
    guard event.type.movesMoney, let from = event.from, let to = event.to, from == holderID || to == holderID,
      let program = event.program, let budgetYear = event.budgetYear, let amountFen = event.amountFen,
      let seq = event.seq
    else { return nil }
    let isIssuer = event.type == .allocate && from == holderID
    self.init(
      seq: seq, date: event.date, dateText: event.dateText, typeText: event.type.rawValue,
      counterpartID: to == holderID ? from : to, counterpartName: counterpartName, programID: program,
      budgetYear: Int32(budgetYear), amountFen: amountFen, incoming: to == holderID, isIssuer: isIssuer,
      movesBalance: !isIssuer, doc: event.doc ?? "", id: event.id)
  }

  /// The entry of `correction`, which reverses the movement `target` shows: the same account, counterpart
  /// and amount, the money flowing the other way.
  public init(correction: Event, of target: HistoryEntry) {
    self = target
    seq = correction.seq ?? 0
    date = correction.date
    dateText = correction.dateText
    typeText = "correct(\(target.id))"
    incoming = !target.incoming
    isIssuer = false
    doc = correction.doc ?? ""
    id = correction.id
  }

  public init(
    seq: Int64, date: LedgerDate, dateText: String, typeText: String, counterpartID: String, counterpartName: String,
    programID: String, budgetYear: Int32, amountFen: Int64, incoming: Bool, isIssuer: Bool, movesBalance: Bool,
    doc: String, id: String
  ) {
    self.seq = seq
    self.date = date
    self.dateText = dateText
    self.typeText = typeText
    self.counterpartID = counterpartID
    self.counterpartName = counterpartName
    self.programID = programID
    self.budgetYear = budgetYear
    self.amountFen = amountFen
    self.incoming = incoming
    self.isIssuer = isIssuer
    self.movesBalance = movesBalance
    self.doc = doc
    self.id = id
  }
}
