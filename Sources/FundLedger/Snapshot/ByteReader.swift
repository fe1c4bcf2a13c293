/// Reads what `ByteWriter` wrote, failing cleanly on truncated or inconsistent input.
///
/// It reads from memory it keeps alive (`ByteSource`): a copy of an array, or a mapped file. A full
/// snapshot at 10M events is 1.6 GB; read into an array, its pages were zeroed by the kernel and then
/// copied into (a third of loading it), and counted in the peak beside the state made from it. Mapped, it
/// is read where the page cache holds it, and `releaseRead` lets the pages already decoded go.
struct ByteReader {
  let source: ByteSource
  var index = 0
  /// How far `releaseRead` has let the mapping's pages go.
  private var released = 0

  init(_ bytes: [UInt8]) { source = ByteSource(copying: bytes) }

  init(_ source: ByteSource) { self.source = source }

  /// The bytes read from.
  var bytes: UnsafeRawBufferPointer { source.bytes }

  struct Truncated: Error {}

  @inline(__always)
  mutating func int64() throws -> Int64 {
    guard index + 8 <= bytes.count else { throw Truncated() }
    let v = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
    index += 8
    return Int64(bitPattern: v)
  }

  mutating func varint() throws -> Int64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      let byte = try uint8()
      guard shift < 64 else { throw Truncated() }
      result |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { break }
      shift += 7
    }
    return Int64(bitPattern: result >> 1) ^ -Int64(bitPattern: result & 1)
  }

  @inline(__always)
  mutating func int32() throws -> Int32 {
    guard index + 4 <= bytes.count else { throw Truncated() }
    let v = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt32.self))
    index += 4
    return Int32(bitPattern: v)
  }

  @inline(__always)
  mutating func uint8() throws -> UInt8 {
    guard index < bytes.count else { throw Truncated() }
    index += 1
    return bytes[index - 1]
  }

  mutating func string() throws -> String {
    let count = Int(try int32())
    guard count >= 0, index + count <= bytes.count else { throw Truncated() }
    defer { index += count }
    return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[index..<index + count]), as: UTF8.self)
  }

  mutating func optionalString() throws -> String? {
    try uint8() == 0 ? nil : try string()
  }

  mutating func raw() throws -> [UInt8] {
    let count = Int(try int32())
    guard count >= 0, index + count <= bytes.count else { throw Truncated() }
    defer { index += count }
    return Array(bytes[index..<index + count])
  }

  /// How many bytes are read before `releaseRead` lets them go.
  var releaseBytesMin = 64 << 20

  /// Lets the pages of a mapped source that lie wholly before `index` go from the process (they stay in
  /// the page cache, and would be mapped again if read again); nothing for a copied source, or until
  /// `releaseBytesMin` more have been read. Called between records, so it costs a compare.
  @inline(__always)
  mutating func releaseRead() {
    guard index - released >= releaseBytesMin, source.isMapped else { return }
    released = source.release(from: released, to: index)
  }
}
