extension FastEventDecoder {
  /// Decodes a stored money movement written exactly as `EventCodec.encode` writes one with no optional
  /// field, or returns nil for anything else (the general fast decoder then reads the line).
  ///
  /// Nearly every line of a national ledger is such a movement, and the ledger writes its keys in one
  /// order, so the keys are compared as the literals they must be rather than read and looked up one by
  /// one: that was about half of the decoder's work. The checks on the values are the general decoder's,
  /// and `FastDecoderTests` compare the two on every line of generated ledgers and on damaged ones.
  static func decodeCanonicalMovement(_ raw: UnsafeRawBufferPointer, cache: inout Cache) -> Event? {
    guard let start = raw.baseAddress else { return nil }
    var line = Template(base: start.assumingMemoryBound(to: UInt8.self), count: raw.count)
    guard line.expect("{\"v\":1,\"seq\":"), let seq = line.natural(), line.expect(",\"id\":\""),
      let id = line.plainBytes(), id.count <= 200, line.expect(",\"type\":\""), let typeBytes = line.plainBytes(),
      let type = movementType(typeBytes), line.expect(",\"date\":\""), let dateBytes = line.plainBytes(),
      let date = cache.date(dateBytes), line.expect(",\"recorded\":\""), let recordedBytes = line.plainBytes(),
      line.expect(",\"prev\":\""), let prevBytes = line.plainBytes(), let prev = Digest(hex: prevBytes),
      line.expect(",\"from\":\""), let from = line.plainBytes(), line.expect(",\"to\":\""),
      let to = line.plainBytes(), line.expect(",\"program\":\""), let program = line.plainBytes(),
      line.expect(",\"budget_year\":"), let year = line.natural(), (1900...9999).contains(year),
      line.expect(",\"amount_fen\":"), let amount = line.natural(), amount > 0, line.expect("}"), line.isAtEnd,
      let recorded = cache.recordedTime(recordedBytes)
    else { return nil }
    return Event(
      movement: type, id: String(decoding: id, as: UTF8.self), seq: seq, date: date, recorded: recorded, prev: prev,
      from: String(decoding: from, as: UTF8.self), to: String(decoding: to, as: UTF8.self),
      program: cache.program(program), budgetYear: year, amountFen: amount)
  }

  /// Decodes a money movement of `append` input written as `EventCodec.encode` writes one without the
  /// ledger's fields and with no optional field (`v` first or left out), or returns nil for anything else
  /// (the general fast decoder then reads the line).
  ///
  /// An import's input is mostly such lines, and the general decoder's key-by-key reading was about an
  /// eighth of an import's work. The checks on the values are the general decoder's (`FastDecoderTests`).
  /// The steps are `decodeCanonicalMovement`'s without the ledger's fields, written out again: shared
  /// through functions returning the spans, the stored template took 450 more instructions a line.
  static func decodeCanonicalInputMovement(_ raw: UnsafeRawBufferPointer, cache: inout Cache) -> Event? {
    guard let start = raw.baseAddress else { return nil }
    var line = Template(base: start.assumingMemoryBound(to: UInt8.self), count: raw.count)
    guard line.expect("{\"v\":1,\"id\":\"") || line.expect("{\"id\":\""),
      let id = line.plainBytes(), id.count <= 200, line.expect(",\"type\":\""), let typeBytes = line.plainBytes(),
      let type = movementType(typeBytes), line.expect(",\"date\":\""), let dateBytes = line.plainBytes(),
      let date = cache.date(dateBytes), line.expect(",\"from\":\""), let from = line.plainBytes(),
      line.expect(",\"to\":\""), let to = line.plainBytes(), line.expect(",\"program\":\""),
      let program = line.plainBytes(), line.expect(",\"budget_year\":"), let year = line.natural(),
      (1900...9999).contains(year), line.expect(",\"amount_fen\":"), let amount = line.natural(), amount > 0,
      line.expect("}"), line.isAtEnd
    else { return nil }
    return Event(
      movement: type, id: String(decoding: id, as: UTF8.self), seq: nil, date: date, recorded: nil, prev: nil,
      from: String(decoding: from, as: UTF8.self), to: String(decoding: to, as: UTF8.self),
      program: cache.program(program), budgetYear: year, amountFen: amount)
  }

