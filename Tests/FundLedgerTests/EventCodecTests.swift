import XCTest

@testable import FundLedger

final class EventCodecTests: XCTestCase {
  func decode(_ text: String, mode: EventCodec.Mode = .input) throws -> Event {
    try EventCodec.decode(Array(text.utf8), mode: mode)
  }

  func error(_ text: String, mode: EventCodec.Mode = .input) -> EventDecodeError? {
    do {
      _ = try decode(text, mode: mode)
      return nil
    } catch {
      return error as? EventDecodeError
    }
  }

  /// Dates print as the zero-padded text they were parsed from, for every day across several years and at
  /// the ends of the range.
  func testDatesPrintAsTheyParse() {
    for text in ["0001-01-01", "0999-12-31", "1900-02-28", "2000-02-29", "2024-02-29", "9999-12-31"] {
      XCTAssertEqual(LedgerDate(text)?.description, text)
    }
    let start = LedgerDate("2021-12-25")!.dayNumber
    for day in start..<(start + 1_200) {
      let date = LedgerDate(dayNumber: day)
      let (y, m, d) = date.parts
      let expected = String(format: "%04d-%02d-%02d", y, m, d)
      XCTAssertEqual(date.description, expected)
      XCTAssertEqual(LedgerDate(expected), date)
    }
  }

  func testEveryTypeRoundTrips() throws {
    var audit = Event(id: "au1", type: .audit, date: LedgerDate("2024-03-25")!)
    audit.auditor = "自治区工信厅"
    audit.scope = "2023 中小企业发展专项资金"
    audit.details = [("claims", .array([.object([("figure", .string("执行")), ("wan", .string("7874"))])]))]
    var month = Fixtures.move(.allocate, "a1", "2022-11-30", "mof", "xj", wan: "1200", doc: "财建〔2022〕393号")
    month.datePrecision = .month
    month.note = "seed 000: \"2022 年 11 月\", day not given"
    let events: [Event] =
      Fixtures.world + [
        month, Fixtures.budget("b1", "2023-01-01", "xj", wan: "2409"),
        Fixtures.move(.disburse, "d1", "2023-02-21", "urumqi", "firm-a", wan: "120", fundedBy: ["a1"]),
        Fixtures.correct("c1", "2023-03-01", target: "d1"), audit,
      ]
    for event in events {
      let line = EventCodec.encode(event)
      XCTAssertEqual(try EventCodec.decode(line, mode: .input), event, String(decoding: line, as: UTF8.self))
    }
    XCTAssertEqual(month.dateText, "2022-11")
  }

  /// Every stored line of the sample ledgers decodes (by both decoders) and encodes back to its exact
  /// bytes: the encoder is canonical, so a line's hash does not depend on which code wrote it.
  func testSampleLedgerLinesEncodeBackToTheirBytes() throws {
    let events = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("events")
    let files = try FileManager.default.contentsOfDirectory(atPath: events.path).filter { $0.hasSuffix(".jsonl") }
    XCTAssertFalse(files.isEmpty)
    var lines = 0
    for file in files {
      let text = try String(contentsOfFile: events.appendingPathComponent(file).path, encoding: .utf8)
      for line in text.split(separator: "\n") {
        let bytes = Array(line.utf8)
        let event = try EventCodec.decode(bytes, mode: .stored)
        XCTAssertEqual(EventCodec.encode(event), bytes, "\(file): \(line)")
        if let fast = bytes.withUnsafeBytes({ FastEventDecoder.decode($0) }) {
          XCTAssertEqual(EventCodec.encode(fast), bytes, "\(file), fast decoder: \(line)")
        }
        var appended: [UInt8] = [0x41]
        if EventCodec.appendMovement(event, to: &appended) {
          XCTAssertEqual(Array(appended.dropFirst()), bytes, "\(file), movement writer: \(line)")
        } else {
          XCTAssertFalse(event.type.movesMoney, "\(file): \(line)")
          XCTAssertEqual(appended, [0x41], "nothing written for an event that is not a movement")
        }
        lines += 1
      }
    }
    XCTAssertGreaterThan(lines, 300)
  }

