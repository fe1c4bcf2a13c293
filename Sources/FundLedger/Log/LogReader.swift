import Dispatch

/// Reads a ledger file back and checks it twice over: framing (newline, length), JSON and schema, seq
/// without gaps, and the hash chain; each event is then handed on to be applied.
///
/// An event is handed on only after the next line's `prev` has confirmed its bytes (one line of lookahead),
/// so a changed byte is reported as the hash mismatch it is rather than as whatever invariant it breaks.
public struct LogReader {
  /// Where a read starts: the beginning of the file, or just after a known, verified line.
  public struct Start: Sendable, Equatable {
    public var offset: Int64
    public var line: Int
    public var seq: Int64
    /// The hash of the line before `offset`, which the line at `offset` must name as `prev`.
    public var digest: Digest

    public static let beginning = Start(offset: 0, line: 1, seq: 0, digest: .zero)

    public init(offset: Int64, line: Int, seq: Int64, digest: Digest) {
      self.offset = offset
      self.line = line
      self.seq = seq
      self.digest = digest
    }

    /// `digest` in hex.
    public var hash: String { digest.hex }
  }

  /// One verified event with where it stands in the file.
  public struct Frame {
    public var event: Event
    public var line: Int
    public var offset: Int64
    /// Byte offset just past this line's newline.
    public var endOffset: Int64
    /// The SHA-256 of the line's bytes.
    public var digest: Digest
    /// The numbers of a movement's names, when the read was asked to work them out (`resolvingNames`).
    var resolved: ResolvedNames? = nil

    /// `digest` in hex.
    public var hash: String { digest.hex }
  }

  /// What a read saw of the file.
  public struct Summary: Sendable, Equatable {
    public var linesRead = 0
    public var lastSeq: Int64 = 0
    public var lastDigest = Digest.zero
    /// Byte offset just past the last whole line handed on.
    public var endOffset: Int64 = 0
    public var lastLine = 0
    /// Set when the read stopped early because `body` asked it to.
    public var stoppedEarly = false

    /// `lastDigest` in hex.
    public var lastHash: String { lastDigest.hex }

    /// Records `frame` as the last line handed on.
    mutating func note(_ frame: Frame) {
      lastSeq = frame.event.seq!
      lastDigest = frame.digest
      endOffset = frame.endOffset
      lastLine = frame.line
    }
  }

  /// How many applied events go to another thread to be freed at once.
  static let spentBatchCount = 4096

  /// The mirror a read's sequential pass keeps, used on that pass's queue only.
  private final class MirrorBox: @unchecked Sendable {
    var mirror: NameMirror
    init(_ mirror: NameMirror) { self.mirror = mirror }
    func withMirror(_ body: (inout NameMirror) -> Void) { body(&mirror) }
  }

  /// The boxes of rarer fields of the applied events that have one, handed to another thread only to be
  /// released there. Nothing reads them after the hand-over, and reference counts are atomic, so
  /// releasing them on another thread is safe though they are not `Sendable`.
  private final class SpentStorage: @unchecked Sendable {
    let boxes: [AnyObject]
    init(boxes: [AnyObject]) { self.boxes = boxes }
  }

  /// Reads from `start`, calling `body` for each verified event in order; `body` returns false to stop.
  ///
  /// Damage throws the first `LedgerError` found; a torn tail throws unless `allowTornTail`, in which case
  /// reading ends before it (used by `repair`).
  ///
  /// With `resolvingNames` (a mirror of the state's names as they stand at `start`), the numbers of each
  /// movement's names are worked out off the caller's thread and handed on in the frame: hints that hold
  /// while `apply` accepts every `open` and `define` read. (The mirror, not the state, is passed: a copy
  /// of the state held through the read would make the caller's tables shared, and their first append
  /// would copy them without the capacity reserved for the read.)
  @discardableResult
  public static func read(
    path: String, from start: Start = .beginning, allowTornTail: Bool = false,
    _ body: (Frame) throws -> Bool
  ) throws -> Summary {
    try read(path: path, from: start, allowTornTail: allowTornTail, resolvingNames: nil) { frame, _ in try body(frame) }
  }

