#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A projection state saved at a seq, with where in the log it stands, so that replay can start there.
///
/// The file is binary: a magic line, a 64-bit checksum of the body (damage is refused, never half-read), and the
/// body: the point in the log (seq, the hash of that line, its byte range, the ledger's first-line hash to
/// refuse a foreign snapshot) and the state. Indexes are rebuilt on load rather than stored.
public struct Snapshot: Sendable {
  public static let magic = Array("FUNDLEDGER-SNAPSHOT\n".utf8)
  /// 6: the order of the accounts is part of the state (a lot names its account by slot), so a version-5
  /// file, whose accounts may be in hash order, is refused and rebuilt rather than read into a state that
  /// holds the same money but does not equal a replay. 7: a lot names its account by that slot, not by
  /// its 12-byte key (found again by a probe of the account index per lot, a quarter of loading a 10M
  /// snapshot), and a record writes its one range of lots or pieces once, not as four numbers.
  public static let formatVersion: Int64 = 7

  public var state: LedgerState
  /// Where reading continues after the snapshot.
  public var next: LogReader.Start
  /// Byte offset where the snapshot's last line starts (to re-check its hash against the log).
  public var lastLineOffset: Int64
  /// SHA-256 hex of the log's first line, identifying the ledger.
  public var firstLineHash: String

  public init(state: LedgerState, next: LogReader.Start, lastLineOffset: Int64, firstLineHash: String) {
    self.state = state
    self.next = next
    self.lastLineOffset = lastLineOffset
    self.firstLineHash = firstLineHash
  }

  /// Why a snapshot file cannot be used.
  public enum Refusal: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(String)
    case notASnapshot
    case damaged
    case unsupportedVersion(Int64)
    case foreign
    case stale(seq: Int64)

