#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An open, locked ledger that events are staged into and then written in one go.
///
/// Staging stamps an event (seq, recorded), validates and applies it through `LedgerState.apply`, and hands
/// it to a `LineEncoder`, which makes its line (with `prev`) on another thread; `commit` waits for the
/// lines, writes them with one `pwrite` and fsyncs. Large imports and the generator commit in batches
/// while keeping the lock and the state. Until `commit`, the records of staged events have no line offset
/// and the state's last line hash is the last committed line's.
public final class LedgerWriter {
  public let ledger: Ledger
  public private(set) var state: LedgerState
  private let fd: Int32
  private var endOffset: Int64
  /// Makes the lines of the events staged since the last commit.
  private var encoder: LineEncoder
  /// The number of the first record staged since the last commit.
  private var firstStagedRecord: Int
  /// The time every line of this writer is stamped with, parsed once (not again per staged event).
  private var recorded: RecordedTime
  private let snapshots: SnapshotStore?
  private var closed = false
  /// Write the query, summary and register snapshots after this many events since the newest ones, and
  /// a full snapshot with them after this many or `1 / snapshotSpacingDivisor` of the ledger, whichever is
  /// more (0: no automatic snapshots at all).
  public var snapshotEvery: Int64 = 100_000
  /// Full snapshots are spaced by a fraction of the ledger once it is large: each costs time and disk in
  /// proportion to the state (1.4 GB at 10M events), so a fixed spacing makes appending quadratic (a 10M
  /// generate wrote over a hundred of them). With an eighth, a ledger's full snapshots together cost about
  /// nine times its last one, and a replay from the nearest reads at most an eighth of the log; the
  /// smaller companions in between keep `history`, `status` and `balance` read, not replayed.
  public var snapshotSpacingDivisor: Int64 = 8
  /// A commit made at a month end (`commit(atMonthEnd: true)`) writes a query snapshot if at least this
  /// many events came since the newest one (a full snapshot has one beside it): `balance` and `status` as
  /// of a month end are then read, not replayed.
  public var monthEndSnapshotEventsMin: Int64 = 10_000
  /// Full snapshots kept after an automatic one is written, and query snapshots kept.
  public var fullSnapshotsKept = 3
  public var querySnapshotsKept = 12
  /// Write a summary snapshot at every day end of effective date (the state just before the first event
  /// of a new day is staged), so that region and program tables as of any date are read, not replayed.
  public var daySummaries = true {
    didSet { state.changedSlots.isNoting = daySummaries && snapshots != nil }
  }
  /// Summary snapshots kept (a few hundred kilobytes each at 10M events; 1,000 is about three years of days).
  public var summarySnapshotsKept = 1_000
  private var lastSnapshotSeq: Int64
  /// The seqs of the newest register (with query and summary) and query snapshots this writer knows of.
  private var lastCompanionsSeq: Int64
  private var lastQuerySnapshotSeq: Int64
  private var lastLineOffset: Int64
  /// The seqs of the day-end summaries taken while staging. Each is written under a temporary name as soon
  /// as the lines up to it are made (its log point is then known), while staging goes on, and moved into
  /// place by the commit once the lines are on disk.
  private var takenSummarySeqs: [Int64] = []
  /// The writes of those summaries' temporary files, one after another on a background queue.
  private var summaryWrites = BackgroundWrites()
  /// Carries the summaries' sums from one day end to the next.
  private var summaryBuilder = SummaryBuilder()
  private var firstLineHash: String?

  /// What `stage` did with an event.
  public enum Staged {
    /// Applied; the event as it will be written, with its seq and recorded time (its `prev` is given when
    /// its line is made, after the lines before it).
    case staged(Event)
    case alreadyPresent
    case refused([Reason])

    var isStaged: Bool { if case .staged = self { true } else { false } }
  }

