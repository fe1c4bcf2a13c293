import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file written a piece at a time on another thread while the rest of it is still being encoded.
///
/// A full snapshot at 1M events is 160 MB. Encoded whole and then written, the kernel's copy of it into
/// the page cache (about 300 MB/s on this kind of machine) came after the encoding, on the same thread,
/// while the other core had nothing to do: a tenth of an import. Here each piece is written, and the
/// checksum of everything after the header taken, as soon as it is handed over; at most
/// `piecesQueuedMax` pieces wait, so the file is never held whole in memory (at 10M events it is 1.6 GB).
final class StreamedFile: @unchecked Sendable {
  /// About how large a piece is handed over (`ByteWriter.flushIfFull`).
  static let pieceBytes = 4 << 20
  static let piecesQueuedMax = 4

  let path: String
  private let fd: Int32
  /// Bytes at the start of the file the checksum does not cover (the magic line and the checksum's room).
  private let headerBytes: Int
  private let queue = DispatchQueue(label: "fundledger.streamed-file")
  private let room = DispatchSemaphore(value: StreamedFile.piecesQueuedMax)
  // On `queue`, read after it is drained.
  private var offset: Int64 = 0
  private var checksum = Checksum64.Running()
  private var failure: LedgerError?

  /// Creates (or empties) the file at `path`.
  init(path: String, headerBytes: Int) throws(LedgerError) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw LedgerError.io(path: path, operation: "open", errno: errno) }
    self.path = path
    self.fd = fd
    self.headerBytes = headerBytes
  }

  /// Queues `piece` to be written after the pieces before it; waits while `piecesQueuedMax` are queued.
  func write(_ piece: [UInt8]) {
    room.wait()
    queue.async {
      defer { self.room.signal() }
      guard self.failure == nil else { return }
      piece.withUnsafeBytes { raw in
        let skip = max(0, min(raw.count, self.headerBytes - Int(self.offset)))
        self.checksum.add(UnsafeRawBufferPointer(rebasing: raw[skip...]))
        var done = 0
        while done < raw.count {
          let count = pwrite(self.fd, raw.baseAddress! + done, raw.count - done, off_t(self.offset) + off_t(done))
          if count < 0 {
            if errno == EINTR { continue }
            self.failure = .io(path: self.path, operation: "write", errno: errno)
            return
          }
          done += count
        }
      }
      self.offset += Int64(piece.count)
    }
  }

  /// Waits for every piece, writes `patch(checksum)` at `patchOffset` (the checksum's room in the header),
  /// and closes the file. On failure the file is removed.
  func finish(patchOffset: Int, patch: (UInt64) -> [UInt8]) throws(LedgerError) {
    var failure: LedgerError?
    var sum: UInt64 = 0
    queue.sync {
      failure = self.failure
      sum = self.checksum.finish()
    }
    if failure == nil {
      let bytes = patch(sum)
      let count = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress!, $0.count, off_t(patchOffset)) }
      if count != bytes.count { failure = .io(path: path, operation: "write", errno: errno) }
    }
    if close(fd) != 0, failure == nil { failure = .io(path: path, operation: "close", errno: errno) }
    if let failure {
      unlink(path)
      throw failure
    }
  }
}
