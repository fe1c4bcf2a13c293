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
    if event.datePrecision == .day, event.fundedBy.isEmpty, event.doc == nil, event.note == nil,
      appendPlainMovement(
        event, seq: seq, recorded: recorded, prev: prev, from: from, to: to, program: program,
        budgetYear: budgetYear, amountFen: amountFen, to: &bytes)
    {
      return true
    }
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

  /// Appends a movement with no optional field whose strings need no escape, written on the stack and
  /// appended in one copy; false, having written nothing, when a string needs an escape.
  ///
  /// Each `append` to the array checked its uniqueness and capacity: about a tenth of the thread that makes
  /// an import's lines, for lines whose every byte but the strings' is known in advance.
  private static func appendPlainMovement(
    _ event: Event, seq: Int64, recorded: RecordedTime, prev: Digest, from: String, to: String, program: String,
    budgetYear: Int64, amountFen: Int64, to bytes: inout [UInt8]
  ) -> Bool {
    let (year, month, day) = event.date.parts
    guard (0...9999).contains(year) else { return false }
    // The literals and numbers below take under 200 bytes; the strings are counted in UTF-8.
    let capacity =
      256 + event.id.utf8.count + event.type.rawValue.utf8.count + from.utf8.count + to.utf8.count
      + program.utf8.count
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer -> Bool in
      var out = PlainLine(base: buffer.baseAddress!)
      out.literal("{\"v\":")
      out.integer(event.v)
      out.literal(",\"seq\":")
      out.integer(seq)
      out.literal(",\"id\":\"")
      guard out.plain(event.id) else { return false }
      out.literal("\",\"type\":\"")
      guard out.plain(event.type.rawValue) else { return false }
      out.literal("\",\"date\":\"")
      out.digits(year, 4)
      out.byte(UInt8(ascii: "-"))
      out.digits(month, 2)
      out.byte(UInt8(ascii: "-"))
      out.digits(day, 2)
      out.literal("\",\"recorded\":\"")
      recorded.withText { out.raw($0) }
      out.literal("\",\"prev\":\"")
      prev.writeHex(to: out.base + out.count)
      out.count += 64
      out.literal("\",\"from\":\"")
      guard out.plain(from) else { return false }
      out.literal("\",\"to\":\"")
      guard out.plain(to) else { return false }
      out.literal("\",\"program\":\"")
      guard out.plain(program) else { return false }
      out.literal("\",\"budget_year\":")
      out.integer(budgetYear)
      out.literal(",\"amount_fen\":")
      out.integer(amountFen)
      out.byte(UInt8(ascii: "}"))
      precondition(out.count <= capacity, "a movement's line within its counted bytes")
      bytes.append(contentsOf: UnsafeBufferPointer(start: buffer.baseAddress, count: out.count))
      return true
    }
  }

  /// A line being written into memory the caller sized for it.
  private struct PlainLine {
    let base: UnsafeMutablePointer<UInt8>
    var count = 0

    init(base: UnsafeMutablePointer<UInt8>) { self.base = base }

    @inline(__always)
    mutating func byte(_ value: UInt8) {
      base[count] = value
      count += 1
    }

    @inline(__always)
    mutating func literal(_ text: StaticString) {
      (base + count).update(from: text.utf8Start, count: text.utf8CodeUnitCount)
      count += text.utf8CodeUnitCount
    }

    @inline(__always)
    mutating func raw(_ bytes: UnsafeRawBufferPointer) {
      guard let source = bytes.baseAddress else { return }
      UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)
      count += bytes.count
    }

    /// A string's UTF-8 as it is, when none of its bytes needs an escape in JSON (`JSONWriter.appendString`
    /// writes such a string the same way); false otherwise.
    @inline(__always)
    mutating func plain(_ text: String) -> Bool {
      var text = text
      return text.withUTF8 { utf8 in
        for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
          return false
        }
        raw(UnsafeRawBufferPointer(utf8))
        return true
      }
    }

    /// `value` in decimal, as `JSONWriter.appendInt` writes it.
    @inline(__always)
    mutating func integer(_ value: Int64) {
      if value < 0 { byte(UInt8(ascii: "-")) }
      var magnitude = value.magnitude
      var length = 1
      var rest = magnitude / 10
      while rest > 0 {
        length += 1
        rest /= 10
      }
      for position in stride(from: count + length - 1, through: count, by: -1) {
        base[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
        magnitude /= 10
      }
      count += length
    }

    /// `value` (at least 0) in exactly `width` decimal digits, leading zeros included.
    @inline(__always)
    mutating func digits(_ value: Int, _ width: Int) {
      var rest = value
      for position in stride(from: count + width - 1, through: count, by: -1) {
        base[position] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
      }
      count += width
    }
  }
}
