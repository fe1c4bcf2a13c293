import FundLedger

/// Prints trace trees: indented rows for tables and CSV, nested objects for JSON.
enum TraceRenderer {
  static let columns: [Column] = [
    Column("holder", "单位", .holder), Column("in", "到达", .amount), Column("passed_on", "下达", .amount),
    Column("paid", "支付", .amount), Column("held", "结存", .amount), Column("returned", "退回", .amount),
    Column("held_days", "结存天数", .text), Column("via", "经由"),
  ]

  /// "财建〔2022〕393号 (2022-11)" or the event id when there is no document.
  static func label(_ record: EventRecord, state: LedgerState) -> String {
    (state.doc(of: record) ?? record.id) + " (" + record.dateText + ")"
  }

  static func downReport(_ trees: [TraceNode], state: LedgerState, at: LedgerDate) -> Report {
    var report = Report(title: "", columns: columns)
    func visit(_ node: TraceNode, _ depth: Int) {
      let holder = state.holders[Int(node.holder)]
      let days = node.oldestHeld.map { String(at.dayNumber - $0.dayNumber) } ?? ""
      report.rows.append([
        .named(id: holder.id, name: holder.name, indent: depth), .amount(node.inFen), .amount(node.passedOnFen),
        .amount(node.paidFen), .amount(node.heldFen), .amount(node.returnedFen), .text(days),
        .text(node.records.map { label(state.records[Int($0)], state: state) }.joined(separator: "; ")),
      ])
      for child in node.children { visit(child, depth + 1) }
    }
    for tree in trees { visit(tree, 0) }
    return report
  }

  static func pathText(_ path: TraceQuery.Path, state: LedgerState) -> String {
    var parts: [String] = []
    for (i, index) in path.records.enumerated() {
      let record = state.records[Int(index)]
      if i == 0 { parts.append(state.holders[Int(record.from)].name) }
      parts.append("→[\(state.doc(of: record) ?? record.id) \(record.dateText)] " + state.holders[Int(record.to)].name)
    }
    return parts.joined(separator: " ")
  }

  static func json(
    _ trees: [TraceNode], state: LedgerState, at: LedgerDate, style: AmountStyle, origin: String, provenance: String
  ) -> String {
    var w = JSONWriter()
    w.beginObject()
    w.field("origin", origin)
    w.field("as_of", at.description)
    w.field("unit", style.unit.rawValue)
    w.key("trees")
    w.beginArray()
    for tree in trees { node(tree, &w, state: state, at: at, style: style) }
    w.endArray()
    w.field("ledger", provenance)
    w.endObject()
    return w.text + "\n"
  }

  /// Writes one node and, nested, its children.
  static func node(_ node: TraceNode, _ w: inout JSONWriter, state: LedgerState, at: LedgerDate, style: AmountStyle) {
    let holder = state.holders[Int(node.holder)]
    func amount(_ key: String, _ fen: Int64) {
      w.field(key + "_fen", fen)
      w.field(key, style.text(fen))
    }
    w.beginObject()
    w.key("holder")
    w.beginObject()
    w.field("id", holder.id)
    w.field("name", holder.name)
    w.field("level", holder.level.rawValue)
    w.endObject()
    amount("in", node.inFen)
    amount("passed_on", node.passedOnFen)
    amount("paid", node.paidFen)
    amount("held", node.heldFen)
    amount("returned", node.returnedFen)
    amount("returned_back", node.returnedBackFen)
    if let oldest = node.oldestHeld { w.field("held_days", Int64(at.dayNumber - oldest.dayNumber)) }
    w.key("via")
    w.beginArray()
    for index in node.records {
      let record = state.records[Int(index)]
      w.beginObject()
      w.field("id", record.id)
      w.field("type", record.type.rawValue)
      w.field("date", record.dateText)
      w.field("doc", state.doc(of: record))
      w.endObject()
    }
    w.endArray()
    w.key("children")
    w.beginArray()
    for child in node.children { self.node(child, &w, state: state, at: at, style: style) }
    w.endArray()
    w.endObject()
  }
}
