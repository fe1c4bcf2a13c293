#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A ledger file: create it, replay it into a `LedgerState`, append to it under a lock, repair a torn tail.
public struct Ledger: Sendable {
  public let path: String

  public init(path: String) { self.path = path }

  /// The result of replaying the log up to a bound.
  public struct Loaded: Sendable {
    public var state: LedgerState
    /// What the read saw (lines, the chain verified up to which seq).
    public var summary: LogReader.Summary
    /// Where the read would continue for the next event after the applied prefix.
    public var next: LogReader.Start
    /// Events read and applied in this load (not counting those a snapshot already held).
    public var eventsApplied: Int
    /// Byte offset where the last applied line starts (what a snapshot re-checks).
    public var lastLineOffset: Int64
  }

  /// Creates an empty ledger file; never overwrites.
  public static func create(path: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard fd >= 0 else {
      if errno == EEXIST { throw LedgerError.fileExists(path: path) }
      throw LedgerError.io(path: path, operation: "create", errno: errno)
    }
    fsync(fd)
    close(fd)
  }

  /// Replays from `start` (with `state` as it stood there) up to `bound`, checking chain, seq and invariants.
  ///
  /// `state` is taken, not borrowed: a caller that still held it would share its tables, and the first
  /// event applied would copy them all (a second 1.5 GB at 10M events, on every load from a snapshot with a
  /// tail).
  public func load(
    from start: LogReader.Start = .beginning, state initial: consuming LedgerState = LedgerState(),
    bound: ReplayBound = .end, progress: ((Int64) -> Void)? = nil, lastLineOffset: Int64 = 0,
    observe: ((LogReader.Frame, LedgerState) throws -> Void)? = nil
  ) throws -> Loaded {
    var state = initial
    state.reserveCapacity(events: expectedEvents(after: start.offset))
    var applied = 0
    var lastLine = lastLineOffset
    // Where the next read would start, kept as numbers: the hash is `state.lastDigest` once an event is
    // applied (copying the hash string for every event was measurable).
    var nextOffset = start.offset
    var nextLine = start.line
    // A refused event stops the load, so the names' numbers worked out ahead hold throughout.
    let summary = try LogReader.read(path: path, from: start, resolvingNames: NameMirror(state)) { frame, ahead in
      guard bound.includes(frame.event) else { return false }
      state.prefetch(ahead)
      let reasons = state.apply(
        frame.event, lineDigest: frame.digest, lineOffset: frame.offset, resolved: frame.resolved)
      if !reasons.isEmpty {
        throw LedgerError.invariantViolated(
          reasons.map { Violation(line: frame.line, eventID: frame.event.id, reason: $0) })
      }
      applied += 1
      try observe?(frame, state)
      lastLine = frame.offset
      nextOffset = frame.endOffset
      nextLine = frame.line + 1
      if let progress, applied & 0xFFFF == 0 { progress(frame.endOffset) }
      return true
    }
    let next =
      applied == 0
      ? start : LogReader.Start(offset: nextOffset, line: nextLine, seq: state.lastSeq, digest: state.lastDigest)
    return Loaded(state: state, summary: summary, next: next, eventsApplied: applied, lastLineOffset: lastLine)
  }

