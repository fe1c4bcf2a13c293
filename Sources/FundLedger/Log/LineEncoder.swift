import Dispatch

/// Makes the log lines of staged events on another thread, in order: each event gets the hash of the line
/// before it as `prev`, is encoded, and its line is hashed.
///
/// Applying an event needs its seq and date, not its line; but encoding, hashing and copying the lines
/// into the write buffer (whose pages the kernel must first clear) were about a third of a large import's
/// staging thread. A line's bytes depend on the line before it, so lines are still made one after
/// another, only on their own thread, a batch of events at a time. What the staging thread needs from
/// them (each line's offset for its record, the last line's hash, the log point of each day-end summary)
/// it reads once the encoder has caught up (`drain`).
final class LineEncoder: @unchecked Sendable {
  /// Events handed over at once: a hand-over costs a queue operation, so not one per event.
  static let batchCount = 1_024
  /// Lines made before the buffer is sized from their mean length.
  static let sampleLines = 256
  /// Batches handed over and not yet made into lines, at most: should the encoder fall behind, staging
  /// waits rather than holding every event of a large batch a second time. (It keeps up even on one core:
  /// a 1M import pinned to one CPU peaks at the same 0.95 GB either way.)
  static let batchesQueuedMax = 64

  /// Events in order, handed to the encoder's queue. Events are not `Sendable` (their storage is a
  /// reference): nothing touches a batch's events on the staging thread once it is handed over.
  private final class Batch: @unchecked Sendable {
    var events: [Event] = []
    /// Line counts (lines made by this encoder) after which the last line's hash is kept (`point(after:)`).
    var marks: [Int] = []
  }

  /// A line whose encoding exceeds `LineScanner.lineBytesMax`: which one (counted from 0) and its length.
  struct Overlong {
    var index: Int
    var id: String
    var bytes: Int
  }

  private let queue = DispatchQueue(label: "fundledger.line-encoder")
  private let room = DispatchSemaphore(value: LineEncoder.batchesQueuedMax)
  /// Staging thread only.
  private var batch = Batch()
  private var handedOver = 0

  // Written on `queue`; read on the staging thread only after `drain`.
  /// The lines, each followed by a newline.
  private(set) var lines: [UInt8] = []
  /// Where each line starts in `lines`.
  private(set) var starts: [Int] = []
  /// The hash of the last line made (before any: the hash of the line the first one follows).
  private(set) var lastDigest: Digest
  /// The hash of the first line made, if any.
  private(set) var firstDigest: Digest?
  /// The first line too long for the log; lines after it are still made (their offsets stay right).
  private(set) var overlong: Overlong?
  /// For each mark: the hash of the last line made when that many lines were made.
  private var markedDigests: [Int: Digest] = [:]
  /// About how many lines will be made (0: unknown; see `expect(lines:)`).
  private var expectedLines = 0

  /// An encoder whose first line follows the line hashed to `previous`.
  init(previous: Digest) { lastDigest = previous }

  /// How many events were handed to `add` so far.
  var count: Int { handedOver + batch.events.count }

  /// Queues `event` (stamped with everything but `prev`) to be made into the next line.
  func add(_ event: Event) {
    batch.events.append(event)
    if batch.events.count == LineEncoder.batchCount { handOver() }
  }

  /// Asks for the hash of the last line once `count` lines are made (for `point(after:)`): the point a
  /// day-end summary stands at. Returns that line count.
  func mark() -> Int {
    batch.marks.append(count)
    return count
  }

  /// Expects about `lines` more lines: the buffer is sized for them once the first lines show how long a
  /// line is (if they have not been made yet).
  func expect(lines: Int) {
    let made = count
    queue.async { self.expectedLines = made + lines }
  }

  /// Waits until every event handed to `add` is a line; afterwards the lines and hashes may be read.
  func drain() {
    handOver()
    queue.sync {}
  }

  /// Runs `body` on the encoder's queue once every line handed to `add` so far is made: the marks made
  /// before it can then be read through `point(after:)`, while staging goes on.
  func afterLines(_ body: @escaping @Sendable (LineEncoder) -> Void) {
    handOver()
    queue.async { body(self) }
  }

  /// Where the log stands after the first `lineCount` lines made (`lineCount` from `mark`; after `drain`):
  /// the hash of the last of them, where it starts and where the next line starts, relative to the
  /// first line. Nil when no such mark was made. On the encoder's queue (`afterLines`), or after `drain`.
  func point(after lineCount: Int) -> (digest: Digest, lastLineStart: Int?, nextLineStart: Int)? {
    guard let digest = markedDigests[lineCount] else { return nil }
    let next = lineCount < starts.count ? starts[lineCount] : lines.count
    return (digest, lineCount > 0 ? starts[lineCount - 1] : nil, next)
  }

  /// The line at `index` (without its newline; after `drain`).
  func line(_ index: Int) -> ArraySlice<UInt8> {
    let end = index + 1 < starts.count ? starts[index + 1] : lines.count
    return lines[starts[index]..<(end - 1)]
  }

  /// Takes the lines out (after `drain`), leaving the encoder empty of them.
  func takeLines() -> [UInt8] {
    defer { lines = [] }
    return lines
  }

  private func handOver() {
    guard !batch.events.isEmpty || !batch.marks.isEmpty else { return }
    let full = batch
    handedOver += full.events.count
    batch = Batch()
    room.wait()
    queue.async {
      self.make(full)
      self.room.signal()
    }
  }

  /// On `queue`: the batch's lines, in order.
  private func make(_ batch: Batch) {
    var marks = batch.marks[...]
    func noteMarks() {
      while let first = marks.first, first <= starts.count {
        if first == starts.count { markedDigests[first] = lastDigest }
        marks.removeFirst()
      }
    }
    noteMarks()
    for var event in batch.events {
      event.prevDigest = lastDigest
      // Written in place, and hashed there: a movement by its own writer, anything else through `encode`.
      let start = lines.count
      if !EventCodec.appendMovement(event, to: &lines) { lines.append(contentsOf: EventCodec.encode(event)) }
      let length = lines.count - start
      let digest = lines.withUnsafeBytes { SHA256.digest(UnsafeRawBufferPointer(rebasing: $0[start...])) }
      if length > LineScanner.lineBytesMax, overlong == nil {
        overlong = Overlong(index: starts.count, id: event.id, bytes: length)
      }
      if starts.isEmpty { firstDigest = digest }
      starts.append(start)
      lines.append(0x0A)
      lastDigest = digest
      if starts.count == LineEncoder.sampleLines, expectedLines > starts.count {
        // The mean line so far, an eighth more for longer lines later.
        lines.reserveCapacity(lines.count / starts.count * expectedLines / 8 * 9)
        starts.reserveCapacity(expectedLines + expectedLines / 8)
        expectedLines = 0
      }
      noteMarks()
    }
  }
}
