/// The start every snapshot body shares (full and query alike): the format version, the log point it
/// stands at, the state's last event, and the registry of holders and programs.
extension Snapshot {
  static func writePointAndRegistry(
    _ w: inout ByteWriter, version: Int64, firstLineHash: String, next: LogReader.Start, lastLineOffset: Int64,
    state s: LedgerState
  ) {
    writePoint(&w, version: version, firstLineHash: firstLineHash, next: next, lastLineOffset: lastLineOffset, state: s)
    writeRegistry(&w, state: s)
  }

  /// The registry of holders and programs, as `writePointAndRegistry` writes it after the point.
  static func writeRegistry(_ w: inout ByteWriter, state s: LedgerState) {
    w.int32(Int32(s.holders.count))
    for h in s.holders {
      w.string(h.id)
      w.string(h.name)
      w.string(h.level.rawValue)
      w.int32(h.parent)
      w.int32(Int32(h.aliases.count))
      for a in h.aliases { w.string(a) }
    }
    w.int32(Int32(s.programs.count))
    for p in s.programs {
      w.string(p.id)
      w.string(p.name)
      w.string(p.source.rawValue)
      w.int32(p.parent)
    }
  }

  /// The format version, the log point a snapshot stands at, and the state's last event: what every
  /// snapshot kind (full, query, summary, register) begins with.
  static func writePoint(
    _ w: inout ByteWriter, version: Int64, firstLineHash: String, next: LogReader.Start, lastLineOffset: Int64,
    state s: LedgerState
  ) {
    w.int64(version)
    w.string(firstLineHash)
    w.int64(next.offset)
    w.int64(Int64(next.line))
    w.int64(next.seq)
    w.string(next.hash)
    w.int64(lastLineOffset)
    w.int64(s.lastSeq)
    w.int32(s.lastDate?.dayNumber ?? Int32.min)
    w.int64(s.lastRecordedMillis)
    w.string(s.lastDigest.hex)
  }

  /// Reads what `writePoint` wrote into an empty state's last-event fields; a different version is
  /// refused with its number.
  static func readPoint(_ r: inout ByteReader, version expected: Int64) throws -> (
    firstLineHash: String, next: LogReader.Start, lastLineOffset: Int64, state: LedgerState
  ) {
    let version = try r.int64()
    guard version == expected else { throw Refusal.unsupportedVersion(version) }
    let firstLineHash = try r.string()
    let offset = try r.int64()
    let line = Int(try r.int64())
    let seq = try r.int64()
    guard let nextDigest = Digest(hex: try r.string()) else { throw Refusal.damaged }
    let next = LogReader.Start(offset: offset, line: line, seq: seq, digest: nextDigest)
    let lastLineOffset = try r.int64()
    var s = LedgerState()
    s.lastSeq = try r.int64()
    let day = try r.int32()
    s.lastDate = day == Int32.min ? nil : LedgerDate(dayNumber: day)
    s.lastRecordedMillis = try r.int64()
    guard let lastDigest = Digest(hex: try r.string()) else { throw Refusal.damaged }
    s.lastDigest = lastDigest
    return (firstLineHash, next, lastLineOffset, s)
  }

  /// Reads what `writePointAndRegistry` wrote; a different version is refused with its number.
  static func readPointAndRegistry(_ r: inout ByteReader, version expected: Int64) throws -> (
    firstLineHash: String, next: LogReader.Start, lastLineOffset: Int64, state: LedgerState
  ) {
    let point = try readPoint(&r, version: expected)
    var s = point.state
    let holderCount = Int(try r.int32())
    guard holderCount >= 0 else { throw Refusal.damaged }
    for _ in 0..<holderCount {
      let id = try r.string()
      let name = try r.string()
      guard let level = HolderLevel(rawValue: try r.string()) else { throw Refusal.damaged }
      let parent = try r.int32()
      let aliasCount = Int(try r.int32())
      guard aliasCount >= 0 else { throw Refusal.damaged }
      var aliases: [String] = []
      for _ in 0..<aliasCount { aliases.append(try r.string()) }
      s.holders.append(Holder(id: id, name: name, level: level, parent: parent, aliases: aliases))
    }
    let programCount = Int(try r.int32())
    guard programCount >= 0 else { throw Refusal.damaged }
    for _ in 0..<programCount {
      let id = try r.string()
      let name = try r.string()
      guard let source = FundingSource(rawValue: try r.string()) else { throw Refusal.damaged }
      s.programs.append(Program(id: id, name: name, source: source, parent: try r.int32()))
    }
    return (point.firstLineHash, point.next, point.lastLineOffset, s)
  }