  /// About how many events follow `offset`: the bytes left over the mean line length of the first MiB of
  /// them, plus an eighth. Erring high costs only address space for records and lots, but the record index
  /// is a table filled at random, so all of it is touched: estimating from a fixed 160 bytes a line made it
  /// twice the size a 10M-event ledger needs (268 MB instead of 134 MB).
  func expectedEvents(after offset: Int64) -> Int {
    var info = stat()
    guard stat(path, &info) == 0 else { return 0 }
    let remaining = max(0, Int64(info.st_size) - offset)
    guard remaining > 0 else { return 0 }
    let sampleBytes = Int(min(remaining, 1 << 20))
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return Int(remaining / 160) }
    defer { close(fd) }
    let sample = UnsafeMutableRawBufferPointer.allocate(byteCount: sampleBytes, alignment: 8)
    defer { sample.deallocate() }
    let read = pread(fd, sample.baseAddress, sampleBytes, off_t(offset))
    guard read > 0 else { return Int(remaining / 160) }
    let lines = sample[0..<read].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    guard lines > 0 else { return 1 }
    let estimate = Int(remaining) * lines / read
    return estimate + estimate / 8
  }

  /// What `verify` found: framing damage stops the read; invariant violations are collected.
  public struct Verification: Sendable {
    public var summary: LogReader.Summary
    public var violations: [Violation]
    public var damage: LedgerError?
    /// The state with every event that could be applied (events with violations are skipped).
    public var state: LedgerState
  }

  /// Reads the whole log, checking everything, and collects every invariant violation instead of stopping.
  public func verify() throws -> Verification { try check(bound: .end) }

  /// Reads the log up to `bound` as `verify` does: damage stops the read, invariant violations are
  /// collected and their events skipped, so an audit can report on a log written by other means.
  public func check(bound: ReplayBound) throws -> Verification {
    var state = LedgerState()
    state.reserveCapacity(events: expectedEvents(after: 0))
    var violations: [Violation] = []
    var lastGood = LogReader.Summary()
    do {
      // The names' numbers worked out ahead (`NameMirror`) hold until an `open` or `define` is refused.
      var namesHold = true
      let summary = try LogReader.read(path: path, resolvingNames: NameMirror(state)) { frame, ahead in
        guard bound.includes(frame.event) else { return false }
        state.prefetch(ahead)
        let reasons = state.apply(
          frame.event, lineDigest: frame.digest, lineOffset: frame.offset, resolved: namesHold ? frame.resolved : nil)
        if !reasons.isEmpty && (frame.event.type == .open || frame.event.type == .define) { namesHold = false }
        // Only when there are any: the empty map and append were about 150 instructions an event.
        if !reasons.isEmpty {
          violations.append(
            contentsOf: reasons.map { Violation(line: frame.line, eventID: frame.event.id, reason: $0) })
        }
        lastGood.linesRead += 1
        lastGood.lastSeq = frame.event.seq!
        lastGood.lastDigest = frame.digest
        lastGood.lastLine = frame.line
        lastGood.endOffset = frame.endOffset
        return true
      }
      return Verification(summary: bound.isEnd ? summary : lastGood, violations: violations, damage: nil, state: state)
    } catch let error as LedgerError where error.isDamage {
      return Verification(summary: lastGood, violations: violations, damage: error, state: state)
    }
  }

  /// The outcome of an append.
  public struct AppendOutcome: Sendable, Equatable {
    /// The seqs the written events got, in order (nil when nothing was written). Only the range is kept:
    /// a batch of a million events would otherwise be held twice, as input and as written.
    public var writtenSeqs: ClosedRange<Int64>?
    public var writtenCount: Int { writtenSeqs.map { $0.count } ?? 0 }
    /// Ids that were already in the ledger with identical content (idempotent re-appends).
    public var alreadyPresent: [String]
    public var lastSeq: Int64
  }

  /// Validates `events` (with their input line numbers) against the ledger and writes them all or none.
  ///
  /// Holds an exclusive lock from reading the state to fsync, so concurrent appenders serialize. With a
  /// snapshot store the state is loaded from the newest valid snapshot plus the events after it.
  public func append(
    _ events: [(line: Int, event: Event)], expectSeq: Int64? = nil, nowMillis: Int64 = Timestamp.nowMillis(),
    snapshots: SnapshotStore? = nil
  ) throws -> AppendOutcome {
    if events.isEmpty { throw LedgerError.emptyInput }
    return try append(
      expectedEvents: events.count, expectSeq: expectSeq, nowMillis: nowMillis, snapshots: snapshots
    ) { pass, stage in stage(events, pass.hints(for: events)) }
  }

  /// As `append(_:)`, with the events handed to `stage` by `feed` as they come, a window at a time, so that
  /// a large input need not be decoded whole before it is applied (nor held whole in memory as events).
  ///
  /// Each window comes with its hints from `pass` (`StagingPass.hints(for:)`), which `feed` should work
  /// out on the thread that decodes the input, window after window in order, while the windows before
  /// are staged; `StagingPass.Hints.none` stages with every name looked up on this thread. Within a
  /// window, what each event's staging will read is asked for a few events ahead (`LedgerWriter.prefetch`).
  ///
  /// `feed` may throw to abandon the append: nothing is written and its error is rethrown. About
  /// `expectedEvents` events are expected (to size the state and the line buffer once).
  public func append(
    expectedEvents: Int, expectSeq: Int64? = nil, nowMillis: Int64 = Timestamp.nowMillis(),
    snapshots: SnapshotStore? = nil,
    feed: (
      _ pass: StagingPass, _ stage: (_ window: [(line: Int, event: Event)], _ hints: StagingPass.Hints) -> Void
    ) throws -> Void
  ) throws -> AppendOutcome {
    let writer = try LedgerWriter(ledger: self, snapshots: snapshots, nowMillis: nowMillis)
    defer { writer.close() }
    if let expectSeq, expectSeq != writer.state.lastSeq {
      throw LedgerError.seqMismatch(expected: expectSeq, actual: writer.state.lastSeq)
    }
    writer.expect(events: expectedEvents)
    var violations: [Violation] = []
    var written: ClosedRange<Int64>?
    var already: [String] = []
    var fed = 0
    // The input line of each staged event, to name an overlong one (found once the lines are made).
    var stagedLines: [Int32] = []
    try feed(writer.stagingPass(events: expectedEvents)) { window, hints in
      for index in window.indices {
        writer.prefetch(hints, before: index)
        let line = window[index].line
        fed += 1
        // The event is read in place: a copy of one is 233 bytes to move and four strings to retain.
        switch writer.stage(window[index].event, hint: hints[index]) {
        case .staged(let event):
          let seq = event.seq!
          written = written.map { $0.lowerBound...seq } ?? seq...seq
          stagedLines.append(Int32(truncatingIfNeeded: line))
        case .alreadyPresent: already.append(window[index].event.id)
        case .refused(let reasons):
          let id = window[index].event.id
          violations.append(contentsOf: reasons.map { Violation(line: line, eventID: id, reason: $0) })
        }
      }
    }
    if fed == 0 { throw LedgerError.emptyInput }
    // A line too long for the log is known once the lines are made, after every event was applied.
    if let overlong = writer.overlongLine(), let first = written?.lowerBound {
      let line = Int(stagedLines[Int(overlong.seq - first)])
      let violation = Violation(
        line: line, eventID: overlong.id,
        reason: .lineMustFitTheLimit(bytes: overlong.bytes, limit: LineScanner.lineBytesMax))
      violations.insert(violation, at: violations.firstIndex { $0.line > line } ?? violations.endIndex)
    }
    if !violations.isEmpty { throw LedgerError.rejected(violations) }
    try writer.commit()
    return AppendOutcome(writtenSeqs: written, alreadyPresent: already, lastSeq: writer.state.lastSeq)
  }

  func writeAll(fd: Int32, bytes: [UInt8], at offset: Int64) throws {
    try bytes.withUnsafeBytes { raw in
      var done = 0
      while done < raw.count {
        let count = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(offset + Int64(done)))
        if count < 0 {
          if errno == EINTR { continue }
          throw LedgerError.io(path: path, operation: "write", errno: errno)
        }
        done += count
      }
    }
  }

  /// What `repair` did.
  public struct RepairOutcome: Sendable, Equatable {
    /// Torn bytes moved aside, and where; nil when the file had no torn tail.
    public var tornBytes: Int
    public var sidePath: String?
    public var keptEvents: Int
  }

  /// Moves a torn last line to a side file and truncates the log to its last whole event.
  ///
  /// Only a torn tail is repaired: any other damage (a changed byte, a gap) is reported, never "fixed".
  public func repair() throws -> RepairOutcome {
    let fd = open(path, O_RDWR)
    guard fd >= 0 else {
      if errno == ENOENT { throw LedgerError.fileNotFound(path: path) }
      throw LedgerError.io(path: path, operation: "open", errno: errno)
    }
    defer { close(fd) }
    guard flock(fd, LOCK_EX) == 0 else { throw LedgerError.io(path: path, operation: "flock", errno: errno) }
    defer { flock(fd, LOCK_UN) }
    let summary = try LogReader.read(path: path, allowTornTail: true) { _ in true }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw LedgerError.io(path: path, operation: "stat", errno: errno) }
    let size = Int64(info.st_size)
    let torn = Int(size - summary.endOffset)
    guard torn > 0 else { return RepairOutcome(tornBytes: 0, sidePath: nil, keptEvents: summary.linesRead) }
    var tail = [UInt8](repeating: 0, count: torn)
    let got = tail.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, torn, off_t(summary.endOffset)) }
    guard got == torn else { throw LedgerError.io(path: path, operation: "read", errno: errno) }
    let sidePath = "\(path).torn-\(summary.endOffset)"
    let side = open(sidePath, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard side >= 0 else { throw LedgerError.io(path: sidePath, operation: "create", errno: errno) }
    try writeAll(fd: side, bytes: tail, at: 0)
    fsync(side)
    close(side)
    guard ftruncate(fd, off_t(summary.endOffset)) == 0, fsync(fd) == 0 else {
      throw LedgerError.io(path: path, operation: "truncate", errno: errno)
    }
    return RepairOutcome(tornBytes: torn, sidePath: sidePath, keptEvents: summary.linesRead)
  }
}
