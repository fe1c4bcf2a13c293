/// Little-endian binary output for snapshots: fixed-width integers and length-prefixed strings.
struct ByteWriter {
  var bytes: [UInt8] = []
  /// Where full pieces go when the output is streamed (`stream(to:)`); nil: every byte stays in `bytes`.
  private(set) var stream: StreamedFile?
  private var flushCount = Int.max

  /// From now on, `flushIfFull` hands `bytes` to `file` once they reach `StreamedFile.pieceBytes`.
  mutating func stream(to file: StreamedFile) {
    stream = file
    flushCount = StreamedFile.pieceBytes
    bytes.reserveCapacity(flushCount + flushCount / 4)
  }

  /// Hands the bytes so far to the stream, if there is one and they fill a piece: called between records
  /// (a record is never cut, so nothing below watches for a piece's end).
  @inline(__always)
  mutating func flushIfFull() {
    if bytes.count >= flushCount { flush() }
  }

  /// Hands the bytes so far to the stream.
  mutating func flush() {
    guard let stream else { return }
    var piece: [UInt8] = []
    piece.reserveCapacity(flushCount + flushCount / 4)
    swap(&piece, &bytes)
    stream.write(piece)
  }

  mutating func int64(_ value: Int64) {
    var v = UInt64(bitPattern: value)
    for _ in 0..<8 {
      bytes.append(UInt8(truncatingIfNeeded: v))
      v >>= 8
    }
  }

  mutating func int32(_ value: Int32) {
    var v = UInt32(bitPattern: value)
    for _ in 0..<4 {
      bytes.append(UInt8(truncatingIfNeeded: v))
      v >>= 8
    }
  }

  mutating func uint8(_ value: UInt8) { bytes.append(value) }

  /// A signed integer as a zigzag LEB128 varint: small figures (and the many zeros) take one or two bytes.
  mutating func varint(_ value: Int64) {
    var rest = UInt64(bitPattern: (value << 1) ^ (value >> 63))
    while rest >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }

  /// A string as its UTF-8 length and bytes, read in place (an array copy of them was a heap allocation
  /// per string: per record, in a full snapshot); written by `FieldWriter`, the one place that lays it out.
  mutating func string(_ value: String) {
    fields(maxBytes: 4 + value.utf8.count) { $0.string(value) }
  }

  /// A presence byte, then the string if there is one (`FieldWriter.optionalString`).
  mutating func optionalString(_ value: String?) {
    fields(maxBytes: 5 + (value?.utf8.count ?? 0)) { $0.optionalString(value) }
  }

  mutating func raw(_ value: [UInt8]) {
    int32(Int32(value.count))
    bytes.append(contentsOf: value)
  }

  /// Appends what `body` writes to a `FieldWriter` of at most `maxBytes` bytes, in one copy.
  ///
  /// A snapshot's records, lots and accounts are a dozen fields each; appended a byte at a time, each byte
  /// checked the array's uniqueness and capacity, about 3,300 instructions an event for a full snapshot.
  /// Written to the stack and appended whole, a record costs one such check.
  @inline(__always)
  mutating func fields(maxBytes: Int, _ body: (inout FieldWriter) -> Void) {
    withUnsafeTemporaryAllocation(byteCount: maxBytes, alignment: 8) { raw in
      var fields = FieldWriter(base: raw.baseAddress!, capacity: maxBytes)
      body(&fields)
      bytes.append(contentsOf: UnsafeRawBufferPointer(start: raw.baseAddress!, count: fields.count))
    }
  }

  /// `values` as `int32` writes them, copied whole on a little-endian machine.
  mutating func int32s(_ values: [Int32]) {
    #if _endian(little)
      values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    #else
      for value in values { int32(value) }
    #endif
  }
}
