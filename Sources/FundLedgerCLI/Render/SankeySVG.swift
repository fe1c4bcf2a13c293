import FundLedger

/// Draws a `SankeyLayout` as a self-contained SVG: no scripts, fonts or images, Chinese labels, and each
/// band's exact amount, documents and dates in a `<title>` a browser shows on hover.
enum SankeySVG {
  static let nodeWidth = 12
  static let margin = 20

  static func px(_ hundredths: Int64) -> String {
    let negative = hundredths < 0
    let m = hundredths.magnitude
    let text = m % 100 == 0 ? "\(m / 100)" : "\(m / 100).\(m % 100 < 10 ? "0" : "")\(m % 100)"
    return negative ? "-" + text : text
  }

  /// An estimate of a label's width at 12 px: a CJK character is 12 px wide, anything else about 7.
  static func labelWidth(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { $0 + (DisplayWidth.of($1) == 2 ? 12 : 7) }
  }

  static func labelText(_ graph: FlowGraph, _ node: SankeyLayout.PlacedNode) -> String {
    graph.nodes[node.index].label + " " + Money.format(max(node.inFen, node.outFen))
  }

  static func render(_ graph: FlowGraph, _ layout: SankeyLayout, title: String) -> String {
    // Each column is as wide as its longest label plus room for the bands, so labels never reach the
    // next column's nodes.
    var labelMax = Array(repeating: 0, count: layout.columns)
    for node in layout.nodes { labelMax[node.column] = max(labelMax[node.column], labelWidth(labelText(graph, node))) }
    var columnX = [0]
    for c in 0..<max(0, layout.columns - 1) { columnX.append(columnX[c] + nodeWidth + labelMax[c] + 80) }
    let width = margin * 2 + (columnX.last ?? 0) + nodeWidth + (labelMax.last ?? 0) + 10
    let height = Int(layout.height / 100) + margin * 2 + 30
    var out = """
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(width) \(height)" width="\(width)" height="\(height)" font-family="'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif" font-size="12">
      <title>\(XML.escape(title))</title>
      <g transform="translate(\(margin),\(margin + 20))">

      """
    let palette = ["#1f6fb2", "#2a9d8f", "#e9a23b", "#8e5ea2", "#5f7d95"]
    func x(_ column: Int) -> Int { columnX[column] }
    for link in layout.links {
      let data = graph.links[link.index]
      let source = layout.nodes[data.from]
      let target = layout.nodes[data.to]
      let x0 = x(source.column) + nodeWidth
      let x1 = x(target.column)
      let mid = (x0 + x1) / 2
      let isHeld: Bool = { if case .held = graph.nodes[data.to].kind { return true } else { return false } }()
      let colour = isHeld ? "#d62728" : palette[source.column % palette.count]
      var tip =
        "\(graph.nodes[data.from].label) → \(graph.nodes[data.to].label): \(Money.format(data.amountFen)) 万元 (\(data.amountFen) 分)"
      if !data.docs.isEmpty { tip += "; 文号 " + data.docs.joined(separator: "、") }
      if !data.dates.isEmpty { tip += "; 日期 " + data.dates.joined(separator: "、") }
      out += """
        <path class="band" data-from="\(data.from)" data-to="\(data.to)" data-fen="\(data.amountFen)" data-width="\(px(link.width))" d="M\(x0),\(px(link.sourceY)) C\(mid),\(px(link.sourceY)) \(mid),\(px(link.targetY)) \(x1),\(px(link.targetY))" fill="none" stroke="\(colour)" stroke-opacity="\(isHeld ? "0.55" : "0.35")" stroke-width="\(px(max(link.width, 10)))"><title>\(XML.escape(tip))</title></path>

        """
    }
    for node in layout.nodes {
      let data = graph.nodes[node.index]
      let amount = max(node.inFen, node.outFen)
      let fill: String
      switch data.kind {
      case .held: fill = "#d62728"
      case .group: fill = "#999999"
      case .budget: fill = "#333333"
      case .holder: fill = palette[node.column % palette.count]
      }
      let labelY = node.y + max(node.height, 1000) / 2 + 400
      let labelX = x(node.column) + nodeWidth + 4
      let tip =
        "\(data.label): \(Money.format(amount)) 万元 (\(amount) 分)" + (data.detail.isEmpty ? "" : "; \(data.detail)")
      out += """
        <g class="node" data-index="\(node.index)" data-column="\(node.column)" data-in-fen="\(node.inFen)" data-out-fen="\(node.outFen)" data-height="\(px(node.height))"><title>\(XML.escape(tip))</title><rect x="\(x(node.column))" y="\(px(node.y))" width="\(nodeWidth)" height="\(px(max(node.height, 100)))" fill="\(fill)"/><text class="label" x="\(labelX)" y="\(px(labelY))">\(XML.escape(labelText(graph, node)))</text></g>

        """
    }
    out +=
      "</g>\n<text x=\"\(margin)\" y=\"\(margin)\" font-size=\"14\" font-weight=\"bold\">\(XML.escape(title))</text>\n</svg>\n"
    return out
  }
}