  /// `body` also gets what is known of the events after the frame (see `ReadAhead`).
  @discardableResult
  static func read(
    path: String, from start: Start = .beginning, allowTornTail: Bool = false, resolvingNames mirror: NameMirror?,
    _ body: (Frame, ReadAhead) throws -> Bool
  ) throws -> Summary {
    var summary = Summary()
    summary.lastSeq = start.seq
    summary.lastDigest = start.digest
    summary.endOffset = start.offset
    summary.lastLine = start.line - 1
    var pending: Frame?
    var expectedSeq = start.seq + 1
    var previousDigest = start.digest
    var stop = false
    // Every line is decoded by the worker that hashed it (see `LineDecoder`); this one stands in only if
    // the scanner ever hands a line over without it.
    var decoder = LineDecoder()
    // Events already handed to `body` that have a box of rarer fields have it freed on another thread, a
    // batch at a time: the boxes were allocated by the decoding worker, and freeing them was about a
    // seventh of the applying thread's time when every event had one. A plain movement has none.
    var spent: [AnyObject] = []
    spent.reserveCapacity(spentBatchCount)

    var sequence: (@Sendable (UnsafeMutableBufferPointer<LineDecoder.Decoded>) -> Void)?
    if let mirror {
      let box = MirrorBox(mirror)
      sequence = { lines in
        // One access to the mirror for the whole chunk: a method called on the box's property each time
        // copied the mirror (a retain and release of each of its tables) per call.
        box.withMirror { mirror in
          for index in lines.indices {
            if index + NameMirror.entryDistance < lines.count {
              mirror.prefetchEntries(lines[index + NameMirror.entryDistance].nameHashes)
            }
            if index + NameMirror.nameDistance < lines.count {
              mirror.prefetchNames(lines[index + NameMirror.nameDistance].nameHashes)
            }
            guard case .success(let event) = lines[index].event else { continue }
            let resolved = mirror.resolve(event, hashes: lines[index].nameHashes)
            lines[index].resolved = resolved
            lines[index].hint.note(resolved, budgetYear: event.budgetYear)
          }
        }
      }
    }
    // The lines after the one being handed over, set by the scanner just before it hands that one over.
    var after = ReadAhead.none.after
    let noteAhead: (UnsafeBufferPointer<LineDecoder.Decoded>) -> Void = { after = $0 }
    try LineScanner.scan(
      path: path, offset: start.offset, firstLine: start.line, hashLines: true, preparer: LineDecoder.self,
      sequence: sequence, ahead: noteAhead
    ) { (item: LineScanner.Item, decoded: consuming LineDecoder.Decoded?) in
      switch item {
      case .tooLong(let number, let offset):
        throw LedgerError.lineTooLong(line: number, offset: offset, limit: LineScanner.lineBytesMax)
      case .tornTail(let number, let offset, let count):
        if allowTornTail { return false }
        throw LedgerError.tornTail(line: number, offset: offset, bytes: count)
      case .line(let number, let offset, let bytes, let lineHash):
        // The decoded line is moved along, not copied: each copy of an event is a reference count change
        // on memory the worker wrote last, which was a tenth of the applying thread.
        let line: LineDecoder.Decoded
        if decoded != nil {
          line = (consume decoded)!
        } else {
          let digest = lineHash.map { Array($0) } ?? SHA256.hash(bytes)
          line = digest.withUnsafeBytes { decoder.prepare(line: bytes, hash: $0) }
        }
        let digest = line.digest
        let resolved = line.resolved
        let ahead = ReadAhead(next: line.hint, after: after)
        ahead.prefetchDecoded(ReadAhead.decodedLineDistance)
        after = ReadAhead.none.after
        let event: Event
        do {
          event = try (consume line).event.get()
        } catch let error as EventDecodeError {
          throw LedgerError.badLine(line: number, offset: offset, error: error)
        }
        guard event.seq == expectedSeq else {
          throw LedgerError.seqGap(line: number, expected: expectedSeq, found: event.seq ?? 0)
        }
        if event.prevDigest != previousDigest {
          if let pending {
            throw LedgerError.hashMismatch(
              line: pending.line, recorded: event.prev ?? "", actual: previousDigest.hex)
          }
          throw LedgerError.badLine(
            line: number, offset: offset,
            error: .invalidValue(
              field: "prev", expected: "the hash of the line before (\(previousDigest.hex))", got: event.prev ?? ""))
        }
        if let confirmed = pending.take() {
          summary.linesRead += 1
          if try !body(confirmed, ahead) {
            // The summary names the last line handed on (the rest of it is filled in at the end: setting
            // it for every line copied a hash string each time).
            summary.note(confirmed)
            stop = true
            summary.stoppedEarly = true
            return false
          }
          if let box = (consume confirmed).event.takeStorage() { spent.append(box) }
          if spent.count == spentBatchCount {
            let batch = SpentStorage(boxes: spent)
            spent = []
            spent.reserveCapacity(spentBatchCount)
            DispatchQueue.global().async { withExtendedLifetime(batch) {} }
          }
        }
        pending = Frame(
          event: event, line: number, offset: offset, endOffset: offset + Int64(bytes.count) + 1, digest: digest,
          resolved: resolved)
        expectedSeq += 1
        previousDigest = digest
        return true
      }
    }
    if !stop, let last = pending {
      summary.linesRead += 1
      summary.note(last)
      if try !body(last, .none) { summary.stoppedEarly = true }
    }
    return summary
  }
}

/// Decodes each line on the worker that hashed it, with its own decoder cache (the lines a worker gets
/// are consecutive, so a `recorded` time is parsed once per batch as on one thread).
struct LineDecoder: LinePreparer {
  struct Decoded {
    var event: Result<Event, EventDecodeError>
    /// The line's SHA-256.
    var digest: Digest
    /// Filled in by the reader's `NameMirror` pass, when it makes one.
    var resolved: ResolvedNames? = nil
    /// The id's hash from here, the rest from the `NameMirror` pass (for `LedgerState.prefetch`).
    var hint = ApplyHint()
    /// The hashes of a movement's holder names, for the `NameMirror` pass.
    var nameHashes = NameHashes()
  }

  private var cache = FastEventDecoder.Cache()

  init() {}

  mutating func prepare(line: UnsafeRawBufferPointer, hash: UnsafeRawBufferPointer) -> Decoded {
    let event: Result<Event, EventDecodeError>
    if let fast = FastEventDecoder.decode(line, cache: &cache) {
      event = .success(fast)
    } else {
      do { event = .success(try EventCodec.decode(line, mode: .stored)) } catch { event = .failure(error) }
    }
    var decoded = Decoded(event: event, digest: Digest(hash))
    if case .success(let event) = event {
      decoded.hint.idHash = TaggedSlots.hash(event.id)
      decoded.nameHashes = NameHashes(event)
    }
    return decoded
  }
}
