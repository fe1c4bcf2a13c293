/// What the projection keeps of each event: enough to index, correct and trace it, without the whole line.
public struct EventRecord: Equatable, Sendable {
  // Widest fields first (Swift keeps declaration order): 104 bytes a record instead of 112.
  public var seq: Int64
  public var id: String
  public var doc: String?
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
  public var budgetYear: Int32 = 0
  /// Lots created by this event: `lotStart..<lotEnd`.
  public var lotStart: Int32 = 0
  public var lotEnd: Int32 = 0
  /// Return pieces made by this event: `pieceStart..<pieceEnd`.
  public var pieceStart: Int32 = 0
  public var pieceEnd: Int32 = 0
  /// Record index of the correction that reversed this event, or -1.
  public var correctedBy: Int32 = -1
  /// For a correction, the record index of its target; -1 otherwise.
  public var target: Int32 = -1
  public var type: EventType
  public var datePrecision: DatePrecision

  public init(
    seq: Int64, id: String, type: EventType, date: LedgerDate, datePrecision: DatePrecision, doc: String? = nil,
    lineOffset: Int64 = -1
  ) {
    self.seq = seq
    self.id = id
    self.type = type
    self.date = date
    self.datePrecision = datePrecision
    self.doc = doc
    self.lineOffset = lineOffset
  }

  public var dateText: String { date.text(precision: datePrecision) }
}

/// Money sent back up from a child lot into its parent lot by a `return` event.
public struct ReturnPiece: Equatable, Sendable {
  public var child: Int32
  public var parent: Int32
  public var amountFen: Int64
  public var reversed: Bool = false
}
