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

  /// The table as the renderer once wrote it, one `String` a cell: the specification `TableCells` must
  /// meet byte for byte.
  private func referenceTable(_ report: Report, style: AmountStyle) -> String {
    let columnCount = report.columns.count
    let titles = report.columns.map { $0.kind == .amount ? "\($0.title)(\(style.unit.rawValue))" : $0.title }
    func texts(_ rows: [[Cell]]) -> [[String]] {
      rows.map { $0.prefix(columnCount).map { ReportRenderer.cellText($0, style: style) } }
    }
    let body = texts(report.rows)
    let foot = texts(report.footer)
    var widths = titles.map(DisplayWidth.of)
    for row in body + foot {
      for (i, text) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(text)) }
    }
    let right = report.columns.map { [.amount, .rate, .integer].contains($0.kind) }
    func line(_ cells: [String]) -> String {
      var out = ""
      for (i, text) in cells.enumerated() {
        if i > 0 { out += "  " }
        let fill = String(repeating: " ", count: widths[i] - DisplayWidth.of(text))
        out += right[i] ? fill + text : text + fill
      }
      while out.hasSuffix(" ") { out.removeLast() }
      return out + "\n"
    }
    let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
    var out = report.title.isEmpty ? "" : report.title + "\n"
    out += line(titles) + rule + body.map(line).joined()
    if !foot.isEmpty { out += rule + foot.map(line).joined() }
    return out + report.notes.map { $0 + "\n" }.joined()
  }

  func testTheTableMatchesTheOneStringACellReference() {
    let columns = [
      Column("n", "序号", .integer), Column("who", "单位", .holder), Column("amount", "金额", .amount),
      Column("rate", "执行率", .rate), Column("note", "note"),
    ]
    // Negative and extreme integers, indented names, 汉字, a combining mark (no width), trailing blanks,
    // empty cells, rows shorter and longer than the columns; enough rows to be split over the cores.
    var rows: [[Cell]] = []
    for i in 0..<6_000 {
      let n: Int64 = i == 0 ? .min : i == 1 ? .max : Int64(i) * (i % 2 == 0 ? -37 : 41)
      var row: [Cell] = [
        .integer(n), .named(id: "h\(i)", name: i % 3 == 0 ? "新疆维吾尔自治区\(i)" : "firm\(i)", indent: i % 4),
        .amount(Int64(i % 5 == 0 ? -i : i) * 98_765_431), .rate(Int64(i), Int64(i % 9)),
        .text(i % 11 == 0 ? "e\u{301}  " : i % 13 == 0 ? "" : "d-\(i)"),
      ]
      if i % 17 == 0 { row.removeLast(2) }
      if i % 19 == 0 { row.append(.text("beyond the columns")) }
      if i % 23 == 0 { row[2] = .empty }
      if i % 29 == 0 { row = [.empty, .text(" "), .empty] }
      rows.append(row)
    }
    let footer: [[Cell]] = [[.empty, .text("合计"), .amount(123_456_789_012), .rate(1, 3), .text("")]]
    for style in [AmountStyle(), AmountStyle(unit: .yuan, decimals: 3)] {
      for report in [
        Report(title: "t", columns: columns, rows: rows, footer: footer, notes: ["a note", "另一条"]),
        Report(title: "", columns: columns, rows: Array(rows.prefix(3))),
        Report(title: "empty", columns: columns),
      ] {
        XCTAssertEqual(ReportRenderer.table(report, style: style), referenceTable(report, style: style))
      }
    }
  }

  func testPartsComeBackInOrder() {
    for count in [0, 1, 2, 3, 255, 4_097, 10_000] {
      let parts = Parallel.map(count: count, partCountMin: 1) { Array($0) }
      XCTAssertEqual(parts.flatMap { $0 }, Array(0..<count))
      XCTAssertLessThanOrEqual(parts.count, max(1, count))
    }
  }
}
