/// One holder on the way down from an origin: how much of that origin reached it and what became of it.
///
/// At every node: `inFen + returnedBackFen = passedOnFen + paidFen + heldFen + returnedFen`, to the fen
/// (what came in, plus what came back up from below, is what went on, was paid, is held or was sent back).
public struct TraceNode: Sendable, Equatable {
  public var holder: Int32
  public var inFen: Int64 = 0
  /// Passed on to holders that are not final recipients.
  public var passedOnFen: Int64 = 0
  /// Paid to final recipients.
  public var paidFen: Int64 = 0
  public var heldFen: Int64 = 0
  /// Sent back up to the holder above.
  public var returnedFen: Int64 = 0
  /// Came back up from holders below.
  public var returnedBackFen: Int64 = 0
  /// Arrival date of the oldest money of this origin still held here.
  public var oldestHeld: LedgerDate?
  /// The events that brought this origin's money here (record indices), in order.
  public var records: [Int32] = []
  public var children: [TraceNode] = []

  public init(holder: Int32) { self.holder = holder }
}
