#if canImport(Glibc)
  import Glibc
#endif

/// A whole file mapped read-only: a reader touches only the pages it reads, with no copy into the
/// process (a `history` reads a few thousand lines scattered over gigabytes of log, and a holder's entry
/// among half a million names).
///
/// The mapping is of the file as it was when mapped; reads past `count` are refused by the callers'
/// bounds checks. A file truncated by another process while mapped would fault on access: the log is
/// only ever appended to, and snapshot files are replaced by rename, which leaves the mapped one intact.
final class MappedFile: @unchecked Sendable {
  let bytes: UnsafeRawBufferPointer

  /// Maps `path`; nil if it cannot be opened or mapped. An empty file maps to an empty buffer.
  init?(path: String) {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { return nil }
    let count = Int(info.st_size)
    guard count > 0 else {
      bytes = UnsafeRawBufferPointer(start: nil, count: 0)
      return
    }
    guard let base = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else { return nil }
    bytes = UnsafeRawBufferPointer(start: base, count: count)
  }

  deinit {
    if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
  }

  /// Lets the whole pages between `start` and `end` (addresses within the mapping) go from the process:
  /// `MADV_DONTNEED` on a private mapping that was never written drops only the page table entries, and a
  /// later read maps the page cache's page again. Returns the page boundary the released range ends at.
  func release(_ start: UnsafeRawPointer, _ end: UnsafeRawPointer) -> UnsafeRawPointer {
    let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
    let low = (UInt(bitPattern: start) + page - 1) & ~(page - 1)
    let high = UInt(bitPattern: end) & ~(page - 1)
    guard high > low, let pointer = UnsafeMutableRawPointer(bitPattern: low) else { return start }
    _ = madvise(pointer, Int(high - low), MADV_DONTNEED)
    return UnsafeRawPointer(bitPattern: high)!
  }

  /// The bytes `offset..<offset + count`, or nil when they do not all lie within the file.
  func slice(_ offset: Int64, _ count: Int) -> UnsafeRawBufferPointer? {
    guard offset >= 0, count >= 0, offset <= Int64(bytes.count) - Int64(count) else { return nil }
    return UnsafeRawBufferPointer(rebasing: bytes[Int(offset)..<(Int(offset) + count)])
  }
}