  public init(ledger: Ledger, snapshots: SnapshotStore? = nil, nowMillis: Int64 = Timestamp.nowMillis()) throws {
    self.ledger = ledger
    self.snapshots = snapshots
    let fd = open(ledger.path, O_RDWR)
    guard fd >= 0 else {
      if errno == ENOENT { throw LedgerError.fileNotFound(path: ledger.path) }
      throw LedgerError.io(path: ledger.path, operation: "open", errno: errno)
    }
    while flock(fd, LOCK_EX) != 0 {
      if errno != EINTR {
        Glibc.close(fd)
        throw LedgerError.io(path: ledger.path, operation: "flock", errno: errno)
      }
    }
    self.fd = fd
    do {
      let loaded: Ledger.Loaded
      var snapshotSeq: Int64 = 0
      if let snapshots {
        let view = try snapshots.load()
        loaded = view.loaded
        if view.snapshotPath != nil { snapshotSeq = view.loaded.state.lastSeq - Int64(view.loaded.eventsApplied) }
      } else {
        loaded = try ledger.load()
      }
      // A torn tail is damage: refuse to write after it.
      _ = try LogReader.read(path: ledger.path, from: loaded.next) { _ in true }
      state = loaded.state
      encoder = LineEncoder(previous: loaded.state.lastDigest)
      firstStagedRecord = loaded.state.records.count
      firstLineHash = state.lastSeq > 0 ? try snapshots?.firstLineHash() : nil
      endOffset = loaded.next.offset
      lastLineOffset = loaded.lastLineOffset
      lastSnapshotSeq = snapshotSeq
      // The companions may stand after the full snapshot: counted from it instead, every append after a
      // reopen would write them again (450 MB at 10M events for a one-event append).
      func newest(_ files: [(seq: Int64, path: String)]) -> Int64 {
        files.first { $0.seq <= loaded.state.lastSeq }?.seq ?? 0
      }
      lastCompanionsSeq = max(snapshotSeq, newest(snapshots?.listRegisters() ?? []))
      lastQuerySnapshotSeq = max(lastCompanionsSeq, newest(snapshots?.listQueries() ?? []))
    } catch {
      flock(fd, LOCK_UN)
      Glibc.close(fd)
      throw error
    }
    recorded = RecordedTime(Timestamp.format(millis: max(nowMillis, state.lastRecordedMillis)))!
    state.changedSlots.isNoting = daySummaries && snapshots != nil
    state.changedSlots.restart(at: state.records.count)
  }

  /// Expects about `events` stages before the next commit, so that neither the state's tables nor the
  /// line buffer grow by doubling: each doubling copies, and writes fresh pages the kernel must first clear
  /// (at 1M events the line buffer's growth alone was a tenth of an import's CPU). The buffer is sized
  /// once the first `LineEncoder.sampleLines` lines show how long a line is.
  public func expect(events: Int) {
    state.reserveCapacity(events: events)
    encoder.expect(lines: events)
  }

  /// Validates and applies one event; its line is made on the encoder's thread and written at the next
  /// `commit` (which refuses the batch if a line is too long for the log: see `overlongLine`).
  public func stage(_ input: Event) -> Staged { stage(input, hint: nil, state: &state) }

  /// As `stage(_:)`, with what a `StagingPass` worked out for the event: a movement that names its
  /// holders and program by id is applied with the numbers found there instead of looked up again.
  func stage(_ input: Event, hint: ApplyHint?) -> Staged { stage(input, hint: hint, state: &state) }

  /// The `StagingPass` for about `events` events to be staged next (its hints follow the state as it
  /// stands); one that gives no hints for a small batch (`StagingPass.eventsMin`).
  func stagingPass(events: Int) -> StagingPass { StagingPass(state: state, enabled: events >= StagingPass.eventsMin) }

  /// False once an `open` or `define` was not staged: a `StagingPass` took it in, so the numbers it
  /// gives from then on may not be the state's.
  private var passTrusted = true

  /// Asks for what staging the events after `index` will read, before the event at `index` is staged:
  /// each stage of `LedgerState.prefetch(_:distance:)` a few events ahead, as replay does, from the
  /// numbers the window's `StagingPass` found. Only hints: a wrong one costs a wasted request.
  func prefetch(_ hints: StagingPass.Hints, before index: Int) {
    for distance in 1...LedgerState.prefetchDistance {
      if let hint = hints[index + distance] { state.prefetch(hint, distance: distance) }
    }
  }

