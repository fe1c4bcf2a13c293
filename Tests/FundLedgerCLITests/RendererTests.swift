import FundLedger
import XCTest

@testable import FundLedgerCLI

/// The table and CSV renderers on a table long enough to be measured in parts on several cores.
final class RendererTests: XCTestCase {
  func testALongTableKeepsRowOrderAndOneWidthPerColumn() throws {
    let count = 5_000
    func name(_ i: Int) -> String { i % 3 == 0 ? "哈密市\(i)" : "firm\(i)" }
    func amount(_ i: Int) -> String { Money.format(Int64(i) * 1_234_567) }
    let rows: [[Cell]] = (0..<count).map { i in
      [
        .integer(Int64(i)), .named(id: "h\(i)", name: name(i), indent: 0), .amount(Int64(i) * 1_234_567),
        i % 7 == 0 ? .empty : .text("d-\(i)"),
      ]
    }
    let columns = [
      Column("seq", "seq", .integer), Column("who", "对方", .holder), Column("amount", "金额", .amount), Column("id", "id"),
    ]
    let report = Report(title: "t", columns: columns, rows: rows)
    let lines = ReportRenderer.table(report, style: AmountStyle()).split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.count, count + 3)
    var nameStarts: Set<Int> = []
    var amountEnds: Set<Int> = []
    for (i, line) in lines[3...].enumerated() {
      XCTAssertTrue(line.hasPrefix(String(repeating: " ", count: 4 - String(i).count) + String(i) + "  "), line)
      let nameRange = try XCTUnwrap(line.range(of: name(i)))
      let amountRange = try XCTUnwrap(line.range(of: " " + amount(i), range: nameRange.upperBound..<line.endIndex))
      nameStarts.insert(DisplayWidth.of(String(line[..<nameRange.lowerBound])))
      amountEnds.insert(DisplayWidth.of(String(line[..<amountRange.upperBound])))
    }
    XCTAssertEqual(nameStarts, [6], "names start in one column")
    XCTAssertEqual(amountEnds.count, 1, "amounts end in one column (汉字 count two)")
    let csv = ReportRenderer.csv(report, style: AmountStyle()).components(separatedBy: "\r\n")
    XCTAssertEqual(csv.count, count + 2)
    XCTAssertEqual(csv[1 + 4_321], "4321,h4321,firm4321,\(Int64(4_321) * 1_234_567),\(amount(4_321)),d-4321")
    XCTAssertEqual(csv[1 + 4_200], "4200,h4200,哈密市4200,\(Int64(4_200) * 1_234_567),\(amount(4_200)),")
  }

  func testPartsComeBackInOrder() {
    for count in [0, 1, 2, 3, 255, 4_097, 10_000] {
      let parts = Parallel.map(count: count, partCountMin: 1) { Array($0) }
      XCTAssertEqual(parts.flatMap { $0 }, Array(0..<count))
      XCTAssertLessThanOrEqual(parts.count, max(1, count))
    }
  }
}
