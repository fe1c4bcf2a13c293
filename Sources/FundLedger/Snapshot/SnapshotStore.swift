#if canImport(Glibc)
  import Glibc
#endif

/// Where a ledger's snapshots live, and how a view of the ledger is loaded through them.
///
/// Loading is "newest valid snapshot at or before the point, then the events after it, through the same
/// apply". A snapshot that is damaged, foreign or stale is refused with its reason, and the full replay is
/// used instead. Only the snapshot's own line is re-hashed against the log; `verify` checks every line.
public struct SnapshotStore: Sendable {
  public let directory: String
  public let ledger: Ledger

  /// Snapshots of `events/NAME.jsonl` live in `snapshots/` beside `events/`; any other ledger's in
  /// `PATH.snapshots/` beside it.
  public init(ledger: Ledger, directory: String? = nil) {
    self.ledger = ledger
    if let directory {
      self.directory = directory
    } else {
      // String operations, not URL, so a relative ledger path gives a relative snapshot path.
      var parts = ledger.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
      parts.removeLast()
      if parts.last == "events" {
        parts.removeLast()
        let base = parts.joined(separator: "/")
        self.directory = (parts.isEmpty ? "" : base + "/") + "snapshots"
      } else {
        self.directory = ledger.path + ".snapshots"
      }
    }
  }

  var stem: String { FileSystem.stem(ledger.path) }

  public func path(seq: Int64) -> String {
    let digits = String(seq)
    return directory + "/" + stem + "-" + String(repeating: "0", count: max(0, 10 - digits.count)) + digits + ".snap"
  }

  /// Snapshot files of this ledger, newest seq first.
  public func list() -> [(seq: Int64, path: String)] { files(".snap") }

  /// Query snapshot files of this ledger, newest seq first.
  public func listQueries() -> [(seq: Int64, path: String)] { files(".query") }

  /// Summary snapshot files of this ledger, newest seq first.
  public func listSummaries() -> [(seq: Int64, path: String)] { files(".summary") }

  func files(_ suffix: String) -> [(seq: Int64, path: String)] {
    guard let names = FileSystem.entries(of: directory) else { return [] }
    let prefix = stem + "-"
    return names.compactMap { name -> (Int64, String)? in
      guard name.hasPrefix(prefix), name.hasSuffix(suffix),
        let seq = Int64(name.dropFirst(prefix.count).dropLast(suffix.count))
      else { return nil }
      return (seq, directory + "/" + name)
    }.sorted { $0.0 > $1.0 }
  }

  /// Deletes all but the newest `kept` full and register snapshots and the newest `queries` query snapshots: as-of
  /// queries at recent points stay fast while disk use stays bounded (at 10M events a full snapshot is
  /// about 1.6 GB and a query snapshot about 200 MB).
  public func prune(keepingFull kept: Int, queries: Int = 12) {
    for (_, path) in list().dropFirst(max(1, kept)) { FileSystem.remove(path) }
    for (_, path) in listRegisters().dropFirst(max(1, kept)) { FileSystem.remove(path) }
    for (_, path) in listQueries().dropFirst(max(1, queries)) { FileSystem.remove(path) }

  }

  /// Writes a snapshot of `loaded` (which must have been read from the start or from a snapshot): the full
  /// snapshot as it is encoded, the others as soon as each is, so that no file is held whole in memory
  /// (at 10M events the full snapshot alone is 1.6 GB).
  @discardableResult
  public func write(_ loaded: Ledger.Loaded) throws -> String {
    let written = try writeUnpublished(loaded)
    try publish(written)
    return written.path
  }

  /// The files of a snapshot, written under temporary names and not yet in place (`publish`).
  public struct Written: Sendable {
    /// The full snapshot's path, the query, summary and register snapshots going beside it (for
    /// companions written without it, the query snapshot's path; for a set of day-end summaries, their
    /// directory).
    public let path: String
    /// Each file's temporary name and its name once published, the full snapshot first.
    var files: [(temporary: String, target: String)]
  }

