import Prefetch

/// The `ApplyHint`s of the events after the one a read hands on, for `LedgerState.prefetch`.
///
/// It points into the chunk the reader is working through, so it is good only during the call it is
/// passed to; it sees no further than the end of that chunk.
struct ReadAhead {
  /// The hint of the line read just now (the reader hands each event on once the next line confirms it).
  var next: ApplyHint?
  /// The decoded lines after that one in the same chunk.
  var after: UnsafeBufferPointer<LineDecoder.Decoded>

  static var none: ReadAhead { ReadAhead(next: nil, after: UnsafeBufferPointer(start: nil, count: 0)) }

  /// The hint of the event `distance` places after the one handed on (1 is the next), if it is known.
  func hint(_ distance: Int) -> ApplyHint? {
    if distance == 1 { return next }
    let index = distance - 2
    guard index >= 0, index < after.count else { return nil }
    return after[index].hint
  }

  /// How far ahead `prefetchDecoded` is called: the line after next, so a whole event's applying time
  /// passes before the move reads it.
  static let decodedLineDistance = 3

  /// Asks for the bytes of the decoded line of the event `distance` places after the one handed on (2 or
  /// more), which the reader moves out of the chunk when that line's turn comes.
  ///
  /// The worker on the other core wrote those bytes last, so the move waited for them from that core's
  /// cache: its first load was about half of all the time the applying thread spent moving frames.
  func prefetchDecoded(_ distance: Int) {
    let index = distance - 2
    guard index >= 0, index < after.count, let base = after.baseAddress else { return }
    let line = UnsafeRawPointer(base + index)
    for offset in stride(from: 0, to: MemoryLayout<LineDecoder.Decoded>.size, by: 64) {
      prefetch(line + offset)
    }
  }
}