  /// Takes a summary of `state` as it stands (after the lines staged so far), written under a temporary
  /// name once those lines are made and moved into place by the next commit once they are on disk; false
  /// when summaries are off or one is already taken or written at this seq.
  ///
  /// Written at the commit, the summaries of a 1M-event import (hundreds of files, 40 MB) were the last
  /// thing the commit waited for, about a quarter of a second after the full snapshot was in place.
  @discardableResult
  private func takeSummary(of state: inout LedgerState) -> Bool {
    guard let snapshots, daySummaries, takenSummarySeqs.last != state.lastSeq,
      snapshots.summaryPath(seq: state.lastSeq) != nil
    else { return false }
    var point = LedgerState()
    point.lastSeq = state.lastSeq
    point.lastDate = state.lastDate
    point.lastRecordedMillis = state.lastRecordedMillis
    let dayEnd = point
    let body = SummarySnapshot.encodeBody(state, builder: &summaryBuilder)
    // The builder has seen every record: the slots noted from here on are the next summary's.
    state.changedSlots.restart(at: state.records.count)
    takenSummarySeqs.append(point.lastSeq)
    let lineCount = encoder.mark()
    // Where the lines of this batch start and where the last committed one does (a summary taken before
    // any line of the batch stands there): neither moves until the commit.
    let (base, committedLastLineOffset, firstLineHash) = (endOffset, lastLineOffset, self.firstLineHash)
    let target = snapshots.summaryFiles(seqs: [point.lastSeq]).files[0].target
    let writes = summaryWrites
    encoder.afterLines { encoder in
      let (linePoint, firstDigest) = (encoder.point(after: lineCount)!, encoder.firstDigest)
      var pointState = dayEnd
      pointState.lastDigest = linePoint.digest
      let next = LogReader.Start(
        offset: base + Int64(linePoint.nextLineStart), line: Int(dayEnd.lastSeq) + 1, seq: dayEnd.lastSeq,
        digest: linePoint.digest)
      // The log's first line, as `finishLines` will note it when this batch starts the log.
      let first = firstLineHash ?? (base == 0 ? firstDigest?.hex : nil) ?? LedgerState.genesisHash
      let bytes = SummarySnapshot.assemble(
        body: body, point: pointState, next: next,
        lastLineOffset: linePoint.lastLineStart.map { base + Int64($0) } ?? committedLastLineOffset,
        firstLineHash: first)
      writes.enqueue {
        try FileSystem.createDirectories(snapshots.directory)
        try snapshots.writeTemporary(target, parts: [bytes])
      }
    }
    return true
  }

  /// `stage`, with the state passed in place: a method called on a class's stored struct is called on a
  /// copy (every array the state holds retained, then released), once per call and event.
  private func stage(_ input: Event, hint: ApplyHint?, state: inout LedgerState) -> Staged {
    var stamped: Event
    let resolved: ResolvedNames?
    if let hint, hint.namesAreIDs, passTrusted {
      stamped = input
      resolved = ResolvedNames(from: hint.from, to: hint.to, program: hint.program)
    } else {
      (stamped, resolved) = state.canonicalizeResolving(input)
    }
    let staged = stage(stamped: &stamped, resolved: resolved, state: &state)
    if input.type == .open || input.type == .define, !staged.isStaged { passTrusted = false }
    return staged
  }

  /// `stage` once the event is in canonical form; `stamped` is stamped here.
  private func stage(stamped: inout Event, resolved: ResolvedNames?, state: inout LedgerState) -> Staged {
    stamped.v = Event.schemaVersion
    stamped.seq = state.lastSeq + 1
    stamped.recordedTime = recorded
    if let last = state.lastDate, stamped.date > last, state.lastSeq > 0 { takeSummary(of: &state) }
    let reasons = state.apply(stamped, lineDigest: nil, lineOffset: -1, resolved: resolved)
    guard reasons.isEmpty else {
      // An id already used is found by `apply` (not looked up here first: a second probe per event of an
      // index far larger than the caches). The same event again is no error; another event under its id is
      // refused for that alone.
      if reasons.contains(where: { if case .idMustBeUnique = $0 { true } else { false } }),
        let existing = state.recordNumber(id: stamped.id)
      {
        // The ledger's own fields just stamped are not compared.
        return sameContent(Int(existing), state.records[Int(existing)].lineOffset, stamped)
          ? .alreadyPresent : .refused([.idMustBeUnique(id: stamped.id)])
      }
      return .refused(reasons)
    }
    encoder.add(stamped)
    return .staged(stamped)
  }

