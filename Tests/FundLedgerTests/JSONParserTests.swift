import XCTest

@testable import FundLedger

final class JSONParserTests: XCTestCase {
  func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

  func testParsesEscapesChineseAndSurrogatePairs() throws {
    let value = try parse(#"{"a":"财建〔2022〕393号","b":"\u8d22\n\"q\"","c":"\ud83d\ude00","d":-12,"e":[true,false,null]}"#)
    XCTAssertEqual(value["a"], .string("财建〔2022〕393号"))
    XCTAssertEqual(value["b"], .string("财\n\"q\""))
    XCTAssertEqual(value["c"], .string("😀"))
    XCTAssertEqual(value["d"], .number("-12"))
    XCTAssertEqual(value["e"], .array([.bool(true), .bool(false), .null]))
  }

  func testKeepsNumberLiterals() throws {
    XCTAssertEqual(try parse("1e3"), .number("1e3"))
    XCTAssertEqual(try parse("123456789012345678901234567890"), .number("123456789012345678901234567890"))
    XCTAssertNil(JSONValue.number("1e3").int64Value)
    XCTAssertNil(JSONValue.number("123456789012345678901234567890").int64Value)
  }

  func testRejectsBadInputWithItsColumn() {
    XCTAssertThrowsError(try parse(#"{"a":1,"a":2}"#)) { XCTAssertEqual(($0 as? JSONError)?.column, 8) }
    XCTAssertThrowsError(try parse(#"{"a":1"#))
    XCTAssertThrowsError(try parse(#"{"a":1} x"#)) { XCTAssertEqual(($0 as? JSONError)?.column, 9) }
    XCTAssertThrowsError(try parse(#"{"a":01}"#))
    XCTAssertThrowsError(try parse(#"{"a":"\ud83d"}"#), "lone high surrogate")
    XCTAssertThrowsError(try parse(#"{"a":"\ude00"}"#), "lone low surrogate")
    XCTAssertThrowsError(try parse("{\"a\":\"\u{1}\"}"), "raw control character")
    XCTAssertThrowsError(try JSONParser.parse([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D])) {
      XCTAssertEqual(($0 as? JSONError)?.column, 7)
      XCTAssertTrue(($0 as? JSONError)?.expected.contains("UTF-8") == true)
    }
    XCTAssertThrowsError(try JSONParser.parse([0x22, 0xE8, 0xB4, 0x22]), "cut-short UTF-8 sequence")
    XCTAssertThrowsError(try JSONParser.parse([0x22, 0xC0, 0xAF, 0x22]), "overlong encoding")
    XCTAssertThrowsError(try parse(String(repeating: "[", count: 100) + String(repeating: "]", count: 100)))
  }

  func testWriterRoundTrips() throws {
    let text = #"{"a":"财\n\"x\"\\","b":[1,-2,"\u0001"],"c":{"d":null}}"#
    var writer = JSONWriter()
    writer.value(try parse(text))
    XCTAssertEqual(try parse(writer.text), try parse(text))
  }

  /// The writer's shortcuts (whole strings copied when nothing needs escaping, digits without a `String`)
  /// give the bytes the general path gives.
  func testWriterShortcutsSpellValuesAsBefore() throws {
    for value: Int64 in [0, 7, -7, 10, 99, 100, 720_000_000, -1_000_000_000_000, .max, .min, .min + 1] {
      var bytes: [UInt8] = []
      JSONWriter.appendInt(value, to: &bytes)
      XCTAssertEqual(String(decoding: bytes, as: UTF8.self), String(value))
    }
    let plain = ["", "a", "p0c0", "财建〔2022〕393号", "新疆维吾尔自治区财政厅", String(repeating: "长", count: 40), "😀"]
    for text in plain {
      var bytes: [UInt8] = []
      JSONWriter.appendString(text, to: &bytes)
      XCTAssertEqual(bytes, [0x22] + Array(text.utf8) + [0x22], text)
    }
    let escaped: [(String, String)] = [
      ("a\"b", #""a\"b""#), ("back\\slash", #""back\\slash""#), ("财\n", #""财\n""#),
      ("\u{1}x", #""\u0001x""#), ("tab\there\r", #""tab\there\r""#),
    ]
    for (text, json) in escaped {
      var bytes: [UInt8] = []
      JSONWriter.appendString(text, to: &bytes)
      XCTAssertEqual(String(decoding: bytes, as: UTF8.self), json)
      XCTAssertEqual(try JSONParser.parse(bytes), .string(text))
    }
  }
}
