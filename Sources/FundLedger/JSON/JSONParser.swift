/// A strict JSON parser over UTF-8 bytes (RFC 8259), used for every line the ledger reads.
///
/// It validates UTF-8, rejects duplicate keys and trailing garbage, and reports the byte column of the first
/// error, so that a damaged line is named precisely rather than guessed at.
public struct JSONParser {
  private let bytes: UnsafeRawBufferPointer
  private var index = 0
  private var depth = 0
  private static let depthMax = 64

  private init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  /// Parses one complete JSON document.
  public static func parse<C: Collection>(_ input: C) throws(JSONError) -> JSONValue
  where C.Element == UInt8 {
    let array = Array(input)
    do {
      return try array.withUnsafeBytes { raw in try parse(raw) }
    } catch let error as JSONError {
      throw error
    } catch {
      throw JSONError(column: 0, expected: "valid JSON")
    }
  }

  /// Parses raw bytes in place.
  public static func parse(_ raw: UnsafeRawBufferPointer) throws(JSONError) -> JSONValue {
    var parser = JSONParser(raw)
    parser.skipSpace()
    let value = try parser.parseValue()
    parser.skipSpace()
    if parser.index != raw.count {
      throw JSONError(column: parser.index + 1, expected: "end of line after the JSON value")
    }
    return value
  }

  private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

