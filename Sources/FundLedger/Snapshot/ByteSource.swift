/// Memory a `ByteReader` reads, kept alive as long as a reader holds it.
final class ByteSource: @unchecked Sendable {
  let bytes: UnsafeRawBufferPointer
  private let owned: UnsafeMutableRawBufferPointer?
  private let mapped: MappedFile?

  /// A copy of `array` (headers and small files; the reader must not depend on an array's storage staying
  /// where it is).
  init(copying array: [UInt8]) {
    let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: array.count, alignment: 8)
    array.withUnsafeBytes { copy.copyMemory(from: $0) }
    (bytes, owned, mapped) = (UnsafeRawBufferPointer(copy), copy, nil)
  }

  /// The whole of a mapped file.
  init(mapped file: MappedFile) { (bytes, owned, mapped) = (file.bytes, nil, file) }

  deinit { owned?.deallocate() }

  var isMapped: Bool { mapped != nil }

  /// Lets the whole pages of `start..<end` go (see `ByteReader.releaseRead`); returns where the released
  /// part ends (a page boundary at or before `end`).
  func release(from start: Int, to end: Int) -> Int {
    guard let mapped, let base = bytes.baseAddress else { return start }
    return mapped.release(UnsafeRawPointer(base) + start, UnsafeRawPointer(base) + end) - UnsafeRawPointer(base)
  }
}
