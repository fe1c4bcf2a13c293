/// The one place that turns a log line into an `Event` and back.
///
/// Decoding is strict: unknown fields, missing fields, wrong kinds and impossible values each get their own
/// error naming the field and what was expected. Encoding writes a fixed key order so equal events have equal
/// bytes. A faster decoder may replace `decode`, but must agree with this one on every line.
public enum EventCodec {
  /// Whether a line comes from the log (ledger fields present) or from a user's input (they must be absent).
  public enum Mode: Sendable {
    case stored
    case input
  }

  static let commonFields: Set<String> = [
    "v", "seq", "id", "type", "date", "date_precision", "recorded", "prev", "doc", "note",
  ]
  static let ledgerAssignedFields = ["seq", "recorded", "prev"]
  /// Audit payload fields, kept verbatim.
  public static let auditDetailFields: [String] = [
    "as_of", "claims", "findings", "evaluation", "rules", "digest", "result",
  ]

  static func typeFields(_ type: EventType) -> Set<String> {
    switch type {
    case .open: return ["holder", "name", "level", "parent", "aliases"]
    case .define: return ["program", "name", "source", "parent"]
    case .budget: return ["holder", "program", "budget_year", "amount_fen"]
    case .allocate, .redistribute, .disburse, .return:
      return ["from", "to", "program", "budget_year", "amount_fen", "funded_by"]
    case .correct: return ["target", "reason"]
    case .audit: return Set(["auditor", "scope"] + auditDetailFields)
    case .classify: return ["system", "code", "name"]
    case .line:
      return [
        "holder", "budget_year", "direction", "phase", "amount_fen", "source", "kind", "functional", "economic", "item",
        "project", "program", "link",
      ]
    }
  }

  // MARK: Decoding

  /// Decodes one line (without its newline).
  public static func decode(_ line: UnsafeRawBufferPointer, mode: Mode) throws(EventDecodeError) -> Event {
    let value: JSONValue
    do {
      value = try JSONParser.parse(line)
    } catch {
      throw .badJSON(error)
    }
    return try decode(value, mode: mode)
  }

  public static func decode(_ bytes: [UInt8], mode: Mode) throws(EventDecodeError) -> Event {
    do {
      return try bytes.withUnsafeBytes { raw in try decode(raw, mode: mode) }
    } catch let error as EventDecodeError {
      throw error
    } catch {
      fatalError("unreachable: decode throws only EventDecodeError")
    }
  }

