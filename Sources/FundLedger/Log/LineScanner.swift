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

  public enum Item {
    /// A whole line; `hash` is its SHA-256 (32 bytes) when the scan was asked to hash lines.
    case line(number: Int, offset: Int64, bytes: UnsafeRawBufferPointer, hash: UnsafeRawBufferPointer?)
    case tooLong(number: Int, offset: Int64)
    case tornTail(number: Int, offset: Int64, count: Int)
  }

  /// Calls `body` for each line of the file at `path`, starting at byte `offset` (line `firstLine`).
  /// `body` returns false to stop early. With `hashLines`, each chunk's lines are hashed on all cores
  /// before they are handed out: a line's hash depends only on its own bytes, so the chain check that
  /// follows is a comparison.
  public static func scan(
    path: String, offset startOffset: Int64 = 0, firstLine: Int = 1, hashLines: Bool = false,
    _ body: (Item) throws -> Bool
  ) throws {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
      if errno == ENOENT { throw LedgerError.fileNotFound(path: path) }
      throw LedgerError.io(path: path, operation: "open", errno: errno)
    }
    defer { close(fd) }
    let chunkBytes = 4 << 20
    var buffer = [UInt8](repeating: 0, count: chunkBytes + lineBytesMax + 1)
    var filled = 0
    var fileOffset = startOffset
    var lineNumber = firstLine
    if startOffset > 0 { _ = lseek(fd, off_t(startOffset), SEEK_SET) }
    try buffer.withUnsafeMutableBytes { raw in
      let base = raw.baseAddress!
      while true {
        let count = read(fd, base + filled, raw.count - filled)
        if count < 0 {
          if errno == EINTR { continue }
          throw LedgerError.io(path: path, operation: "read", errno: errno)
        }
        filled += count
        var start = 0
        var searchFrom = 0
        var ends: [Int] = []
        while true {
          guard let newline = memchr(base + searchFrom, 0x0A, filled - searchFrom) else { break }
          let end = newline - UnsafeMutableRawPointer(base)
          ends.append(end)
          searchFrom = end + 1
        }
        var hashes: [UInt8] = []
        if hashLines && !ends.isEmpty {
          hashes = [UInt8](repeating: 0, count: ends.count * 32)
          // Addresses travel to the workers as integers: the buffers outlive concurrentPerform, which waits.
          let chunkAddress = Int(bitPattern: UnsafeRawPointer(base))
          let lineEnds = ends
          hashes.withUnsafeMutableBytes { out in
            let outAddress = Int(bitPattern: out.baseAddress!)
            let workers = min(ProcessInfoLite.coreCount, max(1, lineEnds.count / 256))
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
              let low = lineEnds.count * worker / workers
              let high = lineEnds.count * (worker + 1) / workers
              let chunkBase = UnsafeRawPointer(bitPattern: chunkAddress)!
              let outBase = UnsafeMutableRawPointer(bitPattern: outAddress)!
              for i in low..<high {
                let lineStart = i == 0 ? 0 : lineEnds[i - 1] + 1
                SHA256.hash(
                  UnsafeRawBufferPointer(start: chunkBase + lineStart, count: lineEnds[i] - lineStart),
                  into: outBase + i * 32)
              }
            }
          }
        }
        for (i, end) in ends.enumerated() {
          if end - start > lineBytesMax {
            _ = try body(.tooLong(number: lineNumber, offset: fileOffset))
            return
          }
          let line = UnsafeRawBufferPointer(start: base + start, count: end - start)
          let stop: Bool = try hashes.withUnsafeBytes { all in
            let hash = hashLines ? UnsafeRawBufferPointer(rebasing: all[i * 32..<i * 32 + 32]) : nil
            return try !body(.line(number: lineNumber, offset: fileOffset, bytes: line, hash: hash))
          }
          if stop { return }
          lineNumber += 1
          fileOffset += Int64(end - start + 1)
          start = end + 1
        }
        let rest = filled - start
        if count == 0 {
          if rest > 0 { _ = try body(.tornTail(number: lineNumber, offset: fileOffset, count: rest)) }
          return
        }
        if rest > lineBytesMax {
          _ = try body(.tooLong(number: lineNumber, offset: fileOffset))
          return
        }
        if start > 0 {
          memmove(base, base + start, rest)
          filled = rest
        }
      }
    }
  }
}

/// The number of cores to hash on.
enum ProcessInfoLite {
  static let coreCount: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}
