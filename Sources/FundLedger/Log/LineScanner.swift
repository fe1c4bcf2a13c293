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
    case line(number: Int, offset: Int64, bytes: UnsafeRawBufferPointer)
    case tooLong(number: Int, offset: Int64)
    case tornTail(number: Int, offset: Int64, count: Int)
  }

  /// Calls `body` for each line of the file at `path`, starting at byte `offset` (line `firstLine`).
  /// `body` returns false to stop early.
  public static func scan(
    path: String, offset startOffset: Int64 = 0, firstLine: Int = 1,
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
        while true {
          guard let newline = memchr(base + searchFrom, 0x0A, filled - searchFrom) else { break }
          let end = newline - UnsafeMutableRawPointer(base)
          if end - start > lineBytesMax {
            _ = try body(.tooLong(number: lineNumber, offset: fileOffset))
            return
          }
          let line = UnsafeRawBufferPointer(start: base + start, count: end - start)
          if try !body(.line(number: lineNumber, offset: fileOffset, bytes: line)) { return }
          lineNumber += 1
          fileOffset += Int64(end - start + 1)
          start = end + 1
          searchFrom = start
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