  /// The movement writer writes what `encode` writes, for every kind of movement and every optional field,
  /// with strings that need escapes; it writes nothing for an event not yet stamped or not a movement.
  func testMovementWriterWritesWhatEncodeWrites() throws {
    var plain = Fixtures.move(.disburse, "d\"1\\", "2023-02-21", "urumqi", "新疆金雪驰\n科技", wan: "120.35")
    var unstamped: [UInt8] = []
    XCTAssertFalse(EventCodec.appendMovement(plain, to: &unstamped), "unstamped: no seq, recorded or prev")
    XCTAssertEqual(unstamped, [])
    plain.v = 1
    plain.seq = 123_456_789
    plain.recorded = "2026-12-03T15:00:00.123Z"
    plain.prev = String(repeating: "0123456789abcdef", count: 4)
    var variants: [Event] = []
    for type in [EventType.allocate, .redistribute, .disburse, .return] {
      var event = plain
      event.type = type
      variants.append(event)
      event.datePrecision = .month
      event.fundedBy = ["a1", "a\u{1}2", "第三笔"]
      event.doc = "新财企〔2023〕6号"
      event.note = "tab\there, quote \" and 𝄞"
      event.amountFen = Int64.max
      event.budgetYear = 9999
      variants.append(event)
      event.fundedBy = ["only"]
      event.doc = nil
      variants.append(event)
    }
    // Strings that need no escape (written in one piece on the stack), Chinese among them, and a year
    // written with leading zeros.
    var unescaped = plain
    (unescaped.id, unescaped.to) = ("d-1", "新疆金雪驰科技")
    variants.append(unescaped)
    unescaped.amountFen = Int64.max
    unescaped.budgetYear = 1900
    unescaped.date = try XCTUnwrap(LedgerDate(year: 987, month: 1, day: 2))
    variants.append(unescaped)
    for event in variants {
      var appended: [UInt8] = []
      XCTAssertTrue(EventCodec.appendMovement(event, to: &appended))
      XCTAssertEqual(appended, EventCodec.encode(event), String(decoding: EventCodec.encode(event), as: UTF8.self))
    }
    var open = Fixtures.world[0]
    open.v = 1
    open.seq = 1
    open.recorded = plain.recorded
    open.prev = plain.prev
    var buffer: [UInt8] = []
    XCTAssertFalse(EventCodec.appendMovement(open, to: &buffer))
    XCTAssertEqual(buffer, [])
  }

  func testStoredLinesNeedLedgerFieldsAndInputMustNotSetThem() {
    let input = #"{"id":"x","type":"open","date":"2023-01-01","holder":"h","name":"某","level":"recipient"}"#
    XCTAssertNil(error(input))
    XCTAssertEqual(error(input, mode: .stored), .missingField(field: "v", expected: "the schema version 1"))
    XCTAssertEqual(
      error(#"{"seq":5,"id":"x","type":"open","date":"2023-01-01","holder":"h","name":"某","level":"recipient"}"#),
      .ledgerAssigned(field: "seq"))
  }

  func testBadInputNamesTheField() {
    XCTAssertEqual(
      error(#"{"id":"x","type":"transfer","date":"2023-01-01"}"#)?.field, "type")
    XCTAssertEqual(
      error(#"{"id":"x","type":"open","date":"2023-02-30","holder":"h","name":"n","level":"recipient"}"#),
      .invalidValue(field: "date", expected: "a real calendar date YYYY-MM-DD", got: "2023-02-30"))
    XCTAssertEqual(
      error(
        #"{"id":"x","type":"open","date":"2023-01-01","holder":"h","name":"n","level":"recipient","colour":"red"}"#),
      .unknownField(field: "colour", type: "open"))
    XCTAssertEqual(
      error(#"{"id":"x","type":"open","date":"2023-01-01","name":"n","level":"recipient"}"#),
      .missingField(field: "holder", expected: "a string"))
    let move =
      #"{"id":"x","type":"disburse","date":"2023-01-01","from":"a","to":"b","program":"p","budget_year":2023,"amount_fen":"#
    XCTAssertEqual(error(move + "1e3}")?.field, "amount_fen")
    XCTAssertEqual(error(move + "-5}")?.field, "amount_fen")
    XCTAssertEqual(error(move + "0}")?.field, "amount_fen")
    XCTAssertEqual(error(move + "1.5}")?.field, "amount_fen")
    XCTAssertEqual(error(move + "1234567890123456789012345}")?.field, "amount_fen")
    XCTAssertEqual(error(move + "\"100\"}"), .wrongKind(field: "amount_fen", expected: "an integer", got: "a string"))
    XCTAssertEqual(error(move + "100,\"funded_by\":[1]}")?.field, "funded_by")
    if case .badJSON? = error(#"{"id":"x","type":"open""#) {} else { XCTFail("expected bad JSON") }
    XCTAssertEqual(error("[1,2]"), .notAnObject(got: "an array"))
  }
}
