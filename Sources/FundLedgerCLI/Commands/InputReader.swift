#if canImport(Glibc)
  import Glibc
#endif

/// An append's input, handed out a run of whole lines at a time by the thread that decodes it.
///
/// Reading a 300 MB input whole before staging began, and cutting it into a million slices, took a
/// quarter of a second of the staging thread with the other core idle; here each window's bytes are
/// read by the worker that decodes them, one window ahead of staging, and nothing holds the whole file.
final class InputReader: @unchecked Sendable {
  private enum Source {
    case file(Int32)
    case memory([UInt8])
  }

  private let source: Source
  /// The input's size in bytes, when known before it is read.
  let sizeBytes: Int
  /// Where the next read starts.
  private var offset = 0
  /// Bytes read after the last newline handed out.
  private var carry: [UInt8] = []
  private var atEnd = false

  /// The file at `path`, read as it is decoded; nil if it cannot be opened.
  init?(path: String) {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    var info = stat()
    guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
      close(fd)
      return nil
    }
    source = .file(fd)
    sizeBytes = Int(info.st_size)
  }

  /// Input already in memory (standard input).
  init(bytes: [UInt8]) {
    source = .memory(bytes)
    sizeBytes = bytes.count
  }

  deinit { if case .file(let fd) = source { close(fd) } }

  /// About how many lines the input has: counted in its first 64 KiB and scaled to its size (enough to
  /// size the state and the line buffer once; more room than used costs address space only).
  func estimatedLines() throws(InputError) -> Int {
    var sample: [UInt8] = []
    _ = try read(appendingTo: &sample, at: 0, count: min(sizeBytes, 1 << 16))
    guard !sample.isEmpty else { return 0 }
    let newlines = max(1, sample.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) })
    let lines = Int((Int64(sizeBytes) * Int64(newlines) / Int64(sample.count)))
    return lines + lines / 16 + 1
  }

  /// The next run of whole lines, about `windowBytes` long or one line when a line is longer; nil once
  /// every byte was handed out. A last line without a newline is a line. Call from one thread at a time.
  func next(windowBytes: Int) throws(InputError) -> [UInt8]? {
    var window = carry
    carry = []
    while !atEnd {
      let searchFrom = window.count
      let count = try read(appendingTo: &window, at: offset, count: max(1, windowBytes))
      offset += count
      if count == 0 {
        atEnd = true
        break
      }
      if let newline = window[searchFrom...].lastIndex(of: 0x0A) {
        carry = Array(window[(newline + 1)...])
        window.removeSubrange((newline + 1)...)
        return window
      }
    }
    return window.isEmpty ? nil : window
  }

  /// Why the input could not be read.
  struct InputError: Error { var errno: Int32 }

  /// Reads up to `count` bytes at `position` onto the end of `bytes` (straight into its new room: no
  /// zero-filled buffer first); returns how many were read, 0 at the end.
  private func read(appendingTo bytes: inout [UInt8], at position: Int, count: Int) throws(InputError) -> Int {
    let old = bytes.count
    var failure: Int32 = 0
    bytes = [UInt8](unsafeUninitializedCapacity: old + count) { buffer, initialized in
      let base = buffer.baseAddress!
      if old > 0 { bytes.withUnsafeBufferPointer { base.initialize(from: $0.baseAddress!, count: old) } }
      var done = 0
      switch source {
      case .memory(let input):
        done = max(0, min(count, input.count - position))
        if done > 0 {
          input.withUnsafeBufferPointer { (base + old).initialize(from: $0.baseAddress! + position, count: done) }
        }
      case .file(let fd):
        while done < count {
          let got = pread(fd, base + old + done, count - done, off_t(position + done))
          if got < 0, errno == EINTR { continue }
          if got < 0 { failure = errno }
          if got <= 0 { break }
          done += got
        }
      }
      initialized = old + done
    }
    if failure != 0 { throw InputError(errno: failure) }
    return bytes.count - old
  }
}
