/// What the projection keeps of each event: enough to index, correct and trace it, without the whole line.
///
/// A 10M-event ledger keeps 10M of these, so the layout is watched (72 bytes, checked by a test): widest
/// fields first, since Swift keeps declaration order; no seq, since record i is the event of seq i + 1
/// (`LedgerState.seq(ofRecord:)`); the document number as a slot in
/// `LedgerState.docs` (most events carry none, and a `String?` is 16 bytes); one range serving as the lots
/// of a movement or the return pieces of a `return`, which creates no lots; the budget year in 16 bits.
public struct EventRecord: Equatable, Sendable {
  public var id: String
  public var amountFen: Int64 = 0
  /// Byte offset of the event's line in the log (-1 when not known), so that an append of the same id can
  /// read the original back and tell an identical re-append from a clash. Kept instead of a digest because
  /// computing a digest on every apply costs more than reading one line on the rare clash.
  public var lineOffset: Int64 = -1
  public var date: LedgerDate
  /// Holder indices for money events (from, to), budget (holder in `to`); -1 otherwise.
  public var from: Int32 = -1
  public var to: Int32 = -1
  public var program: Int32 = -1
  /// Lots created by a movement, or return pieces made by a `return` (see `lotStart`, `pieceStart`).
  private var spanStart: Int32 = 0
  private var spanEnd: Int32 = 0
  /// Record index of the correction that reversed this event, or -1.
  public var correctedBy: Int32 = -1
  /// For a correction, the record index of its target; -1 otherwise.
  public var target: Int32 = -1
  /// The event's document number as a slot in `LedgerState.docs`, or -1 (`LedgerState.doc(of:)`).
  public var docSlot: Int32 = -1
  private var budgetYearStored: Int16 = 0
  public var type: EventType
  public var datePrecision: DatePrecision

  public init(
    id: String, type: EventType, date: LedgerDate, datePrecision: DatePrecision, lineOffset: Int64 = -1
  ) {
    self.id = id
    self.type = type
    self.date = date
    self.datePrecision = datePrecision
    self.lineOffset = lineOffset
  }

  /// The budget year, 0 when the event has none; 16 bits hold it, since the decoder accepts 1900–9999 only.
  public var budgetYear: Int32 {
    get { Int32(budgetYearStored) }
    set { budgetYearStored = Int16(truncatingIfNeeded: newValue) }
  }

  /// Lots created by this event: `lotStart..<lotEnd` (0..<0 for a `return`; setting it there does nothing).
  public var lotStart: Int32 {
    get { type == .return ? 0 : spanStart }
    set { if type != .return { spanStart = newValue } }
  }
  public var lotEnd: Int32 {
    get { type == .return ? 0 : spanEnd }
    set { if type != .return { spanEnd = newValue } }
  }

  /// Return pieces made by this event: `pieceStart..<pieceEnd` (0..<0 unless a `return`).
  public var pieceStart: Int32 {
    get { type == .return ? spanStart : 0 }
    set { if type == .return { spanStart = newValue } }
  }
  public var pieceEnd: Int32 {
    get { type == .return ? spanEnd : 0 }
    set { if type == .return { spanEnd = newValue } }
  }

  public var dateText: String { date.text(precision: datePrecision) }

  /// The one range that is a movement's lots or a return's pieces, as stored (snapshots write it so).
  var span: (start: Int32, end: Int32) {
    get { (spanStart, spanEnd) }
    set { (spanStart, spanEnd) = newValue }
  }
}

/// Money sent back up from a child lot into its parent lot by a `return` event.
public struct ReturnPiece: Equatable, Sendable {
  public var child: Int32
  public var parent: Int32
  public var amountFen: Int64
  public var reversed: Bool = false
}
