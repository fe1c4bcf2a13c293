/// The point in history a view stands at: the end of a date, and what was known at a recorded time.
///
/// The log is kept in effective-date order and `recorded` grows with seq, so either bound cuts the log at a
/// prefix: the view is "every event up to the first one past the bound".
public struct ReplayBound: Sendable, Equatable {
  /// Include events dated on or before this day.
  public var date: LedgerDate?
  /// Include events recorded at or before this time (ms since 1970, UTC).
  public var knownAtMillis: Int64?
  /// Include events up to this seq (what a recorded audit saw).
  public var seqMax: Int64?

  public init(date: LedgerDate? = nil, knownAtMillis: Int64? = nil, seqMax: Int64? = nil) {
    self.date = date
    self.knownAtMillis = knownAtMillis
    self.seqMax = seqMax
  }

  public static let end = ReplayBound()

  public var isEnd: Bool { date == nil && knownAtMillis == nil && seqMax == nil }

  /// True when `event` lies within the bound.
  ///
  /// Read field by field, and the recorded time as the number the event keeps: replay asks this of every
  /// event, and reading `recorded` made its text and parsed it again (and the whole event was copied first).
  @inline(__always)
  public func includes(_ event: Event) -> Bool {
    if isEnd { return true }
    if let date, event.date > date { return false }
    if let seqMax, let seq = event.seq, seq > seqMax { return false }
    if let knownAtMillis, let millis = event.recordedTime?.millis, millis > knownAtMillis { return false }
    return true
  }
}