  /// Encodes the full, query, summary and register snapshots of `loaded` and writes each to a temporary
  /// file, so that a caller can do this while its lines are still being written (`LedgerWriter.commit`) and
  /// `publish` them once the lines are on disk: a temporary file is no snapshot, so none stands before
  /// the lines it covers. `firstLineHash` is the log's first line's hash when the caller knows it (the log
  /// may not hold that line yet).
  ///
  /// The full snapshot is encoded on one core while the three beside it are on the other: they only
  /// read the state. The full snapshot is written as it is encoded (`Snapshot.write(streamingTo:)`); the
  /// others as soon as each is encoded. On failure no temporary file is left.
  public func writeUnpublished(_ loaded: Ledger.Loaded, firstLineHash known: String? = nil) throws -> Written {
    try FileSystem.createDirectories(directory)
    let firstLineHash = try known ?? firstLineHash() ?? LedgerState.genesisHash
    let target = path(seq: loaded.state.lastSeq)
    let halves = Parallel.map(count: 2, partCountMin: 1) { part -> (files: [String], error: LedgerError?) in
      var files: [String] = []
      do {
        if part.lowerBound == 0 {
          let snapshot = Snapshot(
            state: loaded.state, next: loaded.next, lastLineOffset: loaded.lastLineOffset,
            firstLineHash: firstLineHash)
          try snapshot.write(streamingTo: temporaryPath(target))
          files.append(target)
        } else {
          try encodeCompanions(loaded, target: target, firstLineHash: firstLineHash) { path, parts in
            try writeTemporary(path, parts: parts)
            files.append(path)
          }
        }
        return (files, nil)
      } catch {
        return (files, error as? LedgerError ?? .io(path: target, operation: "write", errno: 0))
      }
    }
    let written = Written(path: target, files: halves.flatMap(\.files).map { (temporaryPath($0), $0) })
    if let error = halves.compactMap(\.error).first {
      discard(written)
      throw error
    }
    return written
  }

  /// Moves the files of `written` into place, the full snapshot first; on failure, removes the temporary
  /// files not moved.
  public func publish(_ written: Written) throws {
    for (index, file) in written.files.enumerated() {
      // rename(2) replaces an existing file in one step (FileManager's move refuses to, and removing first
      // left a moment without the file), and costs one system call instead of several.
      guard rename(file.temporary, file.target) == 0 else {
        let error = LedgerError.io(path: file.target, operation: "rename", errno: errno)
        for rest in written.files[index...] { FileSystem.remove(rest.temporary) }
        throw error
      }
    }
  }

  /// Removes the temporary files of `written` (a commit that failed after writing them).
  public func discard(_ written: Written) {
    for file in written.files { FileSystem.remove(file.temporary) }
  }

  /// Writes the query, summary and register snapshots of `loaded` without the full one (or, with
  /// `queryOnly`, the query snapshot alone), under temporary names, not yet in place (`publish`).
  ///
  /// Between full snapshots, which cost in proportion to the state, these keep `history`, `status` and
  /// `balance` near the end of the log (and as of month ends) read rather than replayed.
  public func writeUnpublishedCompanions(
    _ loaded: Ledger.Loaded, firstLineHash known: String? = nil, queryOnly: Bool
  ) throws -> Written {
    try FileSystem.createDirectories(directory)
    let firstLineHash = try known ?? firstLineHash() ?? LedgerState.genesisHash
    let target = path(seq: loaded.state.lastSeq)
    var written = Written(path: queryPath(target), files: [])
    do {
      if queryOnly {
        try writeTemporary(queryPath(target), parts: [encodeQuery(loaded, firstLineHash: firstLineHash)])
        written.files.append((temporaryPath(queryPath(target)), queryPath(target)))
      } else {
        try encodeCompanions(loaded, target: target, firstLineHash: firstLineHash) { path, parts in
          try writeTemporary(path, parts: parts)
          written.files.append((temporaryPath(path), path))
        }
      }
    } catch {
      discard(written)
      throw error
    }
    return written
  }

  private func encodeQuery(_ loaded: Ledger.Loaded, firstLineHash: String) -> [UInt8] {
    QuerySnapshot.encode(
      loaded.state, next: loaded.next, lastLineOffset: loaded.lastLineOffset, firstLineHash: firstLineHash)
  }

