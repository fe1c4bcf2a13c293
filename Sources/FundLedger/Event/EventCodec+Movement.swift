extension EventCodec {
  /// Appends a stamped money movement's line (without its newline) to `bytes`, byte for byte as `encode`
  /// writes it; returns false, having written nothing, for any other event.
  ///
  /// Nearly every line of a large ledger is a movement. Through `JSONWriter`, each line was a fresh array
  /// and a stack of comma flags, and each key a separator check, flag update and four appends: about 7,600
  /// instructions a line on the thread that makes an append's lines. Here the keys are written with the
  /// separators they always follow, straight into the caller's buffer (tests compare it with `encode`).
  static func appendMovement(_ event: Event, to bytes: inout [UInt8]) -> Bool {
    guard event.type.movesMoney, let seq = event.seq, let recorded = event.recordedTime,
      let prev = event.prevDigest, let from = event.from, let to = event.to, let program = event.program,
      let budgetYear = event.budgetYear, let amountFen = event.amountFen
    else { return false }
    func literal(_ text: StaticString) { text.withUTF8Buffer { bytes.append(contentsOf: $0) } }
    literal("{\"v\":")
    JSONWriter.appendInt(event.v, to: &bytes)
    literal(",\"seq\":")
    JSONWriter.appendInt(seq, to: &bytes)
    literal(",\"id\":")
    JSONWriter.appendString(event.id, to: &bytes)
    literal(",\"type\":")
    JSONWriter.appendString(event.type.rawValue, to: &bytes)
    literal(",\"date\":")
    JSONWriter.appendString(event.date.description, to: &bytes)
    if event.datePrecision != .day {
      literal(",\"date_precision\":")
      JSONWriter.appendString(event.datePrecision.rawValue, to: &bytes)
    }
    literal(",\"recorded\":\"")
    recorded.withText { bytes.append(contentsOf: $0) }
    literal("\",\"prev\":\"")
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { hex in
      prev.writeHex(to: hex.baseAddress!)
      bytes.append(contentsOf: hex)
    }
    literal("\",\"from\":")
    JSONWriter.appendString(from, to: &bytes)
    literal(",\"to\":")
    JSONWriter.appendString(to, to: &bytes)
    literal(",\"program\":")
    JSONWriter.appendString(program, to: &bytes)
    literal(",\"budget_year\":")
    JSONWriter.appendInt(budgetYear, to: &bytes)
    literal(",\"amount_fen\":")
    JSONWriter.appendInt(amountFen, to: &bytes)
    let fundedBy = event.fundedBy
    if !fundedBy.isEmpty {
      literal(",\"funded_by\":[")
      for (index, id) in fundedBy.enumerated() {
        if index > 0 { bytes.append(UInt8(ascii: ",")) }
        JSONWriter.appendString(id, to: &bytes)
      }
      bytes.append(UInt8(ascii: "]"))
    }
    if let doc = event.doc {
      literal(",\"doc\":")
      JSONWriter.appendString(doc, to: &bytes)
    }
    if let note = event.note {
      literal(",\"note\":")
      JSONWriter.appendString(note, to: &bytes)
    }
    bytes.append(UInt8(ascii: "}"))
    return true
  }
}
