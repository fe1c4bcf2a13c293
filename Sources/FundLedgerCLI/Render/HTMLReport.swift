import FundLedger

/// The self-contained HTML report: the Sankey diagram, the status tables with execution-rate bars, audit
/// findings and evaluation scores, each section stating the date and ledger it was computed from. No
/// scripts, no external fonts or images; printable on A4.
enum HTMLReport {
  struct Section {
    var title: String
    var body: String
  }

  static func page(title: String, provenance: String, sections: [Section]) -> String {
    var out = """
      <!DOCTYPE html>
      <html lang="zh-CN">
      <head>
      <meta charset="utf-8">
      <title>\(XML.escape(title))</title>
      <style>
      @page { size: A4; margin: 12mm; }
      body { font-family: 'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif; color: #222; margin: 24px; font-size: 13px; }
      h1 { font-size: 20px; margin: 0 0 4px; }
      h2 { font-size: 16px; border-bottom: 2px solid #1f6fb2; padding-bottom: 3px; margin-top: 28px; }
      .provenance { color: #666; font-size: 11px; margin: 2px 0 10px; word-break: break-all; }
      table { border-collapse: collapse; margin: 6px 0; }
      th, td { border: 1px solid #ccc; padding: 3px 6px; }
      th { background: #eef3f8; font-weight: 600; }
      td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
      tr.total td { font-weight: 600; background: #f6f6f6; }
      .bar { display: inline-block; height: 9px; background: #2a9d8f; vertical-align: middle; margin-left: 4px; }
      .bar.low { background: #d62728; }
      .sev-error { color: #b00020; font-weight: 600; }
      .sev-warning { color: #b26a00; font-weight: 600; }
      .sev-info { color: #666; }
      .sankey { overflow-x: auto; }
      .sankey svg { max-width: 100%; height: auto; }
      .note { color: #555; font-size: 11px; }
      @media print { h2 { page-break-after: avoid; } table { page-break-inside: auto; } tr { page-break-inside: avoid; } .sankey svg { max-height: 250mm; } }
      </style>
      </head>
      <body>
      <h1>\(XML.escape(title))</h1>
      <p class="provenance">\(XML.escape(provenance))</p>

      """
    for section in sections {
      out += "<section>\n<h2>\(XML.escape(section.title))</h2>\n\(section.body)\n</section>\n"
    }
    out += "</body>\n</html>\n"
    return out
  }

  /// A report value as an HTML table: amounts in 万元 right-aligned (exact fen in `data-fen`), rates with a bar.
  static func table(_ report: Report, style: AmountStyle, id: String) -> String {
    var out = "<table id=\"\(id)\">\n<tr>"
    for column in report.columns {
      out += "<th>\(XML.escape(column.kind == .amount ? "\(column.title)（\(style.unit.rawValue)）" : column.title))</th>"
    }
    out += "</tr>\n"
    func row(_ cells: [Cell], total: Bool) {
      out += total ? "<tr class=\"total\">" : "<tr>"
      for (i, cell) in cells.enumerated() where i < report.columns.count {
        let key = report.columns[i].key
        switch cell {
        case .amount(let fen):
          out += "<td class=\"num\" data-key=\"\(key)\" data-fen=\"\(fen)\">\(XML.escape(style.text(fen)))</td>"
        case .rate(let num, let den):
          let text = Rate.percent(num, den) ?? "—"
          var bar = ""
          if let bp = Rate.basisPoints(num, den) {
            let width = min(bp, 10_000) * 60 / 10_000
            bar = "<span class=\"bar\(bp < 10_000 ? " low" : "")\" style=\"width:\(width)px\"></span>"
          }
          out += "<td class=\"num\" data-key=\"\(key)\">\(XML.escape(text))\(bar)</td>"
        case .integer(let value): out += "<td class=\"num\" data-key=\"\(key)\">\(value)</td>"
        default:
          let text = ReportRenderer.cellText(cell, style: style)
          out += "<td data-key=\"\(key)\">\(XML.escape(text))</td>"
        }
      }
      out += "</tr>\n"
    }
    for cells in report.rows { row(cells, total: false) }
    for cells in report.footer { row(cells, total: true) }
    out += "</table>\n"
    for note in report.notes { out += "<p class=\"note\">\(XML.escape(note))</p>\n" }
    return out
  }
}
