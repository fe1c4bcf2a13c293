/// A calendar date (YYYY-MM-DD) stored as a day number, so that day differences across month and year ends
/// are plain integer subtraction.
public struct LedgerDate: Comparable, Hashable, Sendable, CustomStringConvertible {
  /// Days since 1970-01-01 (proleptic Gregorian).
  public let dayNumber: Int32

  public init(dayNumber: Int32) { self.dayNumber = dayNumber }

  /// Builds a date from its parts, or nil when the day does not exist (2023-02-30).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
      day <= LedgerDate.daysIn(month: month, year: year)
    else { return nil }
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    dayNumber = Int32(era * 146097 + doe - 719468)
  }

  /// Parses exactly "YYYY-MM-DD".
  public init?(_ text: String) {
    // Read the UTF-8 bytes in place: this runs once per line on replay.
    var text = text
    guard let parsed = text.withUTF8({ LedgerDate.parse($0) }) else { return nil }
    self = parsed
  }

  static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> LedgerDate? {
    guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for i in range {
        guard bytes[i] >= 48, bytes[i] <= 57 else { return nil }
        value = value * 10 + Int(bytes[i] - 48)
      }
      return value
    }
    guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
    return LedgerDate(year: y, month: m, day: d)
  }

  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Year, month and day (civil_from_days).
  public var parts: (year: Int, month: Int, day: Int) {
    let z = Int(dayNumber) + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? y + 1 : y, m, d)
  }

  public var description: String {
    let (y, m, d) = parts
    // Written into the string's own storage: every encoded event carries a date.
    guard (0...9999).contains(y) else {
      return LedgerDate.pad(y, 4) + "-" + LedgerDate.pad(m, 2) + "-" + LedgerDate.pad(d, 2)
    }
    return String(unsafeUninitializedCapacity: 10) { out in
      let zero = UInt8(ascii: "0")
      out[0] = zero + UInt8(y / 1000)
      out[1] = zero + UInt8(y / 100 % 10)
      out[2] = zero + UInt8(y / 10 % 10)
      out[3] = zero + UInt8(y % 10)
      out[4] = UInt8(ascii: "-")
      out[5] = zero + UInt8(m / 10)
      out[6] = zero + UInt8(m % 10)
      out[7] = UInt8(ascii: "-")
      out[8] = zero + UInt8(d / 10)
      out[9] = zero + UInt8(d % 10)
      return 10
    }
  }

  /// The date as far as it is known: "2022-11" for a date known only to the month.
  public func text(precision: DatePrecision) -> String {
    let (y, m, _) = parts
    switch precision {
    case .day: return description
    case .month: return LedgerDate.pad(y, 4) + "-" + LedgerDate.pad(m, 2)
    case .year: return LedgerDate.pad(y, 4)
    case .before: return "≤" + description
    }
  }

  public func adding(days: Int32) -> LedgerDate { LedgerDate(dayNumber: dayNumber + days) }

  public static func < (lhs: LedgerDate, rhs: LedgerDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

  static func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
  }
}

/// How much of an event's date the source gives. Seeds often give only a month ("2022 年 11 月"), or no
/// date but a bound ("before Urumqi's issue of 2022-12-20").
public enum DatePrecision: String, Sendable, CaseIterable {
  /// The day is known.
  case day
  /// Only the month is known; `date` is a placement day inside it.
  case month
  /// Only the year is known; `date` is a placement day inside it.
  case year
  /// Only a latest day is known: the event happened on or before `date`.
  case before
}