  /// The four types a movement line may have, from the type's bytes.
  @inline(__always)
  private static func movementType(_ bytes: UnsafeBufferPointer<UInt8>) -> EventType? {
    guard bytes.count >= 6, bytes.count <= 12 else { return nil }
    switch bytes[0] {
    case UInt8(ascii: "a"): return matches(bytes, "allocate") ? .allocate : nil
    case UInt8(ascii: "r"):
      if matches(bytes, "redistribute") { return .redistribute }
      return matches(bytes, "return") ? .return : nil
    case UInt8(ascii: "d"): return matches(bytes, "disburse") ? .disburse : nil
    default: return nil
    }
  }

  /// Whether `bytes` are exactly `literal` (through `Template.expect`, the one literal comparison here).
  @inline(__always)
  private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
    var template = Template(base: bytes.baseAddress!, count: bytes.count)
    return template.expect(literal) && template.isAtEnd
  }

  /// A reading position in a line that must follow the template.
  private struct Template {
    let base: UnsafePointer<UInt8>
    let count: Int
    var index = 0

    var isAtEnd: Bool { index == count }

    /// Steps over `literal` if the line has it here.
    ///
    /// Compared eight bytes at a time (the last eight overlapping the ones before): byte by byte, the
    /// template's dozen literals were a third of its instructions.
    @inline(__always)
    mutating func expect(_ literal: StaticString) -> Bool {
      let length = literal.utf8CodeUnitCount
      guard index + length <= count else { return false }
      let text = UnsafeRawPointer(literal.utf8Start)
      let here = UnsafeRawPointer(base + index)
      if length >= 8 {
        var offset = 0
        while offset + 8 < length {
          guard
            here.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
              == text.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
          else { return false }
          offset += 8
        }
        guard
          here.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
            == text.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
        else { return false }
      } else {
        for i in 0..<length
        where here.load(fromByteOffset: i, as: UInt8.self) != text.load(fromByteOffset: i, as: UInt8.self) {
          return false
        }
      }
      index += length
      return true
    }

    /// A non-negative integer as the general decoder reads one (no sign, no leading zero, no fraction or
    /// exponent, within Int64), followed by `,` or `}`.
    @inline(__always)
    mutating func natural() -> Int64? {
      let start = index
      var value: Int64 = 0
      while index < count, case let digit = base[index] &- 48, digit < 10 {
        let (times, o1) = value.multipliedReportingOverflow(by: 10)
        let (sum, o2) = times.addingReportingOverflow(Int64(digit))
        if o1 || o2 { return nil }
        value = sum
        index += 1
      }
      let digits = index - start
      guard digits > 0, digits == 1 || base[start] != 48, index < count,
        base[index] == UInt8(ascii: ",") || base[index] == UInt8(ascii: "}")
      else { return nil }
      return value
    }

    /// The bytes of a string value up to its closing quote, which is stepped over: printable ASCII without
    /// an escape, and not starting with a space (which the general decoder checks for being blank).
    ///
    /// Eight bytes at a time, the word holding the closing quote included: its position is the lowest
    /// flagged byte of `specialBytes`, exact for that byte (a byte-by-byte walk to it was a tenth of the
    /// template's instructions).
    @inline(__always)
    mutating func plainBytes() -> UnsafeBufferPointer<UInt8>? {
      let start = index
      let raw = UnsafeRawPointer(base)
      let highs: UInt64 = 0x8080_8080_8080_8080
      var closed = false
      while index + 8 <= count {
        let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
        let flags = FastEventDecoder.specialBytes(word)
        if flags == 0 {
          guard word & highs == 0 else { return nil }
          index += 8
          continue
        }
        let position = flags.trailingZeroBitCount / 8
        let before: UInt64 = position == 0 ? 0 : UInt64.max >> UInt64(64 - 8 * position)
        guard word & before & highs == 0 else { return nil }
        index += position
        guard base[index] == UInt8(ascii: "\"") else { return nil }
        closed = true
        break
      }
      while !closed, index < count {
        let byte = base[index]
        if byte == UInt8(ascii: "\"") { break }
        guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { return nil }
        index += 1
      }
      guard index < count, index > start, base[start] > 0x20 else { return nil }
      index += 1
      return UnsafeBufferPointer(start: base + start, count: index - 1 - start)
    }
  }
}
