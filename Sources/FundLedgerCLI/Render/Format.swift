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

  public static func table(_ report: Report, style: AmountStyle) -> String {
    let titles = report.columns.map { column -> String in
      column.kind == .amount ? "\(column.title)(\(style.unit.rawValue))" : column.title
    }
    let body = report.rows.map { $0.map { cellText($0, style: style) } }
    let foot = report.footer.map { $0.map { cellText($0, style: style) } }
    var widths = titles.map(DisplayWidth.of)
    for row in body + foot {
      for (i, text) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(text)) }
    }
    let rightAligned = report.columns.map { [.amount, .rate, .integer].contains($0.kind) }
    func line(_ cells: [String]) -> String {
      var parts: [String] = []
      for (i, text) in cells.enumerated() where i < widths.count {
        parts.append(DisplayWidth.pad(text, to: widths[i], right: rightAligned[i]))
      }
      var out = parts.joined(separator: "  ")
      while out.last == " " { out.removeLast() }
      return out
    }
    var out = ""
    if !report.title.isEmpty { out += report.title + "\n" }
    out += line(titles) + "\n"
    let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
    out += rule + "\n"
    for row in body { out += line(row) + "\n" }
    if !foot.isEmpty {
      out += rule + "\n"
      for row in foot { out += line(row) + "\n" }
    }
    for note in report.notes { out += note + "\n" }
    return out
  }

  /// RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break.
  public static func csv(_ report: Report, style: AmountStyle) -> String {
    func field(_ text: String) -> String {
      if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
        return "\"" + text.replacingOccurrences("\"", "\"\"") + "\""
      }
      return text
    }
    var header: [String] = []
    for column in report.columns {
      switch column.kind {
      case .amount: header += [column.key + "_fen", column.key]
      case .holder: header += [column.key + "_id", column.key]
      default: header.append(column.key)
      }
    }
    var out = header.map(field).joined(separator: ",") + "\r\n"
    for row in report.rows + report.footer {
      var cells: [String] = []
      for (i, cell) in row.enumerated() where i < report.columns.count {
        switch (report.columns[i].kind, cell) {
        case (.amount, .amount(let fen)): cells += [String(fen), style.text(fen)]
        case (.amount, _): cells += ["", cellText(cell, style: style)]
        case (.holder, .named(let id, let name, _)): cells += [id, name]
        case (.holder, _): cells += ["", cellText(cell, style: style)]
        case (_, .rate(let num, let den)): cells.append(Rate.percent(num, den) ?? "")
        default: cells.append(cellText(cell, style: style).trimmingLeadingSpaces)
        }
      }
      out += cells.map(field).joined(separator: ",") + "\r\n"
    }
    return out
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
    while let range = rest.range(of: target) {
      out += rest[..<range.lowerBound]
      out += replacement
      rest = rest[range.upperBound...]
    }
    return out + rest
  }

  var trimmingLeadingSpaces: String { String(drop(while: { $0 == " " })) }
}