  private mutating func skipSpace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      default: return
      }
    }
  }

  private func fail(_ expected: String) -> JSONError {
    JSONError(column: index + 1, expected: expected)
  }

  private mutating func parseValue() throws(JSONError) -> JSONValue {
    guard let byte = peek() else { throw fail("a value") }
    switch byte {
    case UInt8(ascii: "{"): return try parseObject()
    case UInt8(ascii: "["): return try parseArray()
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"):
      try literal("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try literal("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try literal("null")
      return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
    default: throw fail("a value (object, array, string, number, true, false or null)")
    }
  }

  private mutating func literal(_ word: StaticString) throws(JSONError) {
    let text = word.utf8Start
    for offset in 0..<word.utf8CodeUnitCount {
      guard index < bytes.count, bytes[index] == text[offset] else { throw fail("'\(word)'") }
      index += 1
    }
  }

  private mutating func enter() throws(JSONError) {
    depth += 1
    if depth > JSONParser.depthMax { throw fail("nesting no deeper than \(JSONParser.depthMax)") }
  }

  private mutating func parseObject() throws(JSONError) -> JSONValue {
    try enter()
    index += 1
    var pairs: [(String, JSONValue)] = []
    skipSpace()
    if peek() == UInt8(ascii: "}") {
      index += 1
      depth -= 1
      return .object(pairs)
    }
    while true {
      skipSpace()
      guard peek() == UInt8(ascii: "\"") else { throw fail("a quoted key") }
      let keyColumn = index + 1
      let key = try parseString()
      if pairs.contains(where: { $0.0 == key }) {
        throw JSONError(column: keyColumn, expected: "each key once, but \"\(key)\" repeats")
      }
      skipSpace()
      guard peek() == UInt8(ascii: ":") else { throw fail("':' after key \"\(key)\"") }
      index += 1
      skipSpace()
      pairs.append((key, try parseValue()))
      skipSpace()
      guard let next = peek() else { throw fail("',' or '}'") }
      index += 1
      if next == UInt8(ascii: "}") { break }
      if next != UInt8(ascii: ",") {
        index -= 1
        throw fail("',' or '}'")
      }
    }
    depth -= 1
    return .object(pairs)
  }

  private mutating func parseArray() throws(JSONError) -> JSONValue {
    try enter()
    index += 1
    var items: [JSONValue] = []
    skipSpace()
    if peek() == UInt8(ascii: "]") {
      index += 1
      depth -= 1
      return .array(items)
    }
    while true {
      skipSpace()
      items.append(try parseValue())
      skipSpace()
      guard let next = peek() else { throw fail("',' or ']'") }
      index += 1
      if next == UInt8(ascii: "]") { break }
      if next != UInt8(ascii: ",") {
        index -= 1
        throw fail("',' or ']'")
      }
    }
    depth -= 1
    return .array(items)
  }

  private mutating func parseNumber() throws(JSONError) -> JSONValue {
    let start = index
    if peek() == UInt8(ascii: "-") { index += 1 }
    guard let first = peek(), first >= 48, first <= 57 else { throw fail("a digit") }
    if first == 48 {
      index += 1
    } else {
      while let d = peek(), d >= 48, d <= 57 { index += 1 }
    }
    if peek() == UInt8(ascii: ".") {
      index += 1
      guard let d = peek(), d >= 48, d <= 57 else { throw fail("a digit after '.'") }
      while let d = peek(), d >= 48, d <= 57 { index += 1 }
    }
    if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
      index += 1
      if let s = peek(), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { index += 1 }
      guard let d = peek(), d >= 48, d <= 57 else { throw fail("a digit in the exponent") }
      while let d = peek(), d >= 48, d <= 57 { index += 1 }
    }
    return .number(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
  }

  private mutating func parseString() throws(JSONError) -> String {
    index += 1
    var out: [UInt8] = []
    while true {
      guard index < bytes.count else { throw fail("a closing '\"'") }
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        index += 1
        break
      }
      if byte == UInt8(ascii: "\\") {
        index += 1
        guard let escape = peek() else { throw fail("an escape character") }
        index += 1
        switch escape {
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "/"): out.append(0x2F)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
          var scalar = try hex4()
          if scalar >= 0xD800 && scalar < 0xDC00 {
            guard peek() == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u")
            else { throw fail("a low surrogate \\u escape after a high surrogate") }
            index += 2
            let low = try hex4()
            guard low >= 0xDC00 && low < 0xE000 else { throw fail("a low surrogate (DC00-DFFF)") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          } else if scalar >= 0xDC00 && scalar < 0xE000 {
            throw fail("a high surrogate before a low surrogate")
          }
          out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
        default:
          index -= 1
          throw fail("a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)")
        }
        continue
      }
      if byte < 0x20 { throw fail("no raw control characters in a string (escape them)") }
      if byte < 0x80 {
        out.append(byte)
        index += 1
        continue
      }
      let length = try utf8SequenceLength()
      out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<index + length]))
      index += length
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Validates the multi-byte UTF-8 sequence at `index` and returns its length.
  private func utf8SequenceLength() throws(JSONError) -> Int {
    let lead = bytes[index]
    let length: Int
    var lowest: UInt8 = 0x80
    var highest: UInt8 = 0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0:
      length = 3
      lowest = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED:
      length = 3
      highest = 0x9F
    case 0xF0:
      length = 4
      lowest = 0x90
    case 0xF1...0xF3: length = 4
    case 0xF4:
      length = 4
      highest = 0x8F
    default: throw fail("valid UTF-8 (byte 0x\(String(lead, radix: 16)) cannot start a character)")
    }
    guard index + length <= bytes.count else { throw fail("valid UTF-8 (sequence cut short)") }
    for offset in 1..<length {
      let byte = bytes[index + offset]
      let low = offset == 1 ? lowest : 0x80
      let high = offset == 1 ? highest : 0xBF
      if byte < low || byte > high {
        throw JSONError(
          column: index + offset + 1, expected: "valid UTF-8 (bad continuation byte 0x\(String(byte, radix: 16)))")
      }
    }
    return length
  }

  private mutating func hex4() throws(JSONError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = peek() else { throw fail("four hex digits") }
      let digit: UInt32
      switch byte {
      case 48...57: digit = UInt32(byte - 48)
      case 65...70: digit = UInt32(byte - 55)
      case 97...102: digit = UInt32(byte - 87)
      default: throw fail("four hex digits")
      }
      value = value << 4 | digit
      index += 1
    }
    return value
  }
}

/// Where and why a line is not JSON: the 1-based byte column and what was expected there.
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
  public let column: Int
  public let expected: String
  public var description: String { "at byte \(column): expected \(expected)" }
}
