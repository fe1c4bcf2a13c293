/// The days an event may have happened on, given its date precision: a day, a month, a year, or any day
/// up to a bound. Rules that count days use it to tell "certainly late" from "cannot be decided".
public struct DayInterval: Sendable, Equatable {
  public var low: Int32
  public var high: Int32

  /// Far enough in the past for "any day before".
  static let unbounded: Int32 = -1_000_000

  public init(low: Int32, high: Int32) {
    self.low = low
    self.high = high
  }

  public init(_ date: LedgerDate, _ precision: DatePrecision) {
    let (y, m, _) = date.parts
    switch precision {
    case .day: self.init(low: date.dayNumber, high: date.dayNumber)
    case .month:
      let first = LedgerDate(year: y, month: m, day: 1)!
      self.init(low: first.dayNumber, high: first.dayNumber + Int32(LedgerDate.daysIn(month: m, year: y)) - 1)
    case .year:
      self.init(
        low: LedgerDate(year: y, month: 1, day: 1)!.dayNumber, high: LedgerDate(year: y, month: 12, day: 31)!.dayNumber)
    case .before: self.init(low: DayInterval.unbounded, high: date.dayNumber)
    }
  }

  /// The range of days from `self` to `later`, knowing `later` did not happen before `self`. The high end
  /// is `unknownDays` when `self` has no lower bound.
  public func days(until later: DayInterval) -> (low: Int32, high: Int32) {
    let laterLow = max(later.low, low)
    let lowDays = max(0, laterLow - high)
    let highDays = low == DayInterval.unbounded ? DayInterval.unknownDays : max(lowDays, later.high - low)
    return (lowDays, highDays)
  }

  /// Stands for "no upper bound on the number of days".
  public static let unknownDays: Int32 = 1_000_000
}
