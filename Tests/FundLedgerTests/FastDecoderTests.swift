import Foundation
import XCTest

@testable import FundLedger

/// The fast decoder must agree with the reference on every line it accepts, and defer on the rest.
final class FastDecoderTests: XCTestCase {
  func fast(_ line: String) -> Event? { Array(line.utf8).withUnsafeBytes { FastEventDecoder.decode($0) } }
  func reference(_ line: String) -> Event? { try? EventCodec.decode(Array(line.utf8), mode: .stored) }

  func testAgreesOnEveryLineOfAGeneratedLedger() throws {
    var generator = Generator.small(eventCount: 5_000, seed: 17)
    var state = LedgerState()
    let ledger = try Fixtures.ledger(generator.events(into: &state))
    var accepted = 0
    try LineScanner.scan(path: ledger.path) { item in
      guard case .line(_, _, let bytes, _) = item else { return true }
      let reference = try EventCodec.decode(bytes, mode: .stored)
      if let fast = FastEventDecoder.decode(bytes) {
        accepted += 1
        XCTAssertEqual(fast, reference)
      } else {
        XCTAssertEqual(reference.type, .audit, "only audit lines need the reference here")
      }
      return true
    }
    XCTAssertGreaterThan(accepted, 4_900)
  }

  /// The template for plain movements reads every such line of a generated ledger as the reference does,
  /// and leaves every other line (and every movement with an optional field) to the general decoder.
  func testCanonicalMovementsReadAsTheReferenceDoes() throws {
    var generator = Generator.small(eventCount: 5_000, seed: 19)
    var state = LedgerState()
    let ledger = try Fixtures.ledger(generator.events(into: &state))
    var (canonical, other) = (0, 0)
    var cache = FastEventDecoder.Cache()
    try LineScanner.scan(path: ledger.path) { item in
      guard case .line(_, _, let bytes, _) = item else { return true }
      let reference = try EventCodec.decode(bytes, mode: .stored)
      let plain =
        reference.type.movesMoney && reference.doc == nil && reference.note == nil && reference.fundedBy.isEmpty
        && reference.datePrecision == .day
      if let template = FastEventDecoder.decodeCanonicalMovement(bytes, cache: &cache) {
        canonical += 1
        XCTAssertTrue(plain)
        XCTAssertEqual(template, reference)
      } else {
        other += 1
        XCTAssertFalse(plain, String(decoding: bytes, as: UTF8.self))
      }
      return true
    }
    XCTAssertGreaterThan(canonical, 4_000)
    XCTAssertGreaterThan(other, 100)

    // One plain movement changed in each way the template must not take: the general decoder then
    // decides, or defers to the reference; what it accepts, it reads as the reference does.
    let prev = String(repeating: "0123456789abcdef", count: 4)
    let head =
      #"{"v":1,"seq":12,"id":"d-7","type":"disburse","date":"2023-05-06","recorded":"2023-05-07T01:02:03.004Z","prev":"\#(prev)""#
    let plainLine = head + #","from":"p1c2","to":"r9","program":"prog1","budget_year":2023,"amount_fen":1603}"#
    XCTAssertNotNil(
      Array(plainLine.utf8).withUnsafeBytes { FastEventDecoder.decodeCanonicalMovement($0, cache: &cache) })
    // The program is taken from the cache only when its bytes are the previous line's.
    for program in ["prog1", "prog12", "prog1", "prog", "a-program-of-16b", "a-program-of-16b", "专项一", "prog1"] {
      let line = Array(plainLine.replacingOccurrences(of: "prog1", with: program).utf8)
      let decoded = line.withUnsafeBytes { FastEventDecoder.decode($0, cache: &cache) }
      XCTAssertEqual(decoded?.program, program)
      XCTAssertEqual(decoded, try EventCodec.decode(line, mode: .stored))
    }
    let changes: [(String, String)] = [
      ("}", #","doc":"财建〔2023〕1号"}"#),
      ("}", #","funded_by":["a-1"]}"#),
      (#""recorded""#, #""date_precision":"month","recorded""#),
      (#""v":1"#, #""v":2"#),
      (#""seq":12"#, #""seq":012"#),
      (#""seq":12"#, #""seq":-12"#),
      ("1603", "0"),
      ("1603", "16.03"),
      ("1603", "99999999999999999999"),
      ("2023,", "1899,"),
      (#""p1c2""#, #"" p1c2""#),
      (#""p1c2""#, #""p\u0031c2""#),
      (#""p1c2""#, #""乌市""#),
      (#""r9""#, #""""#),
      ("disburse", "budget"),
      ("disburse", "disbursed"),
      ("2023-05-06", "2023-02-30"),
      ("T01:02", "T25:02"),
      ("{", "{ "),
    ]
    var variants = changes.map { plainLine.replacingOccurrences(of: $0.0, with: $0.1) }
    variants += [plainLine + " ", String(plainLine.dropLast())]
    for variant in variants {
      let bytes = Array(variant.utf8)
      XCTAssertNil(bytes.withUnsafeBytes { FastEventDecoder.decodeCanonicalMovement($0, cache: &cache) }, variant)
      if let general = bytes.withUnsafeBytes({ FastEventDecoder.decode($0, cache: &cache) }) {
        XCTAssertEqual(general, reference(variant), variant)
      }
    }
  }

  /// Lines of a generated ledger with one byte changed, inserted or deleted at random (often inside a key,
  /// where the decoder now reads two words at once), decoded with a cache carried from line to line as a
  /// reader does: whenever the fast path accepts a line, the reference accepts it and gives the same event.
  func testAgreesWithTheReferenceOnDamagedLines() throws {
    var generator = Generator.small(eventCount: 1_500, seed: 41)
    var state = LedgerState()
    let ledger = try Fixtures.ledger(generator.events(into: &state))
    var lines: [[UInt8]] = []
    try LineScanner.scan(path: ledger.path) { item in
      if case .line(_, _, let bytes, _) = item { lines.append(Array(bytes)) }
      return true
    }
    var random = SplitMix64(seed: 43)
    let interesting: [UInt8] = [0x22, 0x5C, 0x3A, 0x2C, 0x7B, 0x7D, 0x00, 0x1F, 0x20, 0x61, 0xE4, 0xFF]
    var cache = FastEventDecoder.Cache()
    var (accepted, refused) = (0, 0)
    for round in 0..<8 {
      for original in lines {
        var line = original
        let at = Int(random.next() % UInt64(line.count))
        let byte =
          round % 2 == 0 ? interesting[Int(random.next() % UInt64(interesting.count))] : UInt8(random.next() & 0xFF)
        switch random.next() % 3 {
        case 0: line[at] = byte
        case 1: line.insert(byte, at: at)
        default: line.remove(at: at)
        }
        let reference = try? EventCodec.decode(line, mode: .stored)
        guard let fast = line.withUnsafeBytes({ FastEventDecoder.decode($0, cache: &cache) }) else {
          refused += 1
          continue
        }
        accepted += 1
        XCTAssertEqual(fast, reference, String(decoding: line, as: UTF8.self))
      }
    }
    // Most damage is refused; some (a changed letter in a value) leaves a line both decoders accept.
    XCTAssertGreaterThan(refused, accepted)
    XCTAssertGreaterThan(accepted, 100)
  }

  /// With the cache a reader keeps (the previous line's `recorded`), every line still decodes to what the
  /// reference gives, including lines whose `recorded` differs from the cache.
  func testTheReadersCacheChangesNothing() throws {
    var generator = Generator.small(eventCount: 3_000, seed: 29)
    var state = LedgerState()
    let ledger = try Fixtures.ledger(generator.events(into: &state))
    var cache = FastEventDecoder.Cache()
    var accepted = 0
    try LineScanner.scan(path: ledger.path, hashLines: true) { item in
      guard case .line(_, _, let bytes, _) = item else { return true }
      let reference = try EventCodec.decode(bytes, mode: .stored)
      if let fast = FastEventDecoder.decode(bytes, cache: &cache) {
        accepted += 1
        XCTAssertEqual(fast, reference)
      }
      return true
    }
    XCTAssertGreaterThan(accepted, 2_900)
    // A line whose `recorded` differs from the cached one, then one with a malformed `recorded` of the same
    // length: the cache must not let the second through.
    let prev = String(repeating: "a", count: 64)
    func line(_ recorded: String) -> [UInt8] {
      Array(
        #"{"v":1,"seq":7,"id":"x1","type":"open","date":"2023-01-01","recorded":"\#(recorded)","prev":"\#(prev)","holder":"h","name":"n","level":"central"}"#
          .utf8)
    }
    let good = line("2023-01-02T03:04:05.006Z")
    XCTAssertEqual(
      good.withUnsafeBytes { FastEventDecoder.decode($0, cache: &cache) }?.recorded, "2023-01-02T03:04:05.006Z")
    XCTAssertNil(line("2023-01-02T03:04:05.00xZ").withUnsafeBytes { FastEventDecoder.decode($0, cache: &cache) })

    // The same for the cached date: a line on another day reads as that day, and a date of the same
    // length that is not a day is refused after a good one.
    func dated(_ date: String) -> [UInt8] {
      Array(String(decoding: good, as: UTF8.self).replacingOccurrences(of: "2023-01-01", with: date).utf8)
    }
    for date in ["2023-01-01", "2023-01-02", "2023-01-02", "2024-02-29"] {
      XCTAssertEqual(
        dated(date).withUnsafeBytes { FastEventDecoder.decode($0, cache: &cache) }?.date, LedgerDate(date), date)
    }
    for date in ["2023-02-29", "2024-02-2x", "2024-02-29"] {
      let fast = dated(date).withUnsafeBytes { FastEventDecoder.decode($0, cache: &cache) }
      XCTAssertEqual(fast?.date, LedgerDate(date), date)
      XCTAssertEqual(fast == nil, (try? EventCodec.decode(dated(date), mode: .stored)) == nil, date)
    }
  }

  /// The eight-bytes-at-a-time check against a byte-by-byte one, on random words and on words with one
  /// special byte in each position.
  func testPlainASCIIWordCheckAgreesWithBytes() {
    func bytewise(_ word: UInt64) -> Bool {
      (0..<8).allSatisfy { i in
        let b = UInt8(truncatingIfNeeded: word >> (8 * UInt64(i)))
        return b >= 0x20 && b < 0x80 && b != 0x22 && b != 0x5C
      }
    }
    var random = SplitMix64(seed: 11)
    var words: [UInt64] = (0..<20_000).map { _ in random.next() & 0x7F7F_7F7F_7F7F_7F7F | 0x2020_2020_2020_2020 }
    words += (0..<5_000).map { _ in random.next() }
    for special: UInt64 in [0x00, 0x1F, 0x20, 0x21, 0x22, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xE4, 0xFF] {
      for position in 0..<8 {
        let base: UInt64 = 0x6161_6161_6161_6161
        words.append(base & ~(0xFF << (8 * UInt64(position))) | special << (8 * UInt64(position)))
      }
    }
    for word in words { XCTAssertEqual(FastEventDecoder.isPlainASCII(word), bytewise(word), String(word, radix: 16)) }
  }

  /// The lowest byte `specialBytes` flags is the first quote, backslash or control byte, found byte by
  /// byte (bytes above it may be flagged wrongly; the key reader looks at the lowest only).
  func testSpecialBytesFlagsTheFirstQuoteBackslashOrControlByte() {
    func firstSpecial(_ word: UInt64) -> Int? {
      (0..<8).first { i in
        let b = UInt8(truncatingIfNeeded: word >> (8 * UInt64(i)))
        return b < 0x20 || b == 0x22 || b == 0x5C
      }
    }
    var random = SplitMix64(seed: 12)
    var words: [UInt64] = (0..<20_000).map { _ in random.next() & 0x7F7F_7F7F_7F7F_7F7F | 0x2020_2020_2020_2020 }
    words += (0..<20_000).map { _ in random.next() }
    for special: UInt64 in [0x00, 0x01, 0x1F, 0x22, 0x5C] {
      for position in 0..<8 {
        for below: UInt64 in [0x00, 0x1F, 0x20, 0x61, 0x80, 0xFF] {
          let base = below &* 0x0101_0101_0101_0101
          words.append(base & ~(0xFF << (8 * UInt64(position))) | special << (8 * UInt64(position)))
        }
      }
    }
    for word in words {
      let flags = FastEventDecoder.specialBytes(word)
      XCTAssertEqual(flags == 0 ? nil : flags.trailingZeroBitCount / 8, firstSpecial(word), String(word, radix: 16))
    }
  }

  /// `append` input (no ledger fields, `v` optional) takes the fast path too and agrees with the reference
  /// in input mode; a line carrying a ledger-assigned field is left to the reference, which refuses it.
  func testInputLinesAgreeWithTheReference() throws {
    var generator = Generator.small(eventCount: 2_000, seed: 37)
    var state = LedgerState()
    var accepted = 0
    for var event in generator.events(into: &state) {
      event.seq = nil
      event.recorded = nil
      event.prev = nil
      var line = EventCodec.encode(event)
      for withVersion in [true, false] {
        if !withVersion, let text = String(bytes: line, encoding: .utf8) {
          line = Array(text.replacingOccurrences(of: #""v":1,"#, with: "").utf8)
        }
        let reference = try EventCodec.decode(line, mode: .input)
        if let fast = line.withUnsafeBytes({ FastEventDecoder.decodeInput($0) }) {
          accepted += 1
          XCTAssertEqual(fast, reference)
        }
      }
    }
    XCTAssertGreaterThan(accepted, 3_800)
    let stamped = Array(
      #"{"v":1,"seq":3,"id":"x","type":"open","date":"2023-01-01","holder":"h","name":"n","level":"central"}"#.utf8)
    XCTAssertNil(stamped.withUnsafeBytes { FastEventDecoder.decodeInput($0) })
    XCTAssertThrowsError(try EventCodec.decode(stamped, mode: .input))
  }

  /// The input template reads every plain movement of generated input, with `v` or without, as the
  /// reference does in input mode, and leaves every other line, and every line changed in a way it must not
  /// take, to the general decoder.
  func testCanonicalInputMovementsReadAsTheReferenceDoes() throws {
    var generator = Generator.small(eventCount: 3_000, seed: 41)
    var state = LedgerState()
    var cache = FastEventDecoder.Cache()
    var (canonical, other) = (0, 0)
    for var event in generator.events(into: &state) {
      (event.seq, event.recorded, event.prev) = (nil, nil, nil)
      let withVersion = String(decoding: EventCodec.encode(event), as: UTF8.self)
      for text in [withVersion, withVersion.replacingOccurrences(of: #""v":1,"#, with: "")] {
        let line = Array(text.utf8)
        let reference = try EventCodec.decode(line, mode: .input)
        let plain =
          reference.type.movesMoney && reference.doc == nil && reference.note == nil
          && reference.fundedBy.isEmpty && reference.datePrecision == .day
        if let template = line.withUnsafeBytes({ FastEventDecoder.decodeCanonicalInputMovement($0, cache: &cache) }) {
          canonical += 1
          XCTAssertTrue(plain, text)
          XCTAssertEqual(template, reference, text)
          XCTAssertNil(template.seq)
        } else {
          other += 1
          XCTAssertFalse(plain, text)
        }
      }
    }
    XCTAssertGreaterThan(canonical, 4_000)
    XCTAssertGreaterThan(other, 100)

    let plainLine =
      #"{"v":1,"id":"d-7","type":"disburse","date":"2023-05-06","from":"p1c2","to":"r9","program":"prog1","budget_year":2023,"amount_fen":1603}"#
    XCTAssertNotNil(
      Array(plainLine.utf8).withUnsafeBytes { FastEventDecoder.decodeCanonicalInputMovement($0, cache: &cache) })
    let changes: [(String, String)] = [
      ("}", #","doc":"财建〔2023〕1号"}"#),
      (#""v":1"#, #""v":2"#),
      (#""v":1,"#, #""v":1,"seq":3,"#),
      (#""date":"2023-05-06""#, #""date":"2023-05-06","recorded":"2023-05-07T01:02:03.004Z""#),
      ("1603", "0"),
      ("1603", "-1603"),
      ("1603", "01603"),
      ("1603", "16.03"),
      ("1603", "99999999999999999999"),
      ("2023,", "1899,"),
      (#""p1c2""#, #"" p1c2""#),
      (#""p1c2""#, #""p\u0031c2""#),
      (#""p1c2""#, #""乌市""#),
      (#""r9""#, #""""#),
      (#""d-7""#, #""""#),
      ("disburse", "budget"),
      ("2023-05-06", "2023-02-30"),
      (#""from""#, #""From""#),
      ("{", "{ "),
    ]
    var variants = changes.map { plainLine.replacingOccurrences(of: $0.0, with: $0.1) }
    variants += [plainLine + " ", String(plainLine.dropLast())]
    for variant in variants {
      let bytes = Array(variant.utf8)
      XCTAssertNil(
        bytes.withUnsafeBytes { FastEventDecoder.decodeCanonicalInputMovement($0, cache: &cache) }, variant)
      if let general = bytes.withUnsafeBytes({ FastEventDecoder.decodeInput($0, cache: &cache) }) {
        XCTAssertEqual(general, try EventCodec.decode(bytes, mode: .input), variant)
      }
    }
  }

  func testTrickyLines() {
    let prev = String(repeating: "a", count: 64)
    let head = #"{"v":1,"seq":7,"id":"x1","date":"2023-01-01","recorded":"2023-01-02T03:04:05.006Z","prev":"\#(prev)","#
    let lines = [
      head + #""type":"open","holder":"h","name":"财政部","level":"central"}"#,
      head + #""type":"open","holder":"h","name":"😀 emoji","level":"central","aliases":["甲","乙"]}"#,
      head + #""type":"open","holder":"h","name":"escaped \"quote\"","level":"central"}"#,
      head + #""type":"open","holder":"h","name":"\u8d22\u653f\u90e8","level":"central"}"#,
      head + #""type":"open","holder":"h","name":"\ud83d\ude00","level":"central"}"#,
      head + #""type":"open","holder":"h","name":" ","level":"central"}"#,
      head + #""type":"open","holder":"h","name":"　","level":"central"}"#,
      head + #""type":"open","holder":"h","name":"n","level":"mayor"}"#,
      head + #""type":"open","holder":"h","name":"n","level":"central","colour":"red"}"#,
      head + #""type":"open","holder":"h","name":"n","name":"m","level":"central"}"#,
      // Keys the fast path reads two words at a time, and those it leaves to the byte loop or the reference.
      head + #""type":"open","holder":"h","level":"central","name":"n"}"#,
      head + #""type":"open","holder":"h","n\u0061me":"n","level":"central"}"#,
      head + #""type":"open","holder":"h","na\"me":"n","level":"central"}"#,
      head + "\"type\":\"open\",\"holder\":\"h\",\"na\u{1}me\":\"n\",\"level\":\"central\"}",
      head + #""type":"open","holder":"h","名字":"n","level":"central"}"#,
      head + #""type":"open","holder":"h","name":"n","level":"central","abcdefghijklmnop":1}"#,
      head + #""type":"open","holder":"h","name":"n","abcdefghijklmnopq":1,"level":"central"}"#,
      head + #""type":"open","holder":"h","name":"n","level":"central",""#,
      head
        + #""type":"disburse","from":"a","to":"b","program":"p","budget_year":2023,"amount_fen":99999999999999999999}"#,
      head
        + #""type":"disburse","from":"a","to":"b","program":"p","budget_year":2023,"amount_fen":9223372036854775807}"#,
      head + #""type":"disburse","from":"a","to":"b","program":"p","budget_year":2023,"amount_fen":1e3}"#,
      head + #""type":"disburse","from":"a","to":"b","program":"p","budget_year":2023,"amount_fen":012}"#,
      head + #""type":"disburse","from":"a","to":"b","program":"p","budget_year":2023,"amount_fen":-5}"#,
      head + #""type":"disburse","from":"a","to":"b","program":"p","budget_year":2023}"#,
      head
        + #""type":"disburse","from":"a","to":"b","program":"p","budget_year":2023,"amount_fen":5,"funded_by":["a1","财建〔2022〕393号"]}"#,
      head + #""type":"disburse","from":"a","to":"b","program":"p","budget_year":2023,"amount_fen":5} "#,
      head + #""type":"correct","target":"x0","reason":"录入错误","date_precision":"month"}"#,
      head + #""type":"correct","target":"x0","reason":"r","date_precision":"fortnight"}"#,
      head + #""type":"audit","auditor":"a","scope":"s","claims":[]}"#,
      #"{"v":2,"seq":7,"id":"x1","type":"open","date":"2023-01-01","recorded":"2023-01-02T03:04:05.006Z","prev":"\#(prev)","holder":"h","name":"n","level":"central"}"#,
      #"{"v":1,"seq":7,"id":"x1","type":"open","date":"2023-02-30","recorded":"2023-01-02T03:04:05.006Z","prev":"\#(prev)","holder":"h","name":"n","level":"central"}"#,
      #"{"v":1,"seq":7,"id":"x1","type":"open","date":"2023-01-01","recorded":"yesterday","prev":"\#(prev)","holder":"h","name":"n","level":"central"}"#,
      #"{"v":1,"seq":7,"id":"x1","type":"open","date":"2023-01-01","recorded":"2023-01-02T03:04:05.006Z","prev":"XYZ","holder":"h","name":"n","level":"central"}"#,
    ]
    var deferred = 0
    for line in lines {
      if let fast = fast(line) {
        XCTAssertEqual(fast, reference(line), line)
      } else {
        deferred += 1
      }
    }
    XCTAssertEqual(lines.count - deferred, 6, "the plain flat lines take the fast path")
    // Invalid UTF-8 inside a string is deferred, and the reference rejects it.
    let bad =
      Array((head + #""type":"open","holder":"h","name":""#).utf8) + [0xFF] + Array(#"","level":"central"}"#.utf8)
    XCTAssertNil(bad.withUnsafeBytes { FastEventDecoder.decode($0) })
    XCTAssertThrowsError(try EventCodec.decode(bad, mode: .stored))
  }

  func testParallelHashingFindsAChangedByteWhereTheSerialCheckDoes() throws {
    var generator = Generator.small(eventCount: 3_000, seed: 23)
    var state = LedgerState()
    let ledger = try Fixtures.ledger(generator.events(into: &state))
    var bytes = Array(FileManager.default.contents(atPath: ledger.path)!)
    let lineStarts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
    // Change the first character of the id of line 2000 (the line stays valid JSON).
    let line2000 = String(decoding: bytes[lineStarts[1999]..<lineStarts[2000]], as: UTF8.self)
    let at =
      lineStarts[1999]
      + line2000.utf8.distance(
        from: line2000.utf8.startIndex, to: line2000.range(of: "\"id\":\"")!.upperBound.samePosition(in: line2000.utf8)!
      )
    bytes[at] = bytes[at] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
    XCTAssertTrue(FileManager.default.createFile(atPath: ledger.path, contents: Data(bytes)))
    // The serial reference: hash every line one by one and find the first whose successor disagrees.
    let lines = bytes.split(separator: 0x0A).map(Array.init)
    var serial: Int?
    for i in 0..<(lines.count - 1) {
      let next = try EventCodec.decode(lines[i + 1], mode: .stored)
      if SHA256.hex(lines[i]) != next.prev {
        serial = i + 1
        break
      }
    }
    XCTAssertEqual(serial, 2000)
    let result = try ledger.verify()
    guard case .hashMismatch(let line, _, _)? = result.damage else {
      return XCTFail("\(String(describing: result.damage))")
    }
    XCTAssertEqual(line, serial)
  }
}
