import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a file as lines in large chunks, without loading it whole and without copying each line.
///
/// Lines are handed out as raw buffers valid only during the callback. A final run of bytes without a
/// newline is reported separately: in an append-only log it is a torn write, never a line.
public struct LineScanner {
  /// The longest line the ledger accepts, newline excluded.
  public static let lineBytesMax = 1 << 20
  /// How much is read at a time.
  public static let chunkBytesDefault = 4 << 20
  /// How many chunks are read and handed to the workers ahead of the one `body` is given. With one, a
  /// worker that finished the next chunk before the caller finished this one waited for a buffer; with
  /// two, it goes on to the chunk after.
  static let chunksAhead = 2

  public enum Item {
    /// A whole line; `hash` is its SHA-256 (32 bytes) when the scan was asked to hash lines.
    case line(number: Int, offset: Int64, bytes: UnsafeRawBufferPointer, hash: UnsafeRawBufferPointer?)
    case tooLong(number: Int, offset: Int64)
    case tornTail(number: Int, offset: Int64, count: Int)
  }

  /// A line's prepared value where the scan made it, in its chunk, handed to `body` with the line.
  ///
  /// `body` owns the value from then on: it must move it out or deinitialize it, and may leave it where it
  /// is until it returns for the last line of the same chunk (`isLastOfChunk`), after which the chunk's
  /// memory is freed or read into again. Work on a line can then wait for the line after it without
  /// moving the value (see `LogReader`).
  public struct InPlace<Value> {
    public let pointer: UnsafeMutablePointer<Value>
    public let isLastOfChunk: Bool
  }

  /// One chunk's whole lines: where they end in their buffer, and their hashes (and what `prepare` made
  /// of each line) once computed.
  private struct Chunk<Prepared> {
    var buffer: UnsafeMutableRawPointer
    var ends: [Int]
    var hashes: UnsafeMutableRawPointer?
    var prepared: UnsafeMutablePointer<Prepared>?
    /// How many leading `prepared` values were already handed to `body`, which owns them.
    var taken = 0
    var hashing: DispatchGroup?
    var offset: Int64
    var line: Int

    /// Waits for the workers, then deinitializes whatever prepared values were not handed out. The
    /// memory is the scan's (`ChunkValues`), used again for a later chunk.
    mutating func release() {
      hashing?.wait()
      hashing = nil
      hashes = nil
      if let prepared { (prepared + taken).deinitialize(count: ends.count - taken) }
      prepared = nil
    }
  }

  /// Where one buffer's chunks keep their hashes and prepared values, kept for the whole scan.
  ///
  /// Allocated afresh for each chunk (about 5 MB), the memory came from the kernel each time and every
  /// page of it was faulted in again by the workers: two-fifths of a replay's page faults.
  private struct ChunkValues<Prepared> {
    var hashes: UnsafeMutableRawPointer?
    var prepared: UnsafeMutablePointer<Prepared>?
    var capacity = 0

    /// Room for `count` lines' values, growing (never shrinking) the storage; nothing in it is live.
    mutating func reserve(_ count: Int, preparing: Bool) {
      guard count > capacity else { return }
      free()
      capacity = count + count / 8
      hashes = UnsafeMutableRawPointer.allocate(byteCount: capacity * 32, alignment: 8)
      if preparing { prepared = UnsafeMutablePointer<Prepared>.allocate(capacity: capacity) }
    }

    mutating func free() {
      hashes?.deallocate()
      prepared?.deallocate()
      (hashes, prepared, capacity) = (nil, nil, 0)
    }
  }

  /// Calls `body` for each line of the file at `path`, starting at byte `offset` (line `firstLine`).
  /// `body` returns false to stop early. `chunkBytes` (how much one read takes) is a parameter so tests
  /// can cross many chunk boundaries with a small file.
  ///
  /// With `hashLines`, each line's SHA-256 is computed on the other cores up to `chunksAhead` chunks ahead
  /// of `body`: a line's hash depends only on its own bytes, so hashing chunks k+1 and k+2 overlaps with
  /// decoding and applying chunk k, and the chain check that follows is a comparison. Buffers rotate (`chunksAhead` + 1) so
  /// that a chunk being hashed is never the one being read into.
  public static func scan(
    path: String, offset startOffset: Int64 = 0, firstLine: Int = 1, hashLines: Bool = false,
    chunkBytes: Int = chunkBytesDefault, _ body: (Item) throws -> Bool
  ) throws {
    try scan(
      path: path, offset: startOffset, firstLine: firstLine, hashLines: hashLines, chunkBytes: chunkBytes,
      preparer: nil as NoPreparation.Type?
    ) { item, _ in try body(item) }
  }