  public static func decode(_ value: JSONValue, mode: Mode) throws(EventDecodeError) -> Event {
    guard case .object(let pairs) = value else { throw .notAnObject(got: value.kindName) }
    var fields: [String: JSONValue] = [:]
    for (key, item) in pairs { fields[key] = item }
    let reader = FieldReader(fields: fields)

    let typeText = try reader.string("type")
    guard let type = EventType(rawValue: typeText) else {
      throw .invalidValue(
        field: "type", expected: "one of " + EventType.allCases.map(\.rawValue).joined(separator: ", "),
        got: typeText)
    }
    let allowed = commonFields.union(typeFields(type))
    for (key, _) in pairs where !allowed.contains(key) {
      throw .unknownField(field: key, type: type.rawValue)
    }
    if let version = try reader.optionalInt("v") {
      guard version == Event.schemaVersion else {
        throw .invalidValue(field: "v", expected: "schema version \(Event.schemaVersion)", got: String(version))
      }
    } else if mode == .stored {
      throw .missingField(field: "v", expected: "the schema version \(Event.schemaVersion)")
    }
    let id = try reader.string("id")
    guard !id.isEmpty, id.utf8.count <= 200, !id.contains(where: { $0.isNewline }) else {
      throw .invalidValue(field: "id", expected: "a non-empty id of at most 200 bytes on one line", got: id)
    }
    let dateText = try reader.string("date")
    guard let date = LedgerDate(dateText) else {
      throw .invalidValue(field: "date", expected: "a real calendar date YYYY-MM-DD", got: dateText)
    }
    var event = Event(id: id, type: type, date: date)
    if let precision = try reader.optionalString("date_precision") {
      guard let parsed = DatePrecision(rawValue: precision) else {
        throw .invalidValue(field: "date_precision", expected: "day, month, year or before", got: precision)
      }
      event.datePrecision = parsed
    }
    switch mode {
    case .stored:
      event.seq = try reader.int("seq")
      let recorded = try reader.string("recorded")
      guard let time = RecordedTime(recorded) else {
        throw .invalidValue(field: "recorded", expected: "a UTC time YYYY-MM-DDTHH:MM:SS(.sss)Z", got: recorded)
      }
      event.recordedTime = time
      let prev = try reader.string("prev")
      guard let digest = Digest(hex: prev) else {
        throw .invalidValue(field: "prev", expected: "64 lowercase hex digits (SHA-256)", got: prev)
      }
      event.prevDigest = digest
    case .input:
      for field in ledgerAssignedFields where fields[field] != nil {
        throw .ledgerAssigned(field: field)
      }
    }
    event.doc = try reader.optionalText("doc")
    event.note = try reader.optionalString("note")

    switch type {
    case .open:
      event.holder = try reader.text("holder")
      event.name = try reader.text("name")
      let levelText = try reader.string("level")
      guard let level = HolderLevel(rawValue: levelText) else {
        throw .invalidValue(
          field: "level", expected: HolderLevel.allCases.map(\.rawValue).joined(separator: ", "), got: levelText)
      }
      event.level = level
      event.parent = try reader.optionalText("parent")
      event.aliases = try reader.stringArray("aliases")
    case .define:
      event.program = try reader.text("program")
      event.name = try reader.text("name")
      let sourceText = try reader.string("source")
      guard let source = FundingSource(rawValue: sourceText) else {
        throw .invalidValue(field: "source", expected: "central or regional", got: sourceText)
      }
      event.source = source
      event.parent = try reader.optionalText("parent")
    case .budget:
      event.holder = try reader.text("holder")
      event.program = try reader.text("program")
      event.budgetYear = try reader.budgetYear()
      event.amountFen = try reader.positiveAmount()
    case .allocate, .redistribute, .disburse, .return:
      event.from = try reader.text("from")
      event.to = try reader.text("to")
      event.program = try reader.text("program")
      event.budgetYear = try reader.budgetYear()
      event.amountFen = try reader.positiveAmount()
      event.fundedBy = try reader.stringArray("funded_by")
    case .correct:
      event.target = try reader.text("target")
      event.reason = try reader.text("reason")
    case .audit:
      event.auditor = try reader.text("auditor")
      event.scope = try reader.text("scope")
      for (key, item) in pairs where auditDetailFields.contains(key) {
        event.details.append((key, item))
      }
    case .classify:
      event.system = try reader.oneOf("system", ["functional", "economic"])
      event.code = try reader.text("code")
      event.name = try reader.text("name")
    case .line:
      event.holder = try reader.text("holder")
      event.budgetYear = try reader.budgetYear()
      event.direction = try reader.oneOf("direction", ["income", "expenditure"])
      event.phase = try reader.oneOf("phase", ["initial", "adjusted", "final"])
      event.amountFen = try reader.int("amount_fen")
      if event.amountFen! < 0 {
        throw .invalidValue(
          field: "amount_fen", expected: "a non-negative integer number of fen", got: String(event.amountFen!))
      }
      event.fundSource = try reader.optionalText("source")
      if reader.fields["kind"] != nil {
        event.kind = try reader.oneOf("kind", ["basic", "basic-personnel", "basic-public", "project"])
      }
      event.functional = try reader.optionalText("functional")
      event.economic = try reader.optionalText("economic")
      event.item = try reader.optionalText("item")
      event.project = try reader.optionalText("project")
      event.program = try reader.optionalText("program")
      event.link = try reader.optionalText("link")
    }
    return event
  }

  // MARK: Encoding

  /// The canonical line for `event`, without the trailing newline.
  public static func encode(_ event: Event) -> [UInt8] {
    var w = JSONWriter()
    w.beginObject()
    w.field(literal: "v", event.v)
    w.field(literal: "seq", event.seq)
    w.field(literal: "id", event.id)
    w.field(literal: "type", event.type.rawValue)
    w.field(literal: "date", event.date.description)
    if event.datePrecision != .day { w.field(literal: "date_precision", event.datePrecision.rawValue) }
    if let time = event.recordedTime { time.withText { w.field(literal: "recorded", plain: $0) } }
    if let digest = event.prevDigest {
      withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { hex in
        digest.writeHex(to: hex.baseAddress!)
        w.field(literal: "prev", plain: UnsafeRawBufferPointer(hex))
      }
    }
    switch event.type {
    case .open:
      w.field(literal: "holder", event.holder)
      w.field(literal: "name", event.name)
      w.field(literal: "level", event.level?.rawValue)
      w.field(literal: "parent", event.parent)
      writeArray(&w, literal: "aliases", event.aliases)
    case .define:
      w.field(literal: "program", event.program)
      w.field(literal: "name", event.name)
      w.field(literal: "source", event.source?.rawValue)
      w.field(literal: "parent", event.parent)
    case .budget:
      w.field(literal: "holder", event.holder)
      w.field(literal: "program", event.program)
      w.field(literal: "budget_year", event.budgetYear)
      w.field(literal: "amount_fen", event.amountFen)
    case .allocate, .redistribute, .disburse, .return:
      w.field(literal: "from", event.from)
      w.field(literal: "to", event.to)
      w.field(literal: "program", event.program)
      w.field(literal: "budget_year", event.budgetYear)
      w.field(literal: "amount_fen", event.amountFen)
      writeArray(&w, literal: "funded_by", event.fundedBy)
    case .correct:
      w.field(literal: "target", event.target)
      w.field(literal: "reason", event.reason)
    case .audit:
      w.field(literal: "auditor", event.auditor)
      w.field(literal: "scope", event.scope)
      for (key, item) in event.details {
        w.key(key)
        w.value(item)
      }
    case .classify:
      w.field(literal: "system", event.system)
      w.field(literal: "code", event.code)
      w.field(literal: "name", event.name)
    case .line:
      w.field(literal: "holder", event.holder)
      w.field(literal: "budget_year", event.budgetYear)
      w.field(literal: "direction", event.direction)
      w.field(literal: "phase", event.phase)
      w.field(literal: "amount_fen", event.amountFen)
      w.field(literal: "source", event.fundSource)
      w.field(literal: "kind", event.kind)
      w.field(literal: "functional", event.functional)
      w.field(literal: "economic", event.economic)
      w.field(literal: "item", event.item)
      w.field(literal: "project", event.project)
      w.field(literal: "program", event.program)
      w.field(literal: "link", event.link)
    }
    w.field(literal: "doc", event.doc)
    w.field(literal: "note", event.note)
    w.endObject()
    return w.bytes
  }

