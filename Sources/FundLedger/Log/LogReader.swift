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

  /// The mirror a read's sequential pass keeps, used on that pass's queue only.
  private final class MirrorBox: @unchecked Sendable {
    var mirror: NameMirror
    init(_ mirror: NameMirror) { self.mirror = mirror }
    func withMirror(_ body: (inout NameMirror) -> Void) { body(&mirror) }
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

  /// `body` also gets what is known of the events after the frame (see `ReadAhead`). Each event is handed
  /// on from where the decoding worker left it (see `ChainedHandOver`).
  @discardableResult
  static func read(
    path: String, from start: Start = .beginning, allowTornTail: Bool = false, resolvingNames mirror: NameMirror?,
    chunkBytes: Int = LineScanner.chunkBytesDefault, _ body: (Frame, ReadAhead) throws -> Bool
  ) throws -> Summary {
    var handOver = ChainedHandOver(from: start)
    var stop = false
    // Every line is decoded by the worker that hashed it (see `LineDecoder`); this one stands in only if
    // the scanner ever hands a line over without it.
    var decoder = LineDecoder()

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
            guard lines[index].error == nil else { continue }
            let hashes = lines[index].nameHashes
            // A movement (most lines) by its names alone: `resolve` copied the whole event out of the chunk.
            let resolved =
              hashes.isSet
              ? mirror.resolveMovement(
                from: lines[index].frame.event.from!, to: lines[index].frame.event.to!,
                program: lines[index].frame.event.program, hashes: hashes)
              : mirror.resolve(lines[index].frame.event)
            lines[index].frame.resolved = resolved
            lines[index].hint.note(resolved, budgetYear: lines[index].frame.event.budgetYear)
          }
        }
      }
    }
    // The lines after the one being handed over, set by the scanner just before it hands that one over.
    var after = ReadAhead.none.after
    let noteAhead: (UnsafeBufferPointer<LineDecoder.Decoded>) -> Void = { after = $0 }
    try LineScanner.scan(
      path: path, offset: start.offset, firstLine: start.line, hashLines: true, chunkBytes: chunkBytes,
      preparer: LineDecoder.self, sequence: sequence, ahead: noteAhead
    ) { (item: LineScanner.Item, handed: LineScanner.InPlace<LineDecoder.Decoded>?) in
      do {
        switch item {
        case .tooLong(let number, let offset):
          throw LedgerError.lineTooLong(line: number, offset: offset, limit: LineScanner.lineBytesMax)
        case .tornTail(let number, let offset, let count):
          if allowTornTail { return false }
          throw LedgerError.tornTail(line: number, offset: offset, bytes: count)
        case .line(let number, let offset, let bytes, let lineHash):
          var line: LineScanner.InPlace<LineDecoder.Decoded>
          var standIn: UnsafeMutablePointer<LineDecoder.Decoded>?
          defer { standIn?.deallocate() }
          if let handed {
            line = handed
          } else {
            let made = UnsafeMutablePointer<LineDecoder.Decoded>.allocate(capacity: 1)
            standIn = made
            let digest = lineHash.map { Array($0) } ?? SHA256.hash(bytes)
            made.initialize(to: digest.withUnsafeBytes { decoder.prepare(line: bytes, hash: $0) })
            line = LineScanner.InPlace(pointer: made, isLastOfChunk: true)
          }
          let ahead = ReadAhead(next: line.pointer.pointee.hint, after: after)
          ahead.prefetchDecoded(ReadAhead.decodedLineDistance)
          after = ReadAhead.none.after
          let going = try handOver.take(
            line.pointer, isLastOfChunk: line.isLastOfChunk, number: number, offset: offset, count: bytes.count,
            ahead: ahead, body)
          if !going {
            stop = true
            handOver.summary.stoppedEarly = true
            handOver.discard()
          }
          return going
        }
      } catch {
        // Before the scan frees the chunk the pending line lies in.
        handOver.discard()
        throw error
      }
    }
    if !stop { try handOver.finish(body) }
    return handOver.summary
  }
}

/// Decodes each line on the worker that hashed it, with its own decoder cache (the lines a worker gets
/// are consecutive, so a `recorded` time is parsed once per batch as on one thread).
struct LineDecoder: LinePreparer {
  struct Decoded {
    /// The event and the line's SHA-256; the reader fills in where the line lies. When `error` is set,
    /// the event is a placeholder.
    var frame: LogReader.Frame
    var error: EventDecodeError?
    /// The id's hash from here, the rest from the `NameMirror` pass (for `LedgerState.prefetch`).
    var hint = ApplyHint()
    /// The hashes of a movement's holder names, for the `NameMirror` pass.
    var nameHashes = NameHashes()
  }

  private var cache = FastEventDecoder.Cache()
  /// What a line that does not decode carries as its event.
  private static let placeholder = Event(id: "", type: .open, date: LedgerDate(dayNumber: 0))

  init() {}

  mutating func prepare(line: UnsafeRawBufferPointer, hash: UnsafeRawBufferPointer) -> Decoded {
    let slot = UnsafeMutablePointer<Decoded>.allocate(capacity: 1)
    defer { slot.deallocate() }
    prepare(line: line, hash: hash, into: slot)
    return slot.move()
  }

  /// Decodes `line` into `slot`: the event is decoded straight into its place in the chunk (returned, it
  /// was copied there, about a tenth of a decoding worker's time in moves).
  mutating func prepare(
    line: UnsafeRawBufferPointer, hash: UnsafeRawBufferPointer, into slot: UnsafeMutablePointer<Decoded>
  ) {
    let digest = Digest(hash)
    if let event = FastEventDecoder.decode(line, cache: &cache) {
      slot.initialize(
        to: Decoded(
          frame: LogReader.Frame(event: event, line: 0, offset: 0, endOffset: 0, digest: digest), error: nil,
          hint: ApplyHint(idHash: TaggedSlots.hash(event.id)), nameHashes: NameHashes(event)))
      return
    }
    do {
      let event = try EventCodec.decode(line, mode: .stored)
      slot.initialize(
        to: Decoded(
          frame: LogReader.Frame(event: event, line: 0, offset: 0, endOffset: 0, digest: digest), error: nil,
          hint: ApplyHint(idHash: TaggedSlots.hash(event.id)), nameHashes: NameHashes(event)))
    } catch {
      slot.initialize(
        to: Decoded(
          frame: LogReader.Frame(event: LineDecoder.placeholder, line: 0, offset: 0, endOffset: 0, digest: digest),
          error: error))
    }
  }
}
