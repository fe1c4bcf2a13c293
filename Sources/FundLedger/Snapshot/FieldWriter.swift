/// Fixed-width fields written into memory sized for them (`ByteWriter.fields`), byte for byte as
/// `ByteWriter`'s own methods write them.
struct FieldWriter {
  private let base: UnsafeMutableRawPointer
  private let capacity: Int
  private(set) var count = 0

  init(base: UnsafeMutableRawPointer, capacity: Int) { (self.base, self.capacity) = (base, capacity) }

  @inline(__always)
  mutating func int64(_ value: Int64) {
    precondition(count + 8 <= capacity, "fields within their size")
    base.storeBytes(of: value.littleEndian, toByteOffset: count, as: Int64.self)
    count += 8
  }

  @inline(__always)
  mutating func int32(_ value: Int32) {
    precondition(count + 4 <= capacity, "fields within their size")
    base.storeBytes(of: value.littleEndian, toByteOffset: count, as: Int32.self)
    count += 4
  }

  @inline(__always)
  mutating func uint8(_ value: UInt8) {
    precondition(count + 1 <= capacity, "fields within their size")
    base.storeBytes(of: value, toByteOffset: count, as: UInt8.self)
    count += 1
  }

  /// As `ByteWriter.varint`: zigzag LEB128, at most ten bytes.
  @inline(__always)
  mutating func varint(_ value: Int64) {
    precondition(count + 10 <= capacity, "fields within their size")
    var rest = UInt64(bitPattern: (value << 1) ^ (value >> 63))
    while rest >= 0x80 {
      base.storeBytes(of: UInt8(truncatingIfNeeded: rest) | 0x80, toByteOffset: count, as: UInt8.self)
      count += 1
      rest >>= 7
    }
    base.storeBytes(of: UInt8(rest), toByteOffset: count, as: UInt8.self)
    count += 1
  }

  /// A string: its UTF-8 length as a 32-bit field, then its bytes.
  @inline(__always)
  mutating func string(_ value: String) {
    var value = value
    value.withUTF8 { utf8 in
      int32(Int32(utf8.count))
      precondition(count + utf8.count <= capacity, "fields within their size")
      if let source = utf8.baseAddress { (base + count).copyMemory(from: source, byteCount: utf8.count) }
      count += utf8.count
    }
  }

  /// A presence byte (0 or 1), then the string if there is one.
  @inline(__always)
  mutating func optionalString(_ value: String?) {
    if let value {
      uint8(1)
      string(value)
    } else {
      uint8(0)
    }
  }
}