  /// The bytes that decide whether a re-appended event is "the same": everything but the ledger's fields.
  public static func content(_ event: Event) -> [UInt8] {
    var copy = event
    copy.seq = nil
    copy.recorded = nil
    copy.prev = nil
    return encode(copy)
  }

  private static func writeArray(_ w: inout JSONWriter, literal name: StaticString, _ items: [String]) {
    guard !items.isEmpty else { return }
    w.key(literal: name)
    w.beginArray()
    for item in items { w.string(item) }
    w.endArray()
  }
}

/// Reads typed fields out of a decoded object, turning each problem into an `EventDecodeError`.
private struct FieldReader {
  let fields: [String: JSONValue]

  func string(_ name: String) throws(EventDecodeError) -> String {
    guard let value = fields[name] else { throw .missingField(field: name, expected: "a string") }
    guard case .string(let text) = value else {
      throw .wrongKind(field: name, expected: "a string", got: value.kindName)
    }
    return text
  }

  /// A required string that must not be empty.
  func text(_ name: String) throws(EventDecodeError) -> String {
    let value = try string(name)
    if value.trimmingSpaces.isEmpty {
      throw .invalidValue(field: name, expected: "a non-empty string", got: value)
    }
    return value
  }

  func oneOf(_ name: String, _ values: [String]) throws(EventDecodeError) -> String {
    let value = try string(name)
    guard values.contains(value) else {
      throw .invalidValue(field: name, expected: "one of " + values.joined(separator: ", "), got: value)
    }
    return value
  }

  func optionalString(_ name: String) throws(EventDecodeError) -> String? {
    guard fields[name] != nil else { return nil }
    return try string(name)
  }

  func optionalText(_ name: String) throws(EventDecodeError) -> String? {
    guard fields[name] != nil else { return nil }
    return try text(name)
  }

  func int(_ name: String) throws(EventDecodeError) -> Int64 {
    guard let value = fields[name] else { throw .missingField(field: name, expected: "an integer") }
    guard case .number(let literal) = value else {
      throw .wrongKind(field: name, expected: "an integer", got: value.kindName)
    }
    guard let number = Int64(literal) else {
      throw .invalidValue(
        field: name, expected: "an integer without fraction or exponent that fits in 64 bits", got: literal)
    }
    return number
  }

  func optionalInt(_ name: String) throws(EventDecodeError) -> Int64? {
    guard fields[name] != nil else { return nil }
    return try int(name)
  }

  func budgetYear() throws(EventDecodeError) -> Int64 {
    let year = try int("budget_year")
    guard (1900...9999).contains(year) else {
      throw .invalidValue(field: "budget_year", expected: "a year such as 2023", got: String(year))
    }
    return year
  }

  func positiveAmount() throws(EventDecodeError) -> Int64 {
    let amount = try int("amount_fen")
    guard amount > 0 else {
      throw .invalidValue(field: "amount_fen", expected: "a positive integer number of fen", got: String(amount))
    }
    return amount
  }

  func stringArray(_ name: String) throws(EventDecodeError) -> [String] {
    guard let value = fields[name] else { return [] }
    guard case .array(let items) = value else {
      throw .wrongKind(field: name, expected: "an array of strings", got: value.kindName)
    }
    var out: [String] = []
    for item in items {
      guard case .string(let text) = item, !text.trimmingSpaces.isEmpty else {
        throw .wrongKind(
          field: name, expected: "an array of non-empty strings", got: "an element that is \(item.kindName)")
      }
      out.append(text)
    }
    return out
  }
}

extension String {
  var trimmingSpaces: Substring {
    var slice = self[...]
    while let first = slice.first, first.isWhitespace { slice.removeFirst() }
    while let last = slice.last, last.isWhitespace { slice.removeLast() }
    return slice
  }
}
