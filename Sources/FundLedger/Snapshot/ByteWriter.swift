/// Little-endian binary output for snapshots: fixed-width integers and length-prefixed strings.
struct ByteWriter {
  var bytes: [UInt8] = []

  mutating func int64(_ value: Int64) {
    var v = UInt64(bitPattern: value)
    for _ in 0..<8 {
      bytes.append(UInt8(truncatingIfNeeded: v))
      v >>= 8
    }
  }

  mutating func int32(_ value: Int32) {
    var v = UInt32(bitPattern: value)
    for _ in 0..<4 {
      bytes.append(UInt8(truncatingIfNeeded: v))
      v >>= 8
    }
  }

  mutating func uint8(_ value: UInt8) { bytes.append(value) }

  /// A signed integer as a zigzag LEB128 varint: small figures (and the many zeros) take one or two bytes.
  mutating func varint(_ value: Int64) {
    var rest = UInt64(bitPattern: (value << 1) ^ (value >> 63))
    while rest >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }

  /// A string as its UTF-8 length and bytes, read in place (an array copy of them was a heap allocation
  /// per string: per record, in a full snapshot).
  mutating func string(_ value: String) {
    var value = value
    value.withUTF8 { utf8 in
      int32(Int32(utf8.count))
      bytes.append(contentsOf: utf8)
    }
  }

  mutating func optionalString(_ value: String?) {
    if let value {
      uint8(1)
      string(value)
    } else {
      uint8(0)
    }
  }

  mutating func raw(_ value: [UInt8]) {
    int32(Int32(value.count))
    bytes.append(contentsOf: value)
  }
}

/// Reads what `ByteWriter` wrote, failing cleanly on truncated or inconsistent input.
struct ByteReader {
  let bytes: [UInt8]
  var index = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  struct Truncated: Error {}

  mutating func int64() throws -> Int64 {
    guard index + 8 <= bytes.count else { throw Truncated() }
    var v: UInt64 = 0
    for i in (0..<8).reversed() { v = v << 8 | UInt64(bytes[index + i]) }
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

  mutating func int32() throws -> Int32 {
    guard index + 4 <= bytes.count else { throw Truncated() }
    var v: UInt32 = 0
    for i in (0..<4).reversed() { v = v << 8 | UInt32(bytes[index + i]) }
    index += 4
    return Int32(bitPattern: v)
  }

  mutating func uint8() throws -> UInt8 {
    guard index < bytes.count else { throw Truncated() }
    index += 1
    return bytes[index - 1]
  }

  mutating func string() throws -> String {
    let count = Int(try int32())
    guard count >= 0, index + count <= bytes.count else { throw Truncated() }
    defer { index += count }
    return bytes.withUnsafeBufferPointer {
      String(decoding: UnsafeBufferPointer(rebasing: $0[index..<index + count]), as: UTF8.self)
    }
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
}