  /// As `scan`, and with `hashLines` each line is also handed, with its hash, to a `preparer` on the
  /// worker that hashed it (one preparer per worker and chunk, fed its lines in order); `body` then gets
  /// what it made of the line. Decoding a line depends only on its bytes, so the reader decodes there
  /// too, and the caller's thread only applies.
  ///
  /// `sequence`, when given, then sees each chunk's prepared values, chunk after chunk in file order, on
  /// one more thread, before `body` gets them: for work that depends on the lines before (see
  /// `NameMirror`). It may change them.
  ///
  /// `ahead`, when given, is called on the caller's thread just before each line goes to `body`, with the
  /// prepared values of the lines after it in the same chunk (to request what `body` will need for them;
  /// see `LedgerState.prefetch`).
  ///
  /// Each prepared value goes to `body` where it lies (`InPlace`), and `body` owns it.
  public static func scan<Preparer: LinePreparer>(
    path: String, offset startOffset: Int64 = 0, firstLine: Int = 1, hashLines: Bool,
    chunkBytes: Int = chunkBytesDefault, preparer: Preparer.Type?,
    sequence: (@Sendable (UnsafeMutableBufferPointer<Preparer.Prepared>) -> Void)? = nil,
    ahead: ((UnsafeBufferPointer<Preparer.Prepared>) -> Void)? = nil,
    _ body: (Item, InPlace<Preparer.Prepared>?) throws -> Bool
  ) throws {
    typealias Prepared = Preparer.Prepared
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
      if errno == ENOENT { throw LedgerError.fileNotFound(path: path) }
      throw LedgerError.io(path: path, operation: "open", errno: errno)
    }
    defer { close(fd) }
    let bufferBytes = chunkBytes + lineBytesMax + 1
    // One buffer more than the chunks read ahead: the one being read into.
    let buffers = (0...chunksAhead).map { _ in UnsafeMutableRawPointer.allocate(byteCount: bufferBytes, alignment: 64) }
    // Each buffer's chunk's hashes and prepared values, free again once that chunk is delivered.
    var values = buffers.map { _ in ChunkValues<Prepared>() }
    // Chunks read and being hashed, oldest first; the oldest goes to `body` once `chunksAhead` are behind it.
    var pending: [Chunk<Prepared>] = []
    defer {
      // A chunk still being hashed must finish before its buffers go.
      for index in pending.indices { pending[index].release() }
      for buffer in buffers { buffer.deallocate() }
      for index in values.indices { values[index].free() }
    }
    // One queue for `sequence`: its blocks run one at a time, in the order chunks are read.
    let sequencing = sequence.map { _ in DispatchQueue(label: "fundledger.line-scanner.sequence") }
    var current = 0
    var filled = 0
    var fileOffset = startOffset
    var lineNumber = firstLine
    if startOffset > 0 { _ = lseek(fd, off_t(startOffset), SEEK_SET) }

    /// Hands `chunk`'s lines to `body`; false when the scan is over.
    func deliver(_ delivered: Chunk<Prepared>) throws -> Bool {
      var chunk = delivered
      chunk.hashing?.wait()
      defer { chunk.release() }
      var start = 0
      var offset = chunk.offset
      var number = chunk.line
      for (i, end) in chunk.ends.enumerated() {
        if end - start > lineBytesMax {
          _ = try body(.tooLong(number: number, offset: offset), nil)
          return false
        }
        let line = UnsafeRawBufferPointer(start: chunk.buffer + start, count: end - start)
        let hash = chunk.hashes.map { UnsafeRawBufferPointer(start: $0 + i * 32, count: 32) }
        var prepared: InPlace<Prepared>?
        if let values = chunk.prepared {
          ahead?(UnsafeBufferPointer(start: values + i + 1, count: chunk.ends.count - i - 1))
          prepared = InPlace(pointer: values + i, isLastOfChunk: i == chunk.ends.count - 1)
          chunk.taken = i + 1
        }
        if try !body(.line(number: number, offset: offset, bytes: line, hash: hash), prepared) { return false }
        number += 1
        offset += Int64(end - start + 1)
        start = end + 1
      }
      return true
    }

