import FundLedger

/// The output formats every query command offers.
public enum Format: String, Sendable, CaseIterable {
  case table
  case csv
  case json
}

/// How amounts are shown: the unit (万元 by default) and fixed decimals if asked for.
public struct AmountStyle: Sendable {
  public var unit: Money.Unit = .wan
  public var decimals: Int?

  public init(unit: Money.Unit = .wan, decimals: Int? = nil) {
    self.unit = unit
    self.decimals = decimals
  }

  public func text(_ fen: Int64) -> String { Money.format(fen, unit: unit, decimals: decimals) }
}

/// Renders a `Report` in one of the formats; the only place report values become text.
public enum ReportRenderer {
  public static func render(_ report: Report, format: Format, style: AmountStyle) -> String {
    switch format {
    case .table: return table(report, style: style)
    case .csv: return csv(report, style: style)
    case .json: return json(report, style: style)
    }
  }

  static func cellText(_ cell: Cell, style: AmountStyle) -> String {
    switch cell {
    case .text(let text): return text
    case .amount(let fen): return style.text(fen)
    case .rate(let num, let den): return Rate.percent(num, den) ?? "—"
    case .integer(let value): return String(value)
    case .named(_, let name, let indent): return String(repeating: "  ", count: indent) + name
    case .empty: return ""
    }
  }

  /// Columns padded to their widest cell in display columns (a 汉字 takes two), two spaces apart, no
  /// trailing blanks. Each cell is written once as bytes (`TableCells`), the body's rows on all cores: a
  /// register of tens of thousands of rows is printed in milliseconds.
  public static func table(_ report: Report, style: AmountStyle) -> String {
    let columnCount = report.columns.count
    var head = TableCells(columnCount: columnCount)
    head.append(
      texts: report.columns.map { column in
        column.kind == .amount ? "\(column.title)(\(style.unit.rawValue))" : column.title
      })
    let rows = report.rows
    let parts = Parallel.map(count: rows.count) { range in
      var cells = TableCells(columnCount: columnCount, rowCount: range.count)
      for row in rows[range] { cells.append(row: row, style: style) }
      return cells
    }
    var foot = TableCells(columnCount: columnCount)
    for row in report.footer { foot.append(row: row, style: style) }
    var widths = head.columnWidths
    for cells in parts + [foot] {
      for (i, width) in cells.columnWidths.enumerated() { widths[i] = max(widths[i], width) }
    }
    let rightAligned = report.columns.map { [.amount, .rate, .integer].contains($0.kind) }
    let bodies = Parallel.map(count: parts.count, partCountMin: 1) { [widths] range in
      range.map { parts[$0].lines(widths: widths, rightAligned: rightAligned) }
    }.flatMap { $0 }
    // The pieces are copied once, into the string itself.
    var pieces: [[UInt8]] = []
    func text(_ line: String) { pieces.append(Array(line.utf8) + [0x0A]) }
    if !report.title.isEmpty { text(report.title) }
    pieces.append(head.lines(widths: widths, rightAligned: rightAligned))
    let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
    text(rule)
    pieces += bodies
    if foot.rowCount > 0 {
      text(rule)
      pieces.append(foot.lines(widths: widths, rightAligned: rightAligned))
    }
    for note in report.notes { text(note) }
    return String(unsafeUninitializedCapacity: pieces.reduce(0) { $0 + $1.count }) { out in
      var at = 0
      for piece in pieces {
        piece.withUnsafeBufferPointer { bytes in
          guard let source = bytes.baseAddress else { return }
          (out.baseAddress! + at).initialize(from: source, count: bytes.count)
        }
        at += piece.count
      }
      return at
    }
  }

  /// RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break.
  public static func csv(_ report: Report, style: AmountStyle) -> String {
    var out: [UInt8] = []
    func field(_ text: String, first: Bool = false) {
      if !first { out.append(UInt8(ascii: ",")) }
      let quoted = text.utf8.contains {
        $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D
      }
      guard quoted else { return out.append(contentsOf: text.utf8) }
      out.append(UInt8(ascii: "\""))
      for byte in text.utf8 {
        if byte == UInt8(ascii: "\"") { out.append(byte) }
        out.append(byte)
      }
      out.append(UInt8(ascii: "\""))
    }
    func endLine() { out.append(contentsOf: [0x0D, 0x0A]) }
    var header: [String] = []
    for column in report.columns {
      switch column.kind {
      case .amount: header += [column.key + "_fen", column.key]
      case .holder: header += [column.key + "_id", column.key]
      default: header.append(column.key)
      }
    }
    for (i, name) in header.enumerated() { field(name, first: i == 0) }
    endLine()
    for row in report.rows + report.footer {
      for (i, cell) in row.enumerated() where i < report.columns.count {
        let first = i == 0
        switch (report.columns[i].kind, cell) {
        case (.amount, .amount(let fen)):
          field(String(fen), first: first)
          field(style.text(fen))
        case (.amount, _):
          field("", first: first)
          field(cellText(cell, style: style))
        case (.holder, .named(let id, let name, _)):
          field(id, first: first)
          field(name)
        case (.holder, _):
          field("", first: first)
          field(cellText(cell, style: style))
        case (_, .rate(let num, let den)): field(Rate.percent(num, den) ?? "", first: first)
        default: field(cellText(cell, style: style).trimmingLeadingSpaces, first: first)
        }
      }
      endLine()
    }
    return String(decoding: out, as: UTF8.self)
  }

  public static func json(_ report: Report, style: AmountStyle) -> String {
    var w = JSONWriter()
    w.beginObject()
    w.field("title", report.title)
    w.field("unit", style.unit.rawValue)
    func rows(_ key: String, _ rows: [[Cell]]) {
      w.key(key)
      w.beginArray()
      for row in rows {
        w.beginObject()
        for (i, cell) in row.enumerated() where i < report.columns.count {
          let key = report.columns[i].key
          switch cell {
          case .amount(let fen):
            w.field(key + "_fen", fen)
            w.field(key, style.text(fen))
          case .rate(let num, let den):
            w.key(key)
            if let text = Rate.percent(num, den) { w.string(text) } else { w.null() }
          case .integer(let value): w.field(key, value)
          case .named(let id, let name, let indent):
            w.key(key)
            w.beginObject()
            w.field("id", id)
            w.field("name", name)
            if indent > 0 { w.field("depth", Int64(indent)) }
            w.endObject()
          case .text(let text): w.field(key, text)
          case .empty:
            w.key(key)
            w.null()
          }
        }
        w.endObject()
      }
      w.endArray()
    }
    rows("rows", report.rows)
    if !report.footer.isEmpty { rows("totals", report.footer) }
    if !report.notes.isEmpty {
      w.key("notes")
      w.beginArray()
      for note in report.notes { w.string(note) }
      w.endArray()
    }
    w.endObject()
    return w.text + "\n"
  }
}

extension String {
  func replacingOccurrences(_ target: String, _ replacement: String) -> String {
    var out = ""
    var rest = self[...]
    while let range = rest.firstRange(of: target) {
      out += rest[..<range.lowerBound]
      out += replacement
      rest = rest[range.upperBound...]
    }
    return out + rest
  }

  var trimmingLeadingSpaces: String { String(drop(while: { $0 == " " })) }
}