  /// An account's key and figures, as both snapshot kinds store them (the lot queue is the full one's).
  static func writeAccount(_ w: inout ByteWriter, _ key: AccountKey, _ a: Account) {
    w.fields(maxBytes: accountBytes) { writeAccount(&$0, key, a) }
  }

  /// The bytes `writeAccount` writes: three 32-bit key fields and nine 64-bit figures.
  static var accountBytes: Int { 3 * 4 + 9 * 8 }

  static func writeAccount(_ f: inout FieldWriter, _ key: AccountKey, _ a: Account) {
    f.int32(key.holder)
    f.int32(key.program)
    f.int32(key.budgetYear)
    for v in [
      a.budgetedFen, a.issuedFen, a.issuedPaidFen, a.arrivedFen, a.passedDownFen, a.paidFen, a.returnedOutFen,
      a.returnedInFen, a.heldFen,
    ] {
      f.int64(v)
    }
  }

  static func readAccount(_ r: inout ByteReader) throws -> (AccountKey, Account) {
    let key = AccountKey(holder: try r.int32(), program: try r.int32(), budgetYear: try r.int32())
    var a = Account()
    a.budgetedFen = try r.int64()
    a.issuedFen = try r.int64()
    a.issuedPaidFen = try r.int64()
    a.arrivedFen = try r.int64()
    a.passedDownFen = try r.int64()
    a.paidFen = try r.int64()
    a.returnedOutFen = try r.int64()
    a.returnedInFen = try r.int64()
    a.heldFen = try r.int64()
    return (key, a)
  }
}

extension Snapshot {
  /// What a companion (query or summary) snapshot gives: a state and where in the log it stands.
  public typealias Companion = (
    state: LedgerState, next: LogReader.Start, lastLineOffset: Int64, firstLineHash: String
  )

  /// A writer for a snapshot file: its magic line and room for the body's 64-bit checksum, then the body
  /// as the encoder writes it. One framing for the full, query and summary snapshots.
  static func framedWriter(magic: [UInt8]) -> ByteWriter {
    var w = ByteWriter()
    w.bytes = magic + [UInt8](repeating: 0, count: checksumBytes)
    return w
  }

  /// The finished file: the checksum of everything after it written in place (at 10M events the body is
  /// over a gigabyte, so it is neither copied here nor when read back).
  static func seal(_ w: inout ByteWriter, magic: [UInt8]) -> [UInt8] {
    let start = magic.count + checksumBytes
    let sum = w.bytes.withUnsafeBytes { Checksum64.of(UnsafeRawBufferPointer(rebasing: $0[start...])) }
    w.bytes.replaceSubrange(magic.count..<start, with: checksumField(sum))
    return w.bytes
  }

  /// The checksum as the header stores it (little-endian), for `seal` and for a streamed file's header.
  static func checksumField(_ sum: UInt64) -> [UInt8] {
    (0..<checksumBytes).map { UInt8(truncatingIfNeeded: sum >> UInt64(8 * $0)) }
  }

  /// A reader at the body of a framed snapshot file, refused as not a snapshot (wrong magic) or damaged
  /// (checksum). It reads the file's own bytes: `bytes.count` is where the body ends.
  static func unframe(_ bytes: [UInt8], magic: [UInt8]) throws(Refusal) -> ByteReader {
    try unframe(ByteSource(copying: bytes), magic: magic)
  }

  /// As `unframe(_:magic:)`, reading `source` in place.
  static func unframe(_ source: ByteSource, magic: [UInt8]) throws(Refusal) -> ByteReader {
    let bytes = source.bytes
    let start = magic.count + checksumBytes
    guard bytes.count >= start, Array(bytes[0..<magic.count]) == magic else { throw .notASnapshot }
    var recorded: UInt64 = 0
    for i in 0..<checksumBytes { recorded |= UInt64(bytes[magic.count + i]) << UInt64(8 * i) }
    let sum = Checksum64.of(UnsafeRawBufferPointer(rebasing: bytes[start...]))
    guard sum == recorded else { throw .damaged }
    // The sum mapped every page; the decoder maps them again as it goes, and lets them go behind it.
    _ = source.release(from: 0, to: bytes.count)
    var reader = ByteReader(source)
    reader.index = start
    return reader
  }
}
