import XCTest

@testable import FundLedger

/// Fields written on the stack (`ByteWriter.fields`) are the bytes `ByteWriter`'s own methods write, so a
/// snapshot's format does not depend on which of the two wrote it.
final class FieldWriterTests: XCTestCase {
  func testFieldsAreTheBytesTheWriterWritesItself() {
    let int64s: [Int64] = [0, 1, -1, 127, 128, -129, 1 << 40, Int64.max, Int64.min]
    let int32s: [Int32] = [0, -1, 65_536, Int32.max, Int32.min]
    let strings: [String?] = [nil, "", "d-1", "新疆金雪驰科技", "𝄞 and \"quotes\"", String(repeating: "长", count: 300)]
    var plain = ByteWriter()
    var fielded = ByteWriter()
    for value in int64s {
      plain.int64(value)
      plain.varint(value)
      fielded.fields(maxBytes: 18) {
        $0.int64(value)
        $0.varint(value)
      }
    }
    for value in int32s {
      plain.int32(value)
      plain.uint8(UInt8(truncatingIfNeeded: value))
      fielded.fields(maxBytes: 5) {
        $0.int32(value)
        $0.uint8(UInt8(truncatingIfNeeded: value))
      }
    }
    for text in strings {
      plain.optionalString(text)
      fielded.fields(maxBytes: 5 + (text?.utf8.count ?? 0)) { $0.optionalString(text) }
    }
    plain.int32(7)
    for value in int32s { plain.int32(value) }
    fielded.int32(7)
    fielded.int32s(int32s)
    XCTAssertEqual(fielded.bytes, plain.bytes)
    XCTAssertGreaterThan(plain.bytes.count, 1_000)
    // And they read back through `ByteReader`.
    var reader = ByteReader(fielded.bytes)
    for value in int64s {
      XCTAssertEqual(try reader.int64(), value)
      XCTAssertEqual(try reader.varint(), value)
    }
  }
}
