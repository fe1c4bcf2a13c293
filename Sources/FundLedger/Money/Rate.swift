/// Exact percentages computed from integers: 7,873.9983 / 7,900 prints as "99.67%".
///
/// Rates are truncated toward zero, never rounded up, so "100.00%" always means complete: 4,999.9983 of
/// 5,000 prints as 99.99%, as seed 000 prints it, not as a misleading 100.00%.
public enum Rate {
  /// `numerator / denominator` as a percentage with `decimals` places, truncated, or nil when the
  /// denominator is zero (a rate of nothing is not 0% and not 100%: it is undefined).
  public static func percent(_ numerator: Int64, _ denominator: Int64, decimals: Int = 2) -> String? {
    guard denominator != 0 else { return nil }
    var scale: Int64 = 100
    for _ in 0..<decimals { scale *= 10 }
    // Use 128-bit arithmetic so that large fen amounts times the scale cannot overflow.
    let negative = (numerator < 0) != (denominator < 0)
    let num = numerator.magnitude.multipliedFullWidth(by: UInt64(scale))
    let den = denominator.magnitude
    // A quotient beyond 64 bits (a rate in the quadrillions of percent) is not a rate worth printing.
    guard num.high < den else { return nil }
    let q = den.dividingFullWidth(num).quotient
    let text = Money.formatScaled(q, decimals: decimals)
    return (negative && q != 0 ? "-" : "") + text + "%"
  }

  /// Basis points (1/100 of a percent), truncated like `percent`, for comparisons and bars; nil when undefined.
  public static func basisPoints(_ numerator: Int64, _ denominator: Int64) -> Int64? {
    guard denominator > 0, numerator >= 0 else { return nil }
    let num = numerator.magnitude.multipliedFullWidth(by: 10_000)
    guard num.high < denominator.magnitude else { return nil }
    return Int64(denominator.magnitude.dividingFullWidth(num).quotient)
  }
}

extension Money {
  /// Prints an unsigned integer `value` as a decimal with `decimals` implied places.
  static func formatScaled(_ value: UInt64, decimals: Int) -> String {
    guard decimals > 0 else { return String(value) }
    var divisor: UInt64 = 1
    for _ in 0..<decimals { divisor *= 10 }
    var fraction = String(value % divisor)
    fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
    return "\(value / divisor).\(fraction)"
  }
}

extension Rate {
  /// Like `percent`, but rounded half up: for recognising figures a report rounded rather than truncated.
  public static func percentRounded(_ numerator: Int64, _ denominator: Int64, decimals: Int = 2) -> String? {
    guard denominator > 0, numerator >= 0 else { return nil }
    var scale: UInt64 = 100
    for _ in 0..<decimals { scale *= 10 }
    let num = numerator.magnitude.multipliedFullWidth(by: scale)
    let den = denominator.magnitude
    guard num.high < den else { return nil }
    let (q, r) = den.dividingFullWidth(num)
    return Money.formatScaled(q + (r >= den - r ? 1 : 0), decimals: decimals) + "%"
  }
}
