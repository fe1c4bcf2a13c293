import XCTest

@testable import FundLedger

final class MoneyTests: XCTestCase {
  func testParsesWanExactly() throws {
    XCTAssertEqual(try Money.parse("4999.9983"), 4_999_998_300)
    XCTAssertEqual(try Money.parse("60.3"), 60_300_000)
    XCTAssertEqual(try Money.parse("1200"), 1_200_000_000)
    XCTAssertEqual(try Money.parse("0.000001"), 1)
    XCTAssertEqual(try Money.parse("-5"), -5_000_000)
    XCTAssertEqual(try Money.parse("12.50", unit: .yuan), 1250)
    XCTAssertEqual(try Money.parse("1.5000000"), 1_500_000, "trailing zeros past the fen are not a fraction of a fen")
  }

  func testRoundTripsTheSeedsFigures() throws {
    for text in ["4999.9983", "60.3", "1200", "7873.9983", "53.48", "0.000001", "0"] {
      XCTAssertEqual(Money.format(try Money.parse(text)), text)
    }
    for text in ["0.01", "12.5", "120000"] {
      XCTAssertEqual(Money.format(try Money.parse(text, unit: .yuan), unit: .yuan), text)
    }
  }

  /// Every amount prints as it parses back, in every unit, over all magnitudes; with fixed decimals the
  /// digits are those of the exact amount padded with zeros when more places are asked for than exist.
  func testFormatRoundTripsAcrossMagnitudes() throws {
    var random = SystemRandomNumberGenerator()
    var values: [Int64] = [0, 1, -1, 9, 10, 99, 100, 1_000_000, -1_000_000, Int64.max, Int64.min + 1]
    var limit: Int64 = 1
    for _ in 1...18 {
      limit *= 10
      for _ in 0..<50 {
        let magnitude = Int64.random(in: 0..<limit, using: &random)
        values += [magnitude, -magnitude]
      }
    }
    for value in values {
      for unit in Money.Unit.allCases {
        let text = Money.format(value, unit: unit)
        XCTAssertEqual(try Money.parse(text, unit: unit), value, text)
        XCTAssertFalse(text.hasSuffix(".") || (text.contains(".") && text.hasSuffix("0")), text)
        let padded = Money.format(value, unit: unit, decimals: unit.decimalsMax + 2)
        XCTAssertEqual(try Money.parse(padded, unit: unit), value, padded)
        XCTAssertEqual(padded.split(separator: ".").last?.count, unit.decimalsMax + 2, padded)
      }
    }
  }

  func testFixedDecimalsRoundHalfAwayFromZero() {
    XCTAssertEqual(Money.format(7_873_998_300, decimals: 2), "7874.00")
    XCTAssertEqual(Money.format(7_873_998_300, decimals: 4), "7873.9983")
    XCTAssertEqual(Money.format(1_200_000_000, decimals: 2), "1200.00")
    XCTAssertEqual(Money.format(-1_250_000, decimals: 1), "-1.3")
    XCTAssertEqual(Money.format(1_234, unit: .yuan, decimals: 0), "12")
    XCTAssertEqual(Money.format(Int64.min), "-9223372036854.775808")
  }

  func testRejectsWhatIsNotAnAmount() {
    XCTAssertThrowsError(try Money.parse("")) { XCTAssertEqual($0 as? MoneyError, .empty) }
    XCTAssertThrowsError(try Money.parse("1e3")) { XCTAssertEqual($0 as? MoneyError, .exponentNotAllowed("1e3")) }
    XCTAssertThrowsError(try Money.parse("0.0000001")) {
      XCTAssertEqual($0 as? MoneyError, .finerThanFen("0.0000001", unit: .wan))
    }
    XCTAssertThrowsError(try Money.parse("1.001", unit: .yuan))
    XCTAssertThrowsError(try Money.parse("12a")) {
      XCTAssertEqual($0 as? MoneyError, .unexpectedCharacter("12a", position: 3))
    }
    XCTAssertThrowsError(try Money.parse("1,200"))
    XCTAssertThrowsError(try Money.parse(" 12"))
    XCTAssertThrowsError(try Money.parse("."))
    XCTAssertThrowsError(try Money.parse("1."))
    XCTAssertThrowsError(try Money.parse("-"))
    XCTAssertThrowsError(try Money.parse("1234567890123456789012345")) {
      XCTAssertEqual($0 as? MoneyError, .overflow("1234567890123456789012345"))
    }
    XCTAssertThrowsError(try Money.parse("9223372036854.775808"), "one fen past Int64.max")
    XCTAssertEqual(try Money.parse("9223372036854.775807"), Int64.max)
    XCTAssertThrowsError(try Money.parsePositive("-5")) { XCTAssertEqual($0 as? MoneyError, .mustBePositive("-5")) }
    XCTAssertThrowsError(try Money.parsePositive("0"))
  }

  func testRatesAreExact() {
    XCTAssertEqual(Rate.percent(7_873_998_300, 7_900_000_000), "99.67%")
    XCTAssertEqual(Rate.percent(39, 65), "60.00%")
    XCTAssertEqual(Rate.percent(4_999_998_300, 5_000_000_000), "99.99%", "truncated, as seed 000 prints it")
    XCTAssertEqual(Rate.percent(4_999_998_300, 5_000_000_000, decimals: 6), "99.999966%")
    XCTAssertEqual(Rate.percent(2, 3), "66.66%")
    XCTAssertEqual(Rate.percent(1_874, 1_900), "98.63%")
    XCTAssertEqual(Rate.percent(1, 0), nil)
    XCTAssertEqual(Rate.percent(Int64.max, Int64.max), "100.00%")
    XCTAssertEqual(Rate.basisPoints(39, 65), 6000)
  }

  func testAddChecksOverflow() {
    XCTAssertThrowsError(try Money.add(Int64.max, 1))
    XCTAssertEqual(try Money.add(1, 2), 3)
  }
}