  /// Encodes the query, summary and register snapshots of `loaded` in turn and hands each to `body`.
  private func encodeCompanions(
    _ loaded: Ledger.Loaded, target: String, firstLineHash: String, _ body: (String, [[UInt8]]) throws -> Void
  ) rethrows {
    let (state, next, lastLineOffset) = (loaded.state, loaded.next, loaded.lastLineOffset)
    try body(queryPath(target), [encodeQuery(loaded, firstLineHash: firstLineHash)])
    try body(
      summaryPath(target),
      [SummarySnapshot.encode(state, next: next, lastLineOffset: lastLineOffset, firstLineHash: firstLineHash)])
    if let parts = RegisterSnapshot.encode(
      state, next: next, lastLineOffset: lastLineOffset, firstLineHash: firstLineHash)
    {
      try body(registerPath(target), parts)
    }
  }

  /// The summary snapshot beside a snapshot file.
  func summaryPath(_ snapshotPath: String) -> String { String(snapshotPath.dropLast(5)) + ".summary" }

  /// Where the summary snapshot at `seq` goes; nil if one is already there.
  func summaryPath(seq: Int64) -> String? {
    let target = summaryPath(path(seq: seq))
    return FileSystem.exists(target) ? nil : target
  }

  /// The files the day-end summaries taken at `seqs` go to, with their temporary names: an append writes
  /// each under its temporary name (`writeTemporary`) while its lines are written, and `publish`es them
  /// once the lines are on disk.
  func summaryFiles(seqs: [Int64]) -> Written {
    Written(
      path: directory,
      files: seqs.map { seq in
        let target = summaryPath(path(seq: seq))
        return (temporaryPath(target), target)
      })
  }

  /// Deletes the summaries that a newer one at `seq`, whose last event is dated `lastDate`, supersedes:
  /// those of the same last date at a lower seq. The day had not ended there, so no date bound is served
  /// by them, and without this, a thousand small appends in one day would push every day-end summary out
  /// of the newest `kept`. One beside a full snapshot stays with it.
  func pruneSupersededSummaries(seq: Int64, lastDate: LedgerDate) {
    for (older, path) in listSummaries() where older < seq {
      guard let header = peekHeader(path, magic: SummarySnapshot.magic, version: SummarySnapshot.formatVersion),
        header.lastDate == lastDate
      else { break }
      if !FileSystem.exists(self.path(seq: older)) { FileSystem.remove(path) }
    }
  }

  /// Deletes all but the newest `kept` summary snapshots.
  public func pruneSummaries(keeping kept: Int) {
    for (_, path) in listSummaries().dropFirst(max(1, kept)) { FileSystem.remove(path) }
  }

  /// The query snapshot beside a snapshot file.
  func queryPath(_ snapshotPath: String) -> String { String(snapshotPath.dropLast(5)) + ".query" }

  private func temporaryPath(_ target: String) -> String { target + ".tmp" }

  /// Writes `parts` one after another to `target`'s temporary file.
  func writeTemporary(_ target: String, parts: [[UInt8]]) throws {
    let temporary = temporaryPath(target)
    // Straight from the arrays (a `Data` copy of a full snapshot at 10M events would be another 1.6 GB).
    guard let file = fopen(temporary, "wb") else {
      throw LedgerError.io(path: temporary, operation: "open", errno: errno)
    }
    var complete = true
    for bytes in parts {
      let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
      complete = complete && written == bytes.count
    }
    let closed = fclose(file)
    guard complete, closed == 0 else {
      let error = LedgerError.io(path: temporary, operation: "write", errno: errno)
      FileSystem.remove(temporary)
      throw error
    }
  }

  /// The registry and account figures as of `bound` from a query snapshot, when one covers the bound
  /// exactly: its point lies within the bound and the next event in the log (if any) lies beyond it.
  /// Nil when none does; the caller then loads the full state.
  public func loadQueryView(bound: ReplayBound) -> View? { queryView(bound: bound).view }

  /// As `loadQueryView`, with the query snapshots that were refused and why.
  public func queryView(bound: ReplayBound) -> (view: View?, refusals: [(path: String, reason: Snapshot.Refusal)]) {
    companionView(
      bound: bound, files: listQueries(), magic: QuerySnapshot.magic, version: QuerySnapshot.formatVersion,
      decode: QuerySnapshot.decode)
  }

  /// The registry without recipients and the figures summed per (program, year), as of `bound`, from a
  /// summary snapshot that covers the bound exactly; nil when none does.
  public func summaryView(bound: ReplayBound) -> (view: View?, refusals: [(path: String, reason: Snapshot.Refusal)]) {
    companionView(
      bound: bound, files: listSummaries(), magic: SummarySnapshot.magic, version: SummarySnapshot.formatVersion,
      decode: SummarySnapshot.decode)
  }