    public var description: String {
      switch self {
      case .unreadable(let path): return "cannot read \(path)"
      case .notASnapshot: return "not a fundledger snapshot file"
      case .damaged: return "the snapshot's checksum does not match its contents (damaged)"
      case .unsupportedVersion(let v):
        return "snapshot format version \(v) is not supported (expected \(Snapshot.formatVersion))"
      case .foreign: return "the snapshot belongs to another ledger (its first line differs)"
      case .stale(let seq):
        return "the log no longer has the line the snapshot was taken at (seq \(seq)): it changed or was truncated"
      }
    }
  }

  // MARK: Encoding

  public func encode() -> [UInt8] {
    var w = Snapshot.framedWriter(magic: Snapshot.magic)
    // Room for the whole file at once (about 160 bytes an event at 1M): grown by doubling, a snapshot of
    // a large ledger was copied several times over, and each copy wrote pages the kernel first clears.
    // Room not used is never touched, so it costs address space only.
    w.bytes.reserveCapacity(
      4_096 + 192 * state.records.count + 64 * state.lots.count + 32 * state.pieces.count + 128 * state.accounts.count
        + 256 * state.holders.count)
    encodeBody(&w)
    return Snapshot.seal(&w, magic: Snapshot.magic)
  }

  /// Writes the file to `path` as it is encoded, a piece at a time (`StreamedFile`).
  func write(streamingTo path: String) throws(LedgerError) {
    let file = try StreamedFile(path: path, headerBytes: Snapshot.magic.count + Snapshot.checksumBytes)
    var w = Snapshot.framedWriter(magic: Snapshot.magic)
    w.stream(to: file)
    encodeBody(&w)
    w.flush()
    try file.finish(patchOffset: Snapshot.magic.count, patch: Snapshot.checksumField)
  }

  /// Everything after the frame's header; `flushIfFull` between records, for a streamed file.
  private func encodeBody(_ w: inout ByteWriter) {
    Snapshot.writePointAndRegistry(
      &w, version: Snapshot.formatVersion, firstLineHash: firstLineHash, next: next, lastLineOffset: lastLineOffset,
      state: state)
    let s = state
    // In the order the accounts were opened, so a restored state iterates as the replayed one does.
    w.int32(Int32(s.accounts.count))
    for (key, a) in zip(s.accounts.keys, s.accounts.values) {
      w.fields(maxBytes: Snapshot.accountBytes + 8) { f in
        Snapshot.writeAccount(&f, key, a)
        f.int32(a.head)
        f.int32(Int32(a.lotQueue.count))
      }
      w.int32s(a.lotQueue)
      w.flushIfFull()
    }
    w.int32(Int32(s.lots.count))
    for l in s.lots {
      w.fields(maxBytes: 48) { f in
        f.int32(l.accountSlot)
        f.int32(l.record)
        f.int32(l.parent)
        f.int64(l.amountFen)
        f.int64(l.heldFen)
        f.int64(l.returnedFen)
        f.int32(l.date.dayNumber)
        f.int32(l.queuePosition)
        f.uint8(l.reversed ? 1 : 0)
      }
      w.flushIfFull()
    }
    w.int32(Int32(s.pieces.count))
    for p in s.pieces {
      w.int32(p.child)
      w.int32(p.parent)
      w.int64(p.amountFen)
      w.uint8(p.reversed ? 1 : 0)
      w.flushIfFull()
    }
    w.int32(Int32(s.records.count))
    // `allCases` is a new array at every use: looked up once, not twice per record.
    let types = EventType.allCases
    let precisions = DatePrecision.allCases
    // Each record's seq is written; `skippedSeqs` is rebuilt from the gaps.
    var skipped = s.skippedSeqs[...]
    var seq: Int64 = 0
    for r in s.records {
      seq += 1
      while let first = skipped.first, first == seq {
        skipped.removeFirst()
        seq += 1
      }
      let doc = s.doc(of: r)
      // The fixed fields take 71 bytes (75 with a document); the strings their UTF-8 besides.
      w.fields(maxBytes: 96 + r.id.utf8.count + (doc?.utf8.count ?? 0)) { f in
        f.int64(seq)
        f.string(r.id)
        f.uint8(UInt8(types.firstIndex(of: r.type)!))
        f.int32(r.date.dayNumber)
        f.uint8(UInt8(precisions.firstIndex(of: r.datePrecision)!))
        f.optionalString(doc)
        f.int32(r.from)
        f.int32(r.to)
        f.int32(r.program)
        f.int32(r.budgetYear)
        f.int64(r.amountFen)
        f.int32(r.span.start)
        f.int32(r.span.end)
        f.int32(r.correctedBy)
        f.int32(r.target)
        f.int64(r.lineOffset)
      }
      w.flushIfFull()
    }
    for system in ["functional", "economic"] {
      let names = s.classification.names(system).sorted { $0.key < $1.key }
      w.int32(Int32(names.count))
      for (code, name) in names {
        w.string(code)
        w.string(name)
      }
    }
    w.int32(Int32(s.bookLines.count))
    for l in s.bookLines {
      for v in [l.record, l.holder, l.budgetYear, l.program] { w.int32(v) }
      w.string(l.direction)
      w.string(l.phase)
      w.int64(l.amountFen)
      for v in [l.source, l.kind, l.functional, l.economic, l.item, l.project, l.link] { w.optionalString(v) }
      w.flushIfFull()
    }
    w.int32(Int32(s.audits.count))
    for audit in s.audits {
      w.int32(audit.record)
      w.raw(audit.detailsJSON)
      w.flushIfFull()
    }
  }

  /// Bytes between the magic line and the body.
  static let checksumBytes = 8

  public static func decode(_ bytes: [UInt8]) throws(Refusal) -> Snapshot {
    try decode(ByteSource(copying: bytes))
  }

  /// Decodes a snapshot read in place (a mapped file: see `ByteReader`).
  ///
  /// `headroomEvents` is room to leave in the per-event tables for the tail that will be applied: grown
  /// afterwards, the records and lots would be copied whole, both copies resident for a moment (about
  /// 600 MB more at 10M events).
  static func decode(_ source: ByteSource, headroomEvents: Int = 0) throws(Refusal) -> Snapshot {
    let reader = try unframe(source, magic: magic)
    do {
      return try decodeBody(reader, headroomEvents: max(0, headroomEvents))
    } catch let refusal as Refusal {
      throw refusal
    } catch {
      throw .damaged
    }
  }

  /// The point a snapshot stands at, read from the start of its file without checking or decoding the
  /// rest, so that choosing among snapshots costs a few bytes each; the chosen one is then fully checked.
  public struct Header: Sendable, Equatable {
    public var lastSeq: Int64
    public var lastDate: LedgerDate?
    public var lastRecordedMillis: Int64
    /// Where in the log the line after the snapshot's last starts (how much tail a load will apply).
    public var nextOffset: Int64 = 0
  }

  public static func peek(_ prefix: [UInt8]) -> Header? {
    peek(prefix, magic: magic, version: formatVersion)
  }

  /// Reads the header shared by full and query snapshots (both bodies start with the log point).
  static func peek(_ prefix: [UInt8], magic: [UInt8], version: Int64) -> Header? {
    guard prefix.count > magic.count + checksumBytes, Array(prefix[0..<magic.count]) == magic else { return nil }
    var r = ByteReader(Array(prefix[(magic.count + checksumBytes)...]))
    guard (try? r.int64()) == version, (try? r.string()) != nil, let nextOffset = try? r.int64(),
      (try? r.int64()) != nil, (try? r.int64()) != nil, (try? r.string()) != nil, (try? r.int64()) != nil,
      let seq = try? r.int64(), let day = try? r.int32(), let recorded = try? r.int64()
    else { return nil }
    return Header(
      lastSeq: seq, lastDate: day == Int32.min ? nil : LedgerDate(dayNumber: day), lastRecordedMillis: recorded,
      nextOffset: nextOffset)
  }

  private static func decodeBody(_ reader: ByteReader, headroomEvents: Int) throws -> Snapshot {
    var r = reader
    let end = r.bytes.count
    let point = try Snapshot.readPointAndRegistry(&r, version: formatVersion)
    let (firstLineHash, next, lastLineOffset) = (point.firstLineHash, point.next, point.lastLineOffset)
    var s = point.state
    func count() throws -> Int {
      let n = Int(try r.int32())
      guard n >= 0, n <= end else { throw ByteReader.Truncated() }
      return n
    }
    let accountCount = try count()
    // Read in order, then indexed in one pass (a look-up per account as it was read missed every time).
    var keys: [AccountKey] = []
    var accounts: [Account] = []
    keys.reserveCapacity(accountCount + LedgerState.accountsMax(events: headroomEvents))
    accounts.reserveCapacity(keys.capacity)
    for _ in 0..<accountCount {
      var (key, a) = try Snapshot.readAccount(&r)
      a.head = try r.int32()
      let n = try count()
      a.lotQueue.reserveCapacity(n)
      for _ in 0..<n { a.lotQueue.append(try r.int32()) }
      keys.append(key)
      accounts.append(a)
      r.releaseRead()
    }
    guard let table = AccountTable(keys: keys, values: accounts) else { throw Refusal.damaged }
    (keys, accounts) = ([], [])
    s.accounts = table
    let lotCount = try count()
    s.lots.reserveCapacity(lotCount + LedgerState.lotsMax(events: headroomEvents))
    for _ in 0..<lotCount {
      let slot = try r.int32()
      guard slot >= 0, Int(slot) < accountCount else { throw Refusal.damaged }
      let record = try r.int32()
      let parent = try r.int32()
      let amount = try r.int64()
      let held = try r.int64()
      let returned = try r.int64()
      let date = LedgerDate(dayNumber: try r.int32())
      var lot = Lot(
        accountSlot: slot, record: record, parent: parent, amountFen: amount, heldFen: held, date: date,
        queuePosition: try r.int32())
      lot.returnedFen = returned
      lot.reversed = try r.uint8() == 1
      s.lots.append(lot)
      r.releaseRead()
    }
    for _ in 0..<(try count()) {
      var piece = ReturnPiece(child: try r.int32(), parent: try r.int32(), amountFen: try r.int64())
      piece.reversed = try r.uint8() == 1
      s.pieces.append(piece)
    }
    let recordCount = try count()
    s.records.reserveCapacity(recordCount + headroomEvents)
    var previousSeq: Int64 = 0
    let types = EventType.allCases
    let precisions = DatePrecision.allCases
    for _ in 0..<recordCount {
      // Seqs grow; a gap is lines refused before this record, within the state's last seq.
      let seq = try r.int64()
      guard seq > previousSeq, seq <= s.lastSeq else { throw Refusal.damaged }
      s.skippedSeqs.append(contentsOf: (previousSeq + 1)..<seq)
      previousSeq = seq
      let id = try r.string()
      let typeIndex = Int(try r.uint8())
      guard typeIndex < types.count else { throw Refusal.damaged }
      let type = types[typeIndex]
      let date = LedgerDate(dayNumber: try r.int32())
      let precisionIndex = Int(try r.uint8())
      guard precisionIndex < precisions.count else { throw Refusal.damaged }
      let precision = precisions[precisionIndex]
      let doc = try r.optionalString()
      var record = EventRecord(id: id, type: type, date: date, datePrecision: precision)
      if let doc { record.docSlot = s.noteDoc(doc, record: Int32(s.records.count)) }
      record.from = try r.int32()
      record.to = try r.int32()
      record.program = try r.int32()
      record.budgetYear = try r.int32()
      record.amountFen = try r.int64()
      record.span = (try r.int32(), try r.int32())
      record.correctedBy = try r.int32()
      record.target = try r.int32()
      record.lineOffset = try r.int64()
      s.records.append(record)
      r.releaseRead()
    }
    // The last record is the state's last seq (see `LedgerState.seq(ofRecord:)`).
    guard s.lastSeq == previousSeq else { throw Refusal.damaged }
    for system in ["functional", "economic"] {
      for _ in 0..<(try count()) {
        let code = try r.string()
        let name = try r.string()
        if system == "functional" {
          s.classification.functional[code] = name
        } else {
          s.classification.economic[code] = name
        }
      }
    }
    for _ in 0..<(try count()) {
      let record = try r.int32()
      let holder = try r.int32()
      let year = try r.int32()
      let program = try r.int32()
      let direction = try r.string()
      let phase = try r.string()
      let amount = try r.int64()
      let source = try r.optionalString()
      let kind = try r.optionalString()
      let functional = try r.optionalString()
      let economic = try r.optionalString()
      let item = try r.optionalString()
      let project = try r.optionalString()
      let link = try r.optionalString()
      s.bookLines.append(
        BookLine(
          record: record, holder: holder, budgetYear: year, direction: direction, phase: phase, amountFen: amount,
          source: source,
          kind: kind, functional: functional, economic: economic, item: item, project: project, program: program,
          link: link))
    }
    var audits: [(Int32, [UInt8])] = []
    for _ in 0..<(try count()) { audits.append((try r.int32(), try r.raw())) }
    guard r.index == end else { throw Refusal.damaged }
    s.rebuildIndexes(recordCapacity: recordCount + headroomEvents)
    for (record, json) in audits {
      // Claims are re-read from the payload against the registry, exactly as apply read them.
      guard case .object(let details) = try JSONParser.parse(json) else { throw Refusal.damaged }
      let parsed = LedgerState.parseAudit(
        details, state: s, date: s.records[Int(record)].date, eventID: s.records[Int(record)].id)
      guard parsed.reasons.isEmpty else { throw Refusal.damaged }
      s.audits.append(
        AuditRecord(record: record, claims: parsed.claims, evaluation: parsed.evaluation, detailsJSON: json))
    }
    return Snapshot(state: s, next: next, lastLineOffset: lastLineOffset, firstLineHash: firstLineHash)
  }
}

extension LedgerState {
  /// Rebuilds the name and id indexes from holders, programs and records (documents are noted as records are
  /// read), the id index with room for `recordCapacity` records; with `holders: false`
  /// the holder index is left empty and `holder(named:)` scans (a query-only state is never applied to).
  mutating func rebuildIndexes(holders indexHolders: Bool = true, recordCapacity: Int = 0) {
    holderIndex = NameIndex()
    if indexHolders {
      holderIndex.reserveCapacity(holders.count * 2)
      for (i, h) in holders.enumerated() {
        for key in [h.id, h.name] + h.aliases { holderIndex[key] = Int32(i) }
      }
    }
    programIndex = NameIndex()
    for (i, p) in programs.enumerated() {
      programIndex[p.id] = Int32(i)
      programIndex[p.name] = Int32(i)
    }
    recordIndex.rebuild(records: records, capacity: recordCapacity)
  }
}
