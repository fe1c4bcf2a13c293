/// Exact money: amounts are integers of fen (分) in `Int64`, parsed from and printed as decimal strings.
///
/// Seed documents write amounts in 万元 with up to four decimals (4999.9983); one fen is 0.000001 万元, so
/// every figure the seeds print is an exact number of fen and no floating point is ever needed.
public enum Money {
  /// Fen in one 万元.
  public static let fenPerWan: Int64 = 1_000_000
  /// Fen in one 元.
  public static let fenPerYuan: Int64 = 100

  /// The unit an amount is written in.
  public enum Unit: String, Sendable, CaseIterable {
    case wan = "万元"
    case yuan = "元"
    case fen = "分"

    /// Decimal places that still name a whole number of fen.
    public var decimalsMax: Int {
      switch self {
      case .wan: return 6
      case .yuan: return 2
      case .fen: return 0
      }
    }

    var fenPerUnit: Int64 {
      switch self {
      case .wan: return Money.fenPerWan
      case .yuan: return Money.fenPerYuan
      case .fen: return 1
      }
    }

    /// Accepts "万元", "wan", "元", "yuan", "分", "fen".
    public init?(name: String) {
      switch name {
      case "万元", "wan": self = .wan
      case "元", "yuan": self = .yuan
      case "分", "fen": self = .fen
      default: return nil
      }
    }
  }

  /// Parses a plain decimal ("4999.9983", "-5", "60.3") in `unit` into fen, exactly.
  ///
  /// Only digits, one optional leading minus and one optional point are accepted: exponents, spaces,
  /// thousands separators and more decimals than a fen are errors rather than silently rounded.
  public static func parse(_ text: String, unit: Unit = .wan) throws(MoneyError) -> Int64 {
    let bytes = Array(text.utf8)
    if bytes.isEmpty { throw .empty }
    var index = 0
    var negative = false
    if bytes[0] == UInt8(ascii: "-") {
      negative = true
      index = 1
    } else if bytes[0] == UInt8(ascii: "+") {
      index = 1
    }
    var integerDigits: [UInt8] = []
    var fractionDigits: [UInt8] = []
    var seenPoint = false
    while index < bytes.count {
      let byte = bytes[index]
      if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
        if seenPoint { fractionDigits.append(byte - 48) } else { integerDigits.append(byte - 48) }
      } else if byte == UInt8(ascii: "."), !seenPoint {
        seenPoint = true
      } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
        throw .exponentNotAllowed(text)
      } else {
        throw .unexpectedCharacter(text, position: index + 1)
      }
      index += 1
    }
    if integerDigits.isEmpty && fractionDigits.isEmpty { throw .noDigits(text) }
    if seenPoint && fractionDigits.isEmpty { throw .noDigits(text) }
    // Trailing zeros beyond the fen are harmless ("1.50000000" 元); anything else is a fraction of a fen.
    while fractionDigits.count > unit.decimalsMax, fractionDigits.last == 0 {
      fractionDigits.removeLast()
    }
    if fractionDigits.count > unit.decimalsMax {
      throw .finerThanFen(text, unit: unit)
    }
    var fen: Int64 = 0
    for digit in integerDigits {
      fen = try multiplyAdd(fen, 10, Int64(digit), text)
    }
    fen = try multiplyAdd(fen, unit.fenPerUnit, 0, text)
    var scale = unit.fenPerUnit
    for digit in fractionDigits {
      scale /= 10
      fen = try multiplyAdd(Int64(digit), scale, fen, text)
    }
    return negative ? -fen : fen
  }

  /// Parses an amount that an event requires to be positive.
  public static func parsePositive(_ text: String, unit: Unit = .wan) throws(MoneyError) -> Int64 {
    let fen = try parse(text, unit: unit)
    if fen <= 0 { throw .mustBePositive(text) }
    return fen
  }

  private static func multiplyAdd(_ a: Int64, _ b: Int64, _ c: Int64, _ text: String) throws(MoneyError)
    -> Int64
  {
    let (product, overflow1) = a.multipliedReportingOverflow(by: b)
    if overflow1 { throw .overflow(text) }
    let (sum, overflow2) = product.addingReportingOverflow(c)
    if overflow2 { throw .overflow(text) }
    return sum
  }

  /// Prints fen in `unit`. With `decimals` nil, trailing zeros are trimmed the way the seeds write figures
  /// (60.3, 1200, 4999.9983); with a number, exactly that many places are printed, rounding half away from zero.
  public static func format(_ fen: Int64, unit: Unit = .wan, decimals: Int? = nil) -> String {
    let per = unit.fenPerUnit
    let negative = fen < 0
    // Work in UInt64 so that Int64.min prints correctly.
    let magnitude = fen.magnitude
    var whole = magnitude / UInt64(per)
    var fraction = magnitude % UInt64(per)
    var places = unit.decimalsMax
    if let decimals, decimals < places {
      var divisor: UInt64 = 1
      for _ in 0..<(places - decimals) { divisor *= 10 }
      var rounded = fraction / divisor
      if fraction % divisor * 2 >= divisor { rounded += 1 }
      var limit: UInt64 = 1
      for _ in 0..<decimals { limit *= 10 }
      if rounded >= limit {
        rounded -= limit
        whole += 1
      }
      fraction = rounded
      places = decimals
    }
    // Written as bytes from the right, with no buffer of its own: a register prints tens of thousands of
    // amounts. At most 20 digits of whole, a sign, a point and `width` decimals.
    let width = max(places, decimals ?? 0)
    // The fraction's digits to print: trailing zeros trimmed unless `decimals` fixes them, then the zeros
    // that pad `places` out to `decimals`.
    var fractionDigits = fraction
    var fractionCount = places
    if decimals == nil {
      while fractionCount > 0, fractionDigits % 10 == 0 {
        fractionDigits /= 10
        fractionCount -= 1
      }
    }
    let padCount = width - places
    let printsFraction = fractionCount + padCount > 0
    var wholeCount = 1
    var rest = whole / 10
    while rest > 0 {
      wholeCount += 1
      rest /= 10
    }
    let signed = negative && (whole != 0 || fraction != 0)
    let count = (signed ? 1 : 0) + wholeCount + (printsFraction ? 1 + fractionCount + padCount : 0)
    return String(unsafeUninitializedCapacity: count) { out in
      var at = count
      func put(_ byte: UInt8) {
        at -= 1
        out[at] = byte
      }
      if printsFraction {
        for _ in 0..<padCount { put(UInt8(ascii: "0")) }
        for _ in 0..<fractionCount {
          put(UInt8(ascii: "0") + UInt8(fractionDigits % 10))
          fractionDigits /= 10
        }
        put(UInt8(ascii: "."))
      }
      for _ in 0..<wholeCount {
        put(UInt8(ascii: "0") + UInt8(whole % 10))
        whole /= 10
      }
      if signed { put(UInt8(ascii: "-")) }
      return count
    }
  }

  /// Adds with an overflow check; ledgers never wrap around.
  public static func add(_ a: Int64, _ b: Int64) throws(MoneyError) -> Int64 {
    let (sum, overflow) = a.addingReportingOverflow(b)
    if overflow { throw .overflow("\(a) + \(b)") }
    return sum
  }
}
