#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A byte-level decoder for the common shape of a stored line: a flat object of known keys with plain
/// strings and integers. It builds the `Event` without an intermediate JSON tree or field dictionary.
///
/// It never decides that a line is bad: whenever anything is unusual (an escape, an audit payload, an
/// unknown or repeated key, a value out of range) it returns nil and the caller uses `EventCodec.decode`,
/// the reference, which gives the precise error. Tests check that both agree on every line the fast path
/// accepts.
public enum FastEventDecoder {
  private enum Key: Int {
    case v, seq, id, type, date, datePrecision, recorded, prev, doc, note, holder, name, level, parent, aliases
    case program, source, from, to, budgetYear, amountFen, fundedBy, target, reason, auditor, scope
  }

  private static let keyNames: [(Key, String)] = [
    (.v, "v"), (.seq, "seq"), (.id, "id"), (.type, "type"), (.date, "date"), (.datePrecision, "date_precision"),
    (.recorded, "recorded"), (.prev, "prev"), (.doc, "doc"), (.note, "note"), (.holder, "holder"), (.name, "name"),
    (.level, "level"), (.parent, "parent"), (.aliases, "aliases"), (.program, "program"), (.source, "source"),
    (.from, "from"), (.to, "to"), (.budgetYear, "budget_year"), (.amountFen, "amount_fen"), (.fundedBy, "funded_by"),
    (.target, "target"), (.reason, "reason"), (.auditor, "auditor"), (.scope, "scope"),
  ]
  private static let keyBytes: [(Key, [UInt8])] = keyNames.map { ($0.0, Array($0.1.utf8)) }

  /// Keys grouped by length, for a quick lookup without building a String.
  private static let keysByLength: [[(Key, [UInt8])]] = {
    var table: [[(Key, [UInt8])]] = Array(repeating: [], count: 16)
    for entry in keyBytes { table[entry.1.count].append(entry) }
    return table
  }()

  /// Fields each type requires and allows (bit sets of `Key`).
  private static func bit(_ keys: Key...) -> UInt64 { keys.reduce(0) { $0 | (1 << UInt64($1.rawValue)) } }
  private static let commonRequired = bit(.v, .seq, .id, .type, .date, .recorded, .prev)
  private static let commonAllowed = commonRequired | bit(.datePrecision, .doc, .note)

  private static func shape(_ type: EventType) -> (required: UInt64, allowed: UInt64)? {
    switch type {
    case .open: return (bit(.holder, .name, .level), bit(.holder, .name, .level, .parent, .aliases))
    case .define: return (bit(.program, .name, .source), bit(.program, .name, .source, .parent))
    case .budget:
      return (bit(.holder, .program, .budgetYear, .amountFen), bit(.holder, .program, .budgetYear, .amountFen))
    case .allocate, .redistribute, .disburse, .return:
      let fields = bit(.from, .to, .program, .budgetYear, .amountFen)
      return (fields, fields | bit(.fundedBy))
    case .correct: return (bit(.target, .reason), bit(.target, .reason))
    case .audit, .classify, .line: return nil
    }
  }

  private struct Cursor {
    let base: UnsafePointer<UInt8>
    let count: Int
    var index = 0

    @inline(__always) func peek() -> UInt8? { index < count ? base[index] : nil }
  }