  /// The newest companion snapshot (query or summary) within `bound`, if it covers the bound exactly: its
  /// point lies within the bound, the log still holds its last line, and the next event lies beyond.
  private func companionView(
    bound: ReplayBound, files: [(seq: Int64, path: String)], magic: [UInt8], version: Int64,
    decode: (ByteSource) throws(Snapshot.Refusal) -> Snapshot.Companion
  ) -> (view: View?, refusals: [(path: String, reason: Snapshot.Refusal)]) {
    func within(_ path: String) -> Bool {
      guard let header = peekHeader(path, magic: magic, version: version) else { return true }
      if let date = bound.date, let last = header.lastDate, last > date { return false }
      if let known = bound.knownAtMillis, header.lastRecordedMillis > known { return false }
      if let seqMax = bound.seqMax, header.lastSeq > seqMax { return false }
      return true
    }
    // Date, recorded time and seq all grow with seq, so "within the bound" holds from some file on (newest
    // first): a binary search finds it in a few header reads among hundreds of day-end summaries.
    var low = 0
    var high = files.count
    while low < high {
      let middle = (low + high) / 2
      if within(files[middle].path) { high = middle } else { low = middle + 1 }
    }
    // The newest file within the bound is the only candidate (its header was read by the search): it
    // serves, or the caller falls back to the query snapshot or the full load.
    guard low < files.count else { return (nil, []) }
    let path = files[low].path
    // Mapped, not read (see `ByteReader`).
    guard let file = MappedFile(path: path) else { return (nil, []) }
    let decoded: Snapshot.Companion
    do {
      decoded = try decode(ByteSource(mapped: file))
    } catch {
      return (nil, [(path, error)])
    }
    let (state, next, lastLineOffset, firstLineHash) = decoded
    // The log must still hold the snapshot's line, and nothing after it may fall within the bound.
    guard state.lastSeq > 0 else { return (nil, [(path, .foreign)]) }
    if let refusal = pointRefusal(
      firstLineHash: firstLineHash, lastLineOffset: lastLineOffset, next: next, lastSeq: state.lastSeq)
    {
      return (nil, [(path, refusal)])
    }
    if let following = followingEvent(at: next), bound.includes(following) { return (nil, []) }
    let loaded = Ledger.Loaded(
      state: state, summary: LogReader.Summary(), next: next, eventsApplied: 0, lastLineOffset: lastLineOffset)
    return (View(loaded: loaded, snapshotPath: path, refusals: []), [])
  }

  /// Why a companion snapshot standing at `next` cannot be used with this log, or nil if it can: the log
  /// must begin with the same line and still hold the snapshot's last line, byte for byte.
  func pointRefusal(firstLineHash: String, lastLineOffset: Int64, next: LogReader.Start, lastSeq: Int64)
    -> Snapshot.Refusal?
  {
    guard (try? firstLineHash == self.firstLineHash()) == true else { return .foreign }
    guard let line = try? lineBytes(from: lastLineOffset, to: next.offset - 1), SHA256.hex(line) == next.hash else {
      return .stale(seq: lastSeq)
    }
    return nil
  }

  /// The header of a snapshot file, from its first few hundred bytes.
  func peekHeader(_ path: String, magic: [UInt8] = Snapshot.magic, version: Int64 = Snapshot.formatVersion)
    -> Snapshot.Header?
  {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var prefix = [UInt8](repeating: 0, count: 4096)
    let count = prefix.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
    return Snapshot.peek(Array(prefix[0..<count]), magic: magic, version: version)
  }

  /// Reads and checks one snapshot file against the log, leaving room for `headroomEvents` more (see
  /// `Snapshot.decode(_:headroomEvents:)`).
  public func open(_ path: String, headroomEvents: Int = 0) throws(Snapshot.Refusal) -> Snapshot {
    // Mapped, not read: see `ByteReader`.
    guard let file = MappedFile(path: path) else { throw .unreadable(path) }
    let snapshot = try Snapshot.decode(ByteSource(mapped: file), headroomEvents: headroomEvents)
    let first: String?
    do { first = try firstLineHash() } catch { throw .stale(seq: snapshot.state.lastSeq) }
    if snapshot.state.lastSeq > 0 {
      guard first == snapshot.firstLineHash else { throw .foreign }
      let line = try? lineBytes(from: snapshot.lastLineOffset, to: snapshot.next.offset - 1)
      guard let line, SHA256.hex(line) == snapshot.next.hash else { throw .stale(seq: snapshot.state.lastSeq) }
    }
    return snapshot
  }