  /// Reads the line an existing event was written as (from the file, or from the lines staged since the
  /// last commit) and compares everything but the ledger's own fields.
  private func sameContent(_ record: Int, _ lineOffset: Int64, _ event: Event) -> Bool {
    var line: [UInt8] = []
    if record >= firstStagedRecord {
      encoder.drain()
      line = Array(encoder.line(record - firstStagedRecord))
    } else {
      guard lineOffset >= 0 else { return false }
      var chunk = [UInt8](repeating: 0, count: LineScanner.lineBytesMax + 1)
      let count = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(lineOffset)) }
      guard count > 0, let end = chunk[0..<count].firstIndex(of: 0x0A) else { return false }
      line = Array(chunk[0..<end])
    }
    guard let original = try? EventCodec.decode(line, mode: .stored) else { return false }
    return EventCodec.content(original) == EventCodec.content(event)
  }

  /// The first staged line too long for the log, if any: its seq, event id and length. Waits for the
  /// lines to be made; `commit` refuses to write while there is one.
  public func overlongLine() -> (seq: Int64, id: String, bytes: Int)? {
    encoder.drain()
    return encoder.overlong.map { (state.seq(ofRecord: firstStagedRecord + $0.index), $0.id, $0.bytes) }
  }

  /// Waits for the staged lines, then gives the state what only they know: each record's line offset, the
  /// last line's hash and offset, and the first line's hash if the log was empty.
  private func finishLines() throws {
    if let overlong = overlongLine() {
      throw LedgerError.rejected([
        Violation(
          line: Int(overlong.seq), eventID: overlong.id,
          reason: .lineMustFitTheLimit(bytes: overlong.bytes, limit: LineScanner.lineBytesMax))
      ])
    }
    state.setLineOffsets(fromRecord: firstStagedRecord, base: endOffset, starts: encoder.starts)
    if let last = encoder.starts.last {
      state.lastDigest = encoder.lastDigest
      lastLineOffset = endOffset + Int64(last)
      if firstLineHash == nil, endOffset == 0, let first = encoder.firstDigest { firstLineHash = first.hex }
    }
  }

  /// Writes the staged lines in one write and fsyncs; then a full snapshot if enough events have passed
  /// (`snapshotEvery`, `snapshotSpacingDivisor`), else its companions if `snapshotEvery` have, else a
  /// query snapshot at a month end of effective date (the caller knows: the next event it will stage is in
  /// a new month).
  ///
  /// The lines are written and synced on another thread while the snapshot, if one is due, is encoded
  /// and written under temporary names (at 1M events each takes about half a second); it is moved into
  /// place only once the lines are on disk, and if they cannot be written, it is removed. A commit that throws leaves the writer's state ahead
  /// of the file: close it.
  public func commit(atMonthEnd: Bool = false) throws {
    guard encoder.count > 0 else { return }
    // Where the last committed line starts: a day-end summary taken before any line was staged stands there.
    let committedLastLineOffset = lastLineOffset
    let snapshotsOn = snapshots != nil && snapshotEvery > 0
    let snapshotDue =
      snapshotsOn
      && state.lastSeq - lastSnapshotSeq >= max(snapshotEvery, lastSnapshotSeq / max(1, snapshotSpacingDivisor))
    let companionsDue = snapshotsOn && !snapshotDue && state.lastSeq - lastCompanionsSeq >= snapshotEvery
    let querySnapshotDue =
      snapshotsOn && !snapshotDue && !companionsDue && atMonthEnd
      && state.lastSeq - lastQuerySnapshotSeq >= monthEndSnapshotEventsMin
    // A summary of the state the commit ends at, unless the companions (one is a summary) are due:
    // `status` and shallow `balance`s right after an append are then read, not loaded from the newest
    // full snapshot and its tail (about 4 s at 10M events when the append's day had already begun).
    var endSummary: (seq: Int64, date: LedgerDate)?
    if !snapshotDue && !companionsDue, let lastDate = state.lastDate, takeSummary(of: &state) {
      endSummary = (state.lastSeq, lastDate)
    }
    try finishLines()
    // Each summary's temporary file was queued once its lines were made; the lines are all made now.
    let summaryWrites = self.summaryWrites
    let summaryFiles = snapshots?.summaryFiles(seqs: takenSummarySeqs)
    let summariesWritten = !takenSummarySeqs.isEmpty
    /// Waits for the summaries' temporary files and removes them (the commit failed).
    func dropSummaries() {
      try? summaryWrites.finish()
      if let summaryFiles { snapshots?.discard(summaryFiles) }
    }
    let lines = BackgroundWrites()
    let (bytes, fd, ledger, offset) = (encoder.takeLines(), self.fd, self.ledger, endOffset)
    lines.enqueue {
      try ledger.writeAll(fd: fd, bytes: bytes, at: offset)
      guard fsync(fd) == 0 else { throw LedgerError.io(path: ledger.path, operation: "fsync", errno: errno) }
    }
    var snapshot: SnapshotStore.Written?
    if let snapshots, snapshotDue || companionsDue || querySnapshotDue {
      let next = LogReader.Start(
        offset: endOffset + Int64(bytes.count), line: Int(state.lastSeq) + 1, seq: state.lastSeq,
        digest: state.lastDigest)
      let loaded = Ledger.Loaded(
        state: state, summary: LogReader.Summary(), next: next, eventsApplied: 0, lastLineOffset: lastLineOffset)
      do {
        snapshot =
          try snapshotDue
          ? snapshots.writeUnpublished(loaded, firstLineHash: firstLineHash)
          : snapshots.writeUnpublishedCompanions(loaded, firstLineHash: firstLineHash, queryOnly: querySnapshotDue)
      } catch {
        try? lines.finish()
        dropSummaries()
        throw error
      }
    }
    do {
      try lines.finish()
    } catch {
      if let snapshot { snapshots?.discard(snapshot) }
      dropSummaries()
      throw error
    }
    endOffset += Int64(bytes.count)
    encoder = LineEncoder(previous: state.lastDigest)
    firstStagedRecord = state.records.count
    takenSummarySeqs.removeAll()
    self.summaryWrites = BackgroundWrites()
    guard let snapshots, let summaryFiles else { return }
    if let snapshot {
      do {
        try snapshots.publish(snapshot)
      } catch {
        dropSummaries()
        throw error
      }
      snapshots.prune(keepingFull: fullSnapshotsKept, queries: querySnapshotsKept)
      if snapshotDue { lastSnapshotSeq = state.lastSeq }
      if snapshotDue || companionsDue { lastCompanionsSeq = state.lastSeq }
      lastQuerySnapshotSeq = state.lastSeq
    }
    do {
      try summaryWrites.finish()
    } catch {
      dropSummaries()
      throw error
    }
    try snapshots.publish(summaryFiles)
    if let endSummary { snapshots.pruneSupersededSummaries(seq: endSummary.seq, lastDate: endSummary.date) }
    if summariesWritten { snapshots.pruneSummaries(keeping: summarySnapshotsKept) }
  }

  /// Releases the lock; staged lines not committed are dropped.
  public func close() {
    guard !closed else { return }
    closed = true
    encoder.drain()
    encoder = LineEncoder(previous: state.lastDigest)
    // Summaries taken for lines never committed: their temporary files go.
    try? summaryWrites.finish()
    if let snapshots, !takenSummarySeqs.isEmpty { snapshots.discard(snapshots.summaryFiles(seqs: takenSummarySeqs)) }
    takenSummarySeqs.removeAll()
    flock(fd, LOCK_UN)
    Glibc.close(fd)
  }

  deinit { close() }
}