    while true {
      let base = buffers[current]
      let count = read(fd, base + filled, min(chunkBytes, bufferBytes - filled))
      if count < 0 {
        if errno == EINTR { continue }
        throw LedgerError.io(path: path, operation: "read", errno: errno)
      }
      filled += count
      var ends: [Int] = []
      var searchFrom = 0
      while let newline = memchr(base + searchFrom, 0x0A, filled - searchFrom) {
        let end = newline - UnsafeMutableRawPointer(base)
        ends.append(end)
        searchFrom = end + 1
      }
      var chunk = Chunk<Prepared>(buffer: base, ends: ends, offset: fileOffset, line: lineNumber)
      if hashLines && !ends.isEmpty {
        values[current].reserve(ends.count, preparing: preparer != nil)
        startHashing(&chunk, into: values[current], preparer: preparer)
        if let sequence, let sequencing, let prepared = chunk.prepared, let workers = chunk.hashing {
          // The chunk is delivered once the pass over it is done, which waits for its workers.
          let sequenced = DispatchGroup()
          let (address, count) = (Int(bitPattern: UnsafeMutableRawPointer(prepared)), ends.count)
          sequencing.async(group: sequenced) {
            workers.wait()
            let values = UnsafeMutableRawPointer(bitPattern: address)!.assumingMemoryBound(to: Preparer.Prepared.self)
            sequence(UnsafeMutableBufferPointer(start: values, count: count))
          }
          chunk.hashing = sequenced
        }
      }
      // `chunk` is owned by `pending` before anything can throw, so the cleanup waits for its hashing.
      pending.append(chunk)
      let consumed = ends.last.map { $0 + 1 } ?? 0
      let rest = filled - consumed
      fileOffset += Int64(consumed)
      lineNumber += ends.count
      if count == 0 || rest > lineBytesMax {
        while !pending.isEmpty {
          guard try deliver(pending.removeFirst()) else { return }
        }
        if count == 0 {
          if rest > 0 { _ = try body(.tornTail(number: lineNumber, offset: fileOffset, count: rest), nil) }
        } else {
          _ = try body(.tooLong(number: lineNumber, offset: fileOffset), nil)
        }
        return
      }
      // The oldest chunk's lines go to `body` while the newer ones are hashed; its buffer is then free.
      if pending.count > chunksAhead {
        guard try deliver(pending.removeFirst()) else { return }
      }
      // The next buffer's chunk has been delivered: the unfinished line moves there and reading goes on.
      let next = (current + 1) % buffers.count
      if rest > 0 { memcpy(buffers[next], base + consumed, rest) }
      filled = rest
      current = next
    }
  }

  /// Starts hashing (and preparing) `chunk`'s lines on the other cores; `deliver` waits for them.
  private static func startHashing<Preparer: LinePreparer>(
    _ chunk: inout Chunk<Preparer.Prepared>, into storage: ChunkValues<Preparer.Prepared>, preparer: Preparer.Type?
  ) {
    typealias Prepared = Preparer.Prepared
    let hashes = storage.hashes!
    let prepared = preparer.map { _ in storage.prepared! }
    let group = DispatchGroup()
    // Addresses travel to the workers as integers: the buffers outlive the work, which `deliver` waits for.
    let chunkAddress = Int(bitPattern: UnsafeRawPointer(chunk.buffer))
    let outAddress = Int(bitPattern: hashes)
    let preparedAddress = prepared.map { Int(bitPattern: UnsafeMutableRawPointer($0)) } ?? 0
    let lineEnds = chunk.ends
    // Leave one core to the caller, which applies meanwhile.
    let workers = min(max(1, ProcessInfoLite.coreCount - 1), max(1, lineEnds.count / 256))
    for worker in 0..<workers {
      DispatchQueue.global().async(group: group) {
        let low = lineEnds.count * worker / workers
        let high = lineEnds.count * (worker + 1) / workers
        let chunkBase = UnsafeRawPointer(bitPattern: chunkAddress)!
        let outBase = UnsafeMutableRawPointer(bitPattern: outAddress)!
        let values = UnsafeMutableRawPointer(bitPattern: preparedAddress)?.assumingMemoryBound(to: Prepared.self)
        var preparing = values.map { _ in Preparer() }
        for i in low..<high {
          let lineStart = i == 0 ? 0 : lineEnds[i - 1] + 1
          let line = UnsafeRawBufferPointer(start: chunkBase + lineStart, count: lineEnds[i] - lineStart)
          SHA256.hash(line, into: outBase + i * 32)
          if let values {
            let hash = UnsafeRawBufferPointer(start: outBase + i * 32, count: 32)
            preparing!.prepare(line: line, hash: hash, into: values + i)
          }
        }
      }
    }
    chunk.hashes = hashes
    chunk.prepared = prepared
    chunk.hashing = group
  }
}

/// What a scan does to each line on the worker that hashed it (see `LineScanner.scan(preparer:)`).
public protocol LinePreparer: SendableMetatype {
  associatedtype Prepared
  init()
  mutating func prepare(line: UnsafeRawBufferPointer, hash: UnsafeRawBufferPointer) -> Prepared
  /// `prepare(line:hash:)` made in `slot` (uninitialized), which the scan calls: a preparer of a large
  /// value can build it where it will lie instead of returning it to be copied there.
  mutating func prepare(
    line: UnsafeRawBufferPointer, hash: UnsafeRawBufferPointer, into slot: UnsafeMutablePointer<Prepared>)
}

extension LinePreparer {
  public mutating func prepare(
    line: UnsafeRawBufferPointer, hash: UnsafeRawBufferPointer, into slot: UnsafeMutablePointer<Prepared>
  ) {
    slot.initialize(to: prepare(line: line, hash: hash))
  }
}

/// The preparer of a scan that only hashes.
public struct NoPreparation: LinePreparer {
  public init() {}
  public mutating func prepare(line: UnsafeRawBufferPointer, hash: UnsafeRawBufferPointer) {}
}

/// The number of cores to hash (or decode) on.
public enum ProcessInfoLite {
  public static let coreCount: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}