  /// Decodes a stored line, or returns nil to defer to the reference decoder.
  public static func decode(_ raw: UnsafeRawBufferPointer) -> Event? {
    guard let start = raw.baseAddress, raw.count >= 2 else { return nil }
    var c = Cursor(base: start.assumingMemoryBound(to: UInt8.self), count: raw.count)
    guard c.peek() == UInt8(ascii: "{") else { return nil }
    c.index += 1
    var seen: UInt64 = 0
    var strings: [String?] = Array(repeating: nil, count: 26)
    var integers: [Int64] = Array(repeating: 0, count: 26)
    var lists: [[String]] = [[], []]
    while true {
      guard c.peek() == UInt8(ascii: "\"") else { return nil }
      c.index += 1
      let keyStart = c.index
      while let b = c.peek(), b != UInt8(ascii: "\"") {
        if b == UInt8(ascii: "\\") || b < 0x20 { return nil }
        c.index += 1
      }
      guard c.index < c.count else { return nil }
      let keyLength = c.index - keyStart
      c.index += 1
      guard keyLength < 16, c.peek() == UInt8(ascii: ":") else { return nil }
      c.index += 1
      var key: Key?
      for (candidate, bytes) in keysByLength[keyLength] where memcmp(c.base + keyStart, bytes, keyLength) == 0 {
        key = candidate
        break
      }
      guard let key else { return nil }
      let mask: UInt64 = 1 << UInt64(key.rawValue)
      if seen & mask != 0 { return nil }
      seen |= mask
      switch key {
      case .v, .seq, .budgetYear, .amountFen:
        guard let value = integer(&c) else { return nil }
        integers[key.rawValue] = value
      case .aliases, .fundedBy:
        guard let list = stringList(&c) else { return nil }
        lists[key == .aliases ? 0 : 1] = list
      default:
        guard let value = string(&c) else { return nil }
        strings[key.rawValue] = value
      }
      guard let next = c.peek() else { return nil }
      c.index += 1
      if next == UInt8(ascii: "}") { break }
      guard next == UInt8(ascii: ",") else { return nil }
    }
    guard c.index == c.count else { return nil }
    // Type and shape.
    guard let typeText = strings[Key.type.rawValue], let type = EventType(rawValue: typeText),
      let (required, allowed) = shape(type)
    else { return nil }
    guard seen & (commonRequired | required) == (commonRequired | required), seen & ~(commonAllowed | allowed) == 0
    else { return nil }
    // The same value checks as the reference decoder; anything doubtful goes to it.
    guard integers[Key.v.rawValue] == Event.schemaVersion, let id = strings[Key.id.rawValue], !id.isEmpty,
      id.utf8.count <= 200,
      id.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x80 }) || !id.contains(where: { $0.isNewline }),
      let dateText = strings[Key.date.rawValue], let date = LedgerDate(dateText),
      let recorded = strings[Key.recorded.rawValue], Timestamp.parse(recorded) != nil,
      let prev = strings[Key.prev.rawValue], Hex.isDigest(prev)
    else { return nil }
    var event = Event(id: id, type: type, date: date)
    event.seq = integers[Key.seq.rawValue]
    event.recorded = recorded
    event.prev = prev
    if let precision = strings[Key.datePrecision.rawValue] {
      guard let parsed = DatePrecision(rawValue: precision) else { return nil }
      event.datePrecision = parsed
    }
    func text(_ key: Key) -> String?? {
      guard let value = strings[key.rawValue] else { return .some(nil) }
      return hasVisibleText(value) ? .some(value) : nil
    }
    guard let doc = text(.doc), let holder = text(.holder), let name = text(.name), let parent = text(.parent),
      let program = text(.program), let from = text(.from), let to = text(.to), let target = text(.target),
      let reason = text(.reason)
    else { return nil }
    event.doc = doc
    event.note = strings[Key.note.rawValue]
    event.holder = holder
    event.name = name
    event.parent = parent
    event.program = program
    event.from = from
    event.to = to
    event.target = target
    event.reason = reason
    if let level = strings[Key.level.rawValue] {
      guard let parsed = HolderLevel(rawValue: level) else { return nil }
      event.level = parsed
    }
    if let source = strings[Key.source.rawValue] {
      guard let parsed = FundingSource(rawValue: source) else { return nil }
      event.source = parsed
    }
    if seen & bit(.budgetYear) != 0 {
      let year = integers[Key.budgetYear.rawValue]
      guard (1900...9999).contains(year) else { return nil }
      event.budgetYear = year
    }
    if seen & bit(.amountFen) != 0 {
      guard integers[Key.amountFen.rawValue] > 0 else { return nil }
      event.amountFen = integers[Key.amountFen.rawValue]
    }
    guard lists.allSatisfy({ $0.allSatisfy(hasVisibleText) }) else { return nil }
    event.aliases = lists[0]
    event.fundedBy = lists[1]
    return event
  }

  /// True when the string is not empty after trimming whitespace; decided from the first byte when it is
  /// plain ASCII, by `Character.isWhitespace` (as the reference does) otherwise.
  private static func hasVisibleText(_ text: String) -> Bool {
    if let first = text.utf8.first, first > 0x20, first < 0x80 { return true }
    return !text.trimmingSpaces.isEmpty
  }

  /// A string without escapes; nil for anything else (escapes, control characters, invalid UTF-8).
  private static func string(_ c: inout Cursor) -> String? {
    guard c.peek() == UInt8(ascii: "\"") else { return nil }
    c.index += 1
    let start = c.index
    var ascii = true
    while let b = c.peek(), b != UInt8(ascii: "\"") {
      if b == UInt8(ascii: "\\") || b < 0x20 { return nil }
      if b >= 0x80 { ascii = false }
      c.index += 1
    }
    guard c.index < c.count else { return nil }
    let bytes = UnsafeBufferPointer(start: c.base + start, count: c.index - start)
    c.index += 1
    if ascii { return String(decoding: bytes, as: UTF8.self) }
    return String(validating: bytes, as: UTF8.self)
  }

  /// A plain integer literal (no fraction, no exponent, no leading zeros) that fits in Int64.
  private static func integer(_ c: inout Cursor) -> Int64? {
    var negative = false
    if c.peek() == UInt8(ascii: "-") {
      negative = true
      c.index += 1
    }
    let start = c.index
    var value: Int64 = 0
    while let b = c.peek(), b >= 48, b <= 57 {
      let (m, o1) = value.multipliedReportingOverflow(by: 10)
      let (a, o2) = m.addingReportingOverflow(Int64(b - 48))
      if o1 || o2 { return nil }
      value = a
      c.index += 1
    }
    let digits = c.index - start
    guard digits > 0, !(digits > 1 && c.base[start] == 48) else { return nil }
    if let b = c.peek(), b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") { return nil }
    return negative ? -value : value
  }

  private static func stringList(_ c: inout Cursor) -> [String]? {
    guard c.peek() == UInt8(ascii: "[") else { return nil }
    c.index += 1
    var out: [String] = []
    if c.peek() == UInt8(ascii: "]") {
      c.index += 1
      return out
    }
    while true {
      guard let item = string(&c) else { return nil }
      out.append(item)
      guard let next = c.peek() else { return nil }
      c.index += 1
      if next == UInt8(ascii: "]") { return out }
      guard next == UInt8(ascii: ",") else { return nil }
    }
  }
}
