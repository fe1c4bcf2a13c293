import XCTest

@testable import FundLedger

/// The values events carry inline instead of as strings: a line's digest and its recorded time.
final class InlineValueTests: XCTestCase {
  /// A digest read from hex prints back the same hex, equals the digest of the same bytes, and only
  /// 64 lowercase hex digits are read.
  func testDigestHexRoundTripAndRefusals() {
    let bytes = Array("abc".utf8)
    let digest = SHA256.digest(bytes)
    let hex = SHA256.hex(bytes)
    XCTAssertEqual(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    XCTAssertEqual(digest.hex, hex)
    XCTAssertEqual(Digest(hex: hex), digest)
    XCTAssertEqual(Digest.zero.hex, LedgerState.genesisHash)
    XCTAssertEqual(Digest(hex: LedgerState.genesisHash), Digest.zero)
    XCTAssertNotEqual(SHA256.digest(Array("abd".utf8)), digest)
    XCTAssertNil(Digest(hex: hex.uppercased()), "uppercase is not the log's form")
    XCTAssertNil(Digest(hex: String(hex.dropLast())), "63 digits")
    XCTAssertNil(Digest(hex: hex + "0"), "65 digits")
    XCTAssertNil(Digest(hex: String(hex.dropLast()) + "g"), "not a hex digit")
    XCTAssertNil(Digest(hex: ""))
    // Every byte position reaches the hex: a digest differing in one byte prints differently there.
    var raw = [UInt8](repeating: 0, count: 32)
    for position in 0..<32 {
      raw[position] = 0xA5
      let one = raw.withUnsafeBytes { Digest($0) }
      let text = one.hex
      XCTAssertEqual(Array(text.utf8)[(2 * position)..<(2 * position + 2)], Array("a5".utf8)[...], "byte \(position)")
      XCTAssertEqual(Digest(hex: text), one)
      raw[position] = 0
    }
  }

  /// Every byte value in every position of a word and at the ends: only `0`–`9` and `a`–`f` are read, each
  /// as its value (the digits are read eight to a word).
  func testDigestHexReadsEveryByteValueRightly() {
    let base = Array(String(repeating: "0123456789abcdef", count: 4).utf8)
    for position in [0, 1, 2, 3, 4, 5, 6, 7, 8, 31, 62, 63] {
      for byte in UInt8.min...UInt8.max {
        var text = base
        text[position] = byte
        let digest = text.withUnsafeBufferPointer { Digest(hex: $0) }
        let expected: UInt8? =
          switch byte {
          case 48...57: byte - 48
          case 97...102: byte - 87
          default: nil
          }
        guard let expected else {
          XCTAssertNil(digest, "byte \(byte) at \(position)")
          continue
        }
        guard let digest else { return XCTFail("byte \(byte) at \(position) refused") }
        let hex = Array(digest.hex.utf8)
        XCTAssertEqual(hex[position], byte, "byte \(byte) at \(position)")
        XCTAssertEqual(
          withUnsafeBytes(of: digest.words) { $0[position / 2] } >> (position % 2 == 0 ? 4 : 0) & 0x0f, expected)
      }
    }
  }

  /// A recorded time keeps the exact text it was read from, in every form `Timestamp.parse` accepts,
  /// with the same milliseconds; text it refuses is refused here too.
  func testRecordedTimeKeepsItsText() {
    for text in ["2023-05-06", "2023-05-06T07:08:09Z", "2023-05-06T07:08:09.010Z", "1969-12-31T23:59:59.999Z"] {
      guard let time = RecordedTime(text) else { return XCTFail("refused \(text)") }
      XCTAssertEqual(time.text, text)
      XCTAssertEqual(time.millis, Timestamp.parse(text))
      XCTAssertEqual(RecordedTime(text), time)
    }
    XCTAssertNotEqual(RecordedTime("2023-05-06"), RecordedTime("2023-05-06T00:00:00Z"), "same instant, other text")
    for text in [
      "", "2023-05-06T07:08:09", "2023-05-06T07:08:09.01Z", "2023-05-06T24:00:00Z", "2023-05-06T07:08:09.0100Z",
    ] {
      XCTAssertNil(RecordedTime(text), text)
    }
  }

  /// An event's `recorded` and `prev` read and written through the inline values come back as the text
  /// that was set, and a line with them encodes back to its own bytes.
  func testEventFieldsThroughInlineValues() throws {
    let line = Array(
      #"{"v":1,"seq":7,"id":"x1","type":"open","date":"2023-01-01","recorded":"2023-01-02T03:04:05Z","prev":"\#(String(repeating: "0123456789abcdef", count: 4))","holder":"h","name":"n","level":"central"}"#
        .utf8)
    let event = try EventCodec.decode(line, mode: .stored)
    XCTAssertEqual(event.recorded, "2023-01-02T03:04:05Z")
    XCTAssertEqual(event.prev, String(repeating: "0123456789abcdef", count: 4))
    XCTAssertEqual(EventCodec.encode(event), line)
    var cache = FastEventDecoder.Cache()
    let fast = line.withUnsafeBytes { FastEventDecoder.decode($0, cache: &cache) }
    XCTAssertEqual(fast, event)
  }

  /// A plain movement keeps its strings inline and has no box; setting a rarer field makes one, and a copy
  /// changed after that leaves the original as it was (copy on write through the box).
  func testEventBoxIsMadeOnlyWhenARareFieldIsSet() throws {
    let line = Array(
      #"{"v":1,"seq":2,"id":"d-1","type":"disburse","date":"2023-03-01","recorded":"2023-03-02T00:00:00Z","prev":"\#(String(repeating: "0", count: 64))","from":"p1","to":"r1","program":"prog","budget_year":2023,"amount_fen":100}"#
        .utf8)
    var cache = FastEventDecoder.Cache()
    let plain = try XCTUnwrap(line.withUnsafeBytes { FastEventDecoder.decode($0, cache: &cache) })
    XCTAssertEqual([plain.id, plain.from, plain.to, plain.program], ["d-1", "p1", "r1", "prog"])
    XCTAssertNil(plain.storageObject)
    XCTAssertEqual(plain.doc, nil)
    XCTAssertEqual(plain.fundedBy, [])

    var noted = plain
    noted.note = "from the seed"
    noted.fundedBy = ["a-1"]
    var changed = noted
    changed.note = "changed"
    changed.from = "p2"
    XCTAssertEqual(noted.note, "from the seed")
    XCTAssertEqual(noted.from, "p1")
    XCTAssertEqual(changed.note, "changed")
    XCTAssertEqual(changed.fundedBy, ["a-1"])
    XCTAssertNotNil(noted.storageObject)
    let reread = try EventCodec.decode(EventCodec.encode(noted), mode: .stored)
    XCTAssertEqual(EventCodec.encode(reread), EventCodec.encode(noted))
  }
}
