/// Writes JSON text with a fixed key order and no optional whitespace, so the same event always has the
/// same bytes (and therefore the same hash).
public struct JSONWriter {
  public private(set) var bytes: [UInt8] = []
  private var needsComma: [Bool] = []

  public init() { bytes.reserveCapacity(256) }

  public var text: String { String(decoding: bytes, as: UTF8.self) }

  public mutating func beginObject() {
    separator()
    bytes.append(UInt8(ascii: "{"))
    needsComma.append(false)
  }

  public mutating func endObject() {
    bytes.append(UInt8(ascii: "}"))
    needsComma.removeLast()
  }

  public mutating func beginArray() {
    separator()
    bytes.append(UInt8(ascii: "["))
    needsComma.append(false)
  }

  public mutating func endArray() {
    bytes.append(UInt8(ascii: "]"))
    needsComma.removeLast()
  }

  public mutating func key(_ name: String) {
    separator()
    JSONWriter.appendString(name, to: &bytes)
    bytes.append(UInt8(ascii: ":"))
    if !needsComma.isEmpty { needsComma[needsComma.count - 1] = false }
  }

  public mutating func string(_ value: String) {
    separator()
    JSONWriter.appendString(value, to: &bytes)
  }

  public mutating func int(_ value: Int64) {
    separator()
    JSONWriter.appendInt(value, to: &bytes)
  }

  /// Appends the decimal digits of `value`, as `String(value)` spells them, without making that string.
  public static func appendInt(_ value: Int64, to bytes: inout [UInt8]) {
    if value < 0 { bytes.append(UInt8(ascii: "-")) }
    var magnitude = value.magnitude
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
      var start = 20
      repeat {
        start -= 1
        digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
        magnitude /= 10
      } while magnitude > 0
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
    }
  }

  public mutating func bool(_ value: Bool) {
    separator()
    bytes.append(contentsOf: Array((value ? "true" : "false").utf8))
  }

  public mutating func null() {
    separator()
    bytes.append(contentsOf: Array("null".utf8))
  }

  /// Writes a parsed value back out, keeping its key order and number literals.
  public mutating func value(_ value: JSONValue) {
    switch value {
    case .null: null()
    case .bool(let flag): bool(flag)
    case .number(let literal):
      separator()
      bytes.append(contentsOf: Array(literal.utf8))
    case .string(let text): string(text)
    case .array(let items):
      beginArray()
      for item in items { self.value(item) }
      endArray()
    case .object(let pairs):
      beginObject()
      for (name, item) in pairs {
        key(name)
        self.value(item)
      }
      endObject()
    }
  }

  public mutating func field(_ name: String, _ value: String?) {
    guard let value else { return }
    key(name)
    string(value)
  }

  public mutating func field(_ name: String, _ value: Int64?) {
    guard let value else { return }
    key(name)
    int(value)
  }

  /// A key written into the program (every key of an event line), copied as it is: through `key(_:)`,
  /// with its escape check and the generic string path, a key cost about 350 instructions, and a line
  /// has a dozen.
  public mutating func key(literal name: StaticString) {
    separator()
    bytes.append(UInt8(ascii: "\""))
    name.withUTF8Buffer { bytes.append(contentsOf: $0) }
    bytes.append(UInt8(ascii: "\""))
    bytes.append(UInt8(ascii: ":"))
    if !needsComma.isEmpty { needsComma[needsComma.count - 1] = false }
  }

  public mutating func field(literal name: StaticString, _ value: String?) {
    guard let value else { return }
    key(literal: name)
    string(value)
  }

  public mutating func field(literal name: StaticString, _ value: Int64?) {
    guard let value else { return }
    key(literal: name)
    int(value)
  }

  /// A string field whose bytes are known to need no escape (a ledger time, hex digits), copied as they
  /// are without making a `String`.
  public mutating func field(literal name: StaticString, plain value: UnsafeRawBufferPointer) {
    key(literal: name)
    separator()
    bytes.append(UInt8(ascii: "\""))
    bytes.append(contentsOf: value)
    bytes.append(UInt8(ascii: "\""))
  }

  private mutating func separator() {
    guard !needsComma.isEmpty else { return }
    if needsComma[needsComma.count - 1] {
      bytes.append(UInt8(ascii: ","))
    }
    needsComma[needsComma.count - 1] = true
  }

  /// Appends `text` as a JSON string; non-ASCII is written as UTF-8, not escaped, so Chinese stays readable.
  public static func appendString(_ text: String, to bytes: inout [UInt8]) {
    bytes.append(UInt8(ascii: "\""))
    // Nearly every string needs no escape: copy it in one piece when none of its bytes does.
    let copied =
      text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
        guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
        else { return false }
        bytes.append(contentsOf: utf8)
        return true
      } ?? false
    if copied {
      bytes.append(UInt8(ascii: "\""))
      return
    }
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
      case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
      case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
      case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
      case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
      case 0..<0x20:
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
      default: bytes.append(byte)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }
}
