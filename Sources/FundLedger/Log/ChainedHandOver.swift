import Dispatch

/// The reader's chain check: takes each decoded line in file order, checks its seq and `prev` against the
/// line before, and hands that line on only once this one has confirmed its bytes.
///
/// A line waits where the decoding worker left it in its chunk (`LineScanner.InPlace`): a movement's frame
/// is about 300 bytes, and moving each out of the chunk and along to `apply` was most of the applying
/// thread's copying. The last line of a chunk is moved out, as its chunk's memory is read into again
/// before the next chunk's first line arrives. The state lives in this struct, not in variables the
/// reader's closures capture: those were boxed and checked for exclusive access at run time on every line.
struct ChainedHandOver {
  var summary = LogReader.Summary()
  private var expectedSeq: Int64
  private var previousDigest: Digest
  /// The line waiting for the next: in its chunk, owned here until handed on, or moved out.
  private var pendingInPlace: UnsafeMutablePointer<LineDecoder.Decoded>?
  private var pendingMoved: LogReader.Frame?
  /// Boxes of rarer fields of the events handed on, freed on another thread a batch at a time: the
  /// decoding worker allocated them, and freeing them here was about a seventh of the applying thread's
  /// time when every event had one. A plain movement has none.
  private var spent: [AnyObject] = []

  /// How many boxes go to another thread to be freed at once.
  static let spentBatchCount = 4096

  /// The boxes of a batch, handed to another thread only to be released there. Nothing reads them after
  /// the hand-over, and reference counts are atomic, so releasing them elsewhere is safe though they are
  /// not `Sendable`.
  private final class SpentStorage: @unchecked Sendable {
    let boxes: [AnyObject]
    init(boxes: [AnyObject]) { self.boxes = boxes }
  }

  init(from start: LogReader.Start) {
    summary.lastSeq = start.seq
    summary.lastDigest = start.digest
    summary.endOffset = start.offset
    summary.lastLine = start.line - 1
    expectedSeq = start.seq + 1
    previousDigest = start.digest
    spent.reserveCapacity(Self.spentBatchCount)
  }

  /// Takes `line` (owned from now on), the line after the pending one: checks it, hands the pending one
  /// on to `body` with `ahead`, and keeps `line` pending. False when `body` asked to stop; throws the
  /// line's damage, or what `body` throws.
  mutating func take(
    _ line: UnsafeMutablePointer<LineDecoder.Decoded>, isLastOfChunk: Bool, number: Int, offset: Int64,
    count: Int, ahead: ReadAhead, _ body: (LogReader.Frame, ReadAhead) throws -> Bool
  ) throws -> Bool {
    var kept = false
    defer { if !kept { line.deinitialize(count: 1) } }
    if let error = line.pointee.error { throw LedgerError.badLine(line: number, offset: offset, error: error) }
    let seq = line.pointee.frame.event.seq
    guard seq == expectedSeq else { throw LedgerError.seqGap(line: number, expected: expectedSeq, found: seq ?? 0) }
    if line.pointee.frame.event.prevDigest != previousDigest {
      if let pendingLine = pendingInPlace?.pointee.frame.line ?? pendingMoved?.line {
        throw LedgerError.hashMismatch(
          line: pendingLine, recorded: line.pointee.frame.event.prev ?? "", actual: previousDigest.hex)
      }
      throw LedgerError.badLine(
        line: number, offset: offset,
        error: .invalidValue(
          field: "prev", expected: "the hash of the line before (\(previousDigest.hex))",
          got: line.pointee.frame.event.prev ?? ""))
    }
    line.pointee.frame.line = number
    line.pointee.frame.offset = offset
    line.pointee.frame.endOffset = offset + Int64(count) + 1
    guard try handOn(ahead, body) else { return false }
    expectedSeq += 1
    previousDigest = line.pointee.frame.digest
    kept = true
    if isLastOfChunk {
      pendingMoved = line.move().frame
    } else {
      pendingInPlace = line
    }
    return true
  }

  /// Hands the pending line on, if any, to `body`; false when `body` asked to stop.
  mutating func handOn(_ ahead: ReadAhead, _ body: (LogReader.Frame, ReadAhead) throws -> Bool) throws -> Bool {
    if let line = pendingInPlace {
      pendingInPlace = nil
      // Moved out once, to be handed on: handed on from the chunk, the frame was copied (its fields
      // retained one by one), since `body` could have changed the chunk's memory meanwhile; and moving the
      // whole decoded line out copied the frame out of it again. The frame alone is moved; the rest of
      // the line needs no deinitializing (its `error` is nil, `take` checked, and the hints are plain
      // numbers).
      assert(line.pointee.error == nil)
      let frame = Self.frame(in: line).move()
      summary.linesRead += 1
      guard try body(frame, ahead) else {
        // The summary names the last line handed on (the rest of it is filled in at the end: setting it
        // for every line copied a hash string each time).
        summary.note(frame)
        return false
      }
      if let box = frame.event.storageObject { spent.append(box) }
    } else if let frame = pendingMoved.take() {
      summary.linesRead += 1
      guard try body(frame, ahead) else {
        summary.note(frame)
        return false
      }
      if let box = frame.event.storageObject { spent.append(box) }
    } else {
      return true
    }
    if spent.count == Self.spentBatchCount {
      let batch = SpentStorage(boxes: spent)
      spent = []
      spent.reserveCapacity(Self.spentBatchCount)
      DispatchQueue.global().async { withExtendedLifetime(batch) {} }
    }
    return true
  }

  /// The address of the frame within a decoded line.
  private static func frame(in line: UnsafeMutablePointer<LineDecoder.Decoded>) -> UnsafeMutablePointer<LogReader.Frame>
  {
    (UnsafeMutableRawPointer(line) + frameOffset).assumingMemoryBound(to: LogReader.Frame.self)
  }

  // Computed, not stored: folded to a constant (see `LedgerState.headOffset`).
  private static var frameOffset: Int { MemoryLayout<LineDecoder.Decoded>.offset(of: \.frame)! }

  /// Hands on the last line, which no line confirms, at the end of a read that was not stopped.
  mutating func finish(_ body: (LogReader.Frame, ReadAhead) throws -> Bool) throws {
    assert(pendingInPlace == nil, "a scan ends after the last line of a chunk, which is moved out")
    guard let last = pendingMoved.take() else { return }
    summary.linesRead += 1
    summary.note(last)
    if try !body(last, .none) { summary.stoppedEarly = true }
  }

  /// Lets go of a pending line still in its chunk, before the scan frees the chunk: when `body` stops the
  /// read or anything thrown ends it. (Should reading the file itself fail, the scan frees the chunk
  /// first, and the pending line's strings are not released: the command ends with that error.)
  mutating func discard() {
    pendingInPlace?.deinitialize(count: 1)
    pendingInPlace = nil
  }
}