  /// The event on the line at `start`, read on its own (not hashed: only its date and time are needed to
  /// tell whether a companion snapshot covers a bound). Nil at the end of the log or if it does not decode.
  func followingEvent(at start: LogReader.Start) -> Event? {
    var event: Event?
    try? LineScanner.scan(path: ledger.path, offset: start.offset, firstLine: start.line, chunkBytes: 64 << 10) {
      item in
      if case .line(_, _, let bytes, _) = item {
        event = FastEventDecoder.decode(bytes) ?? (try? EventCodec.decode(bytes, mode: .stored))
      }
      return false
    }
    return event
  }

  /// The SHA-256 of the log's first line, or nil for an empty log.
  func firstLineHash() throws -> String? {
    var hash: String?
    try LineScanner.scan(path: ledger.path, chunkBytes: 64 << 10) { item in
      if case .line(_, _, let bytes, _) = item { hash = SHA256.hex(bytes) }
      return false
    }
    return hash
  }

  private func lineBytes(from start: Int64, to end: Int64) throws -> [UInt8] {
    guard FileSystem.exists(ledger.path) else { throw Snapshot.Refusal.unreadable(ledger.path) }
    guard start >= 0, end >= start,
      let bytes = FileSystem.read(ledger.path, offset: start, count: Int(end - start + 1)), bytes.last == 0x0A
    else { throw Snapshot.Refusal.stale(seq: 0) }
    return Array(bytes.dropLast())
  }

  /// A loaded view and how it was obtained.
  public struct View: Sendable {
    public var loaded: Ledger.Loaded
    /// The snapshot the view started from, if any.
    public var snapshotPath: String?
    /// Snapshots that were refused, with why.
    public var refusals: [(path: String, reason: Snapshot.Refusal)]
  }

  /// Loads the ledger up to `bound`, starting from the newest usable snapshot that lies within it.
  public func load(
    bound: ReplayBound = .end, useSnapshots: Bool = true, progress: ((Int64) -> Void)? = nil,
    observe: ((LogReader.Frame, LedgerState) throws -> Void)? = nil
  ) throws -> View {
    var refusals: [(String, Snapshot.Refusal)] = []
    if useSnapshots {
      for (_, path) in list() {
        // Skip, by their headers alone, snapshots that lie beyond the bound.
        let header = peekHeader(path)
        if let header {
          if let date = bound.date, let last = header.lastDate, last > date { continue }
          if let known = bound.knownAtMillis, header.lastRecordedMillis > known { continue }
          if let seqMax = bound.seqMax, header.lastSeq > seqMax { continue }
        }
        let snapshot: Snapshot
        do {
          // Room for the tail the log holds after it (the bound may stop earlier; room left unused is
          // address space, not memory).
          snapshot = try open(path, headroomEvents: header.map { ledger.expectedEvents(after: $0.nextOffset) } ?? 0)
        } catch {
          refusals.append((path, error))
          continue
        }
        // A snapshot is usable when every event it holds lies within the bound.
        if let date = bound.date, let last = snapshot.state.lastDate, last > date { continue }
        if let known = bound.knownAtMillis, snapshot.state.lastRecordedMillis > known { continue }
        if let seqMax = bound.seqMax, snapshot.state.lastSeq > seqMax { continue }
        // The state is moved out of the snapshot, so that applying the tail does not copy its tables.
        let (next, lastLineOffset) = (snapshot.next, snapshot.lastLineOffset)
        let loaded = try ledger.load(
          from: next, state: (consume snapshot).state, bound: bound, progress: progress,
          lastLineOffset: lastLineOffset, observe: observe)
        return View(loaded: loaded, snapshotPath: path, refusals: refusals)
      }
    }
    return View(
      loaded: try ledger.load(bound: bound, progress: progress, observe: observe), snapshotPath: nil, refusals: refusals
    )
  }
}
