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

  /// A name of at most 16 bytes as two little-endian words and its length, so that matching a key or a
  /// type is a few integer compares rather than building a string.
  private struct Word: Equatable {
    var low: UInt64
    var high: UInt64
    var count: Int

    init(low: UInt64, high: UInt64, count: Int) {
      (self.low, self.high, self.count) = (low, high, count)
    }

    /// The word of `count` bytes at `base` (at most 16; longer gives a word that matches nothing).
    @inline(__always)
    init(_ base: UnsafePointer<UInt8>, count: Int) {
      (low, high, self.count) = (0, 0, count)
      guard count <= 16 else { return }
      for i in 0..<count {
        if i < 8 {
          low |= UInt64(base[i]) << (8 * UInt64(i))
        } else {
          high |= UInt64(base[i]) << (8 * UInt64(i - 8))
        }
      }
    }
  }

  /// The key that starts at `base`, read as two words: it ends at the first quote of the 16 bytes there
  /// (which must all be readable). Nil when none of them is a quote, or when a backslash or a control byte
  /// comes first: the byte loop (and then the reference decoder) deal with those.
  @inline(__always)
  private static func keyWord(at base: UnsafePointer<UInt8>) -> Word? {
    let raw = UnsafeRawPointer(base)
    let first = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
    let second = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
    let length: Int
    if case let flags = specialBytes(first), flags != 0 {
      length = flags.trailingZeroBitCount / 8
    } else if case let flags = specialBytes(second), flags != 0 {
      length = 8 + flags.trailingZeroBitCount / 8
    } else {
      return nil
    }
    guard base[length] == UInt8(ascii: "\"") else { return nil }
    func low(_ word: UInt64, _ bytes: Int) -> UInt64 { bytes >= 8 ? word : word & ((1 << UInt64(8 * bytes)) - 1) }
    return Word(low: low(first, length), high: length > 8 ? low(second, length - 8) : 0, count: length)
  }

  /// The high bit of each byte of `word` that is a quote, a backslash or below 0x20, exact for the lowest
  /// such byte (a borrow can only flag bytes above one that is flagged rightly); SWAR as `isPlainASCII`.
  @inline(__always)
  static func specialBytes(_ word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
    return zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x5C))
      | ((word &- ones &* 0x20) & ~word & highs)
  }

  /// The field names as little-endian words (written out once; `FastDecoderTests` decode every field through
  /// both decoders): the first eight bytes pick the candidate, the rest and the length must match too.
  @inline(__always)
  private static func key(_ word: Word) -> Key? {
    let candidate: (Key, UInt64, Int)
    switch word.low {
    case 0x0000_0000_0000_0076: candidate = (.v, 0x0000_0000_0000_0000, 1)  // v
    case 0x0000_0000_0071_6573: candidate = (.seq, 0x0000_0000_0000_0000, 3)  // seq
    case 0x0000_0000_0000_6469: candidate = (.id, 0x0000_0000_0000_0000, 2)  // id
    case 0x0000_0000_6570_7974: candidate = (.type, 0x0000_0000_0000_0000, 4)  // type
    case 0x0000_0000_6574_6164: candidate = (.date, 0x0000_0000_0000_0000, 4)  // date
    case 0x6572_705f_6574_6164: candidate = (.datePrecision, 0x0000_6e6f_6973_6963, 14)  // date_precision
    case 0x6465_6472_6f63_6572: candidate = (.recorded, 0x0000_0000_0000_0000, 8)  // recorded
    case 0x0000_0000_7665_7270: candidate = (.prev, 0x0000_0000_0000_0000, 4)  // prev
    case 0x0000_0000_0063_6f64: candidate = (.doc, 0x0000_0000_0000_0000, 3)  // doc
    case 0x0000_0000_6574_6f6e: candidate = (.note, 0x0000_0000_0000_0000, 4)  // note
    case 0x0000_7265_646c_6f68: candidate = (.holder, 0x0000_0000_0000_0000, 6)  // holder
    case 0x0000_0000_656d_616e: candidate = (.name, 0x0000_0000_0000_0000, 4)  // name
    case 0x0000_006c_6576_656c: candidate = (.level, 0x0000_0000_0000_0000, 5)  // level
    case 0x0000_746e_6572_6170: candidate = (.parent, 0x0000_0000_0000_0000, 6)  // parent
    case 0x0073_6573_6169_6c61: candidate = (.aliases, 0x0000_0000_0000_0000, 7)  // aliases
    case 0x006d_6172_676f_7270: candidate = (.program, 0x0000_0000_0000_0000, 7)  // program
    case 0x0000_6563_7275_6f73: candidate = (.source, 0x0000_0000_0000_0000, 6)  // source
    case 0x0000_0000_6d6f_7266: candidate = (.from, 0x0000_0000_0000_0000, 4)  // from
    case 0x0000_0000_0000_6f74: candidate = (.to, 0x0000_0000_0000_0000, 2)  // to
    case 0x795f_7465_6764_7562: candidate = (.budgetYear, 0x0000_0000_0072_6165, 11)  // budget_year
    case 0x665f_746e_756f_6d61: candidate = (.amountFen, 0x0000_0000_0000_6e65, 10)  // amount_fen
    case 0x625f_6465_646e_7566: candidate = (.fundedBy, 0x0000_0000_0000_0079, 9)  // funded_by
    case 0x0000_7465_6772_6174: candidate = (.target, 0x0000_0000_0000_0000, 6)  // target
    case 0x0000_6e6f_7361_6572: candidate = (.reason, 0x0000_0000_0000_0000, 6)  // reason
    case 0x0072_6f74_6964_7561: candidate = (.auditor, 0x0000_0000_0000_0000, 7)  // auditor
    case 0x0000_0065_706f_6373: candidate = (.scope, 0x0000_0000_0000_0000, 5)  // scope
    default: return nil
    }
    return word.high == candidate.1 && word.count == candidate.2 ? candidate.0 : nil
  }

  /// The field names as little-endian words (written out once; `FastDecoderTests` decode every field through
  /// both decoders): the first eight bytes pick the candidate, the rest and the length must match too.
  @inline(__always)
  private static func eventType(_ word: Word) -> EventType? {
    let candidate: (EventType, UInt64, Int)
    switch word.low {
    case 0x0000_0000_6e65_706f: candidate = (.open, 0x0000_0000_0000_0000, 4)  // open
    case 0x0000_656e_6966_6564: candidate = (.define, 0x0000_0000_0000_0000, 6)  // define
    case 0x0000_7465_6764_7562: candidate = (.budget, 0x0000_0000_0000_0000, 6)  // budget
    case 0x6574_6163_6f6c_6c61: candidate = (.allocate, 0x0000_0000_0000_0000, 8)  // allocate
    case 0x6972_7473_6964_6572: candidate = (.redistribute, 0x0000_0000_6574_7562, 12)  // redistribute
    case 0x6573_7275_6273_6964: candidate = (.disburse, 0x0000_0000_0000_0000, 8)  // disburse
    case 0x0000_6e72_7574_6572: candidate = (.return, 0x0000_0000_0000_0000, 6)  // return
    case 0x0074_6365_7272_6f63: candidate = (.correct, 0x0000_0000_0000_0000, 7)  // correct
    case 0x0000_0074_6964_7561: candidate = (.audit, 0x0000_0000_0000_0000, 5)  // audit
    case 0x7966_6973_7361_6c63: candidate = (.classify, 0x0000_0000_0000_0000, 8)  // classify
    case 0x0000_0000_656e_696c: candidate = (.line, 0x0000_0000_0000_0000, 4)  // line
    default: return nil
    }
    return word.high == candidate.1 && word.count == candidate.2 ? candidate.0 : nil
  }

  /// Fields each type requires and allows (bit sets of `Key`). One key at a time and computed properties,
  /// so that every set folds to a constant: a variadic list made an array on every line, and a `static
  /// let` is read through `swift_once` at each use.
  @inline(__always)
  private static func bit(_ key: Key) -> UInt64 { 1 << UInt64(key.rawValue) }
  private static var commonRequired: UInt64 {
    bit(.v) | bit(.seq) | bit(.id) | bit(.type) | bit(.date) | bit(.recorded) | bit(.prev)
  }
  private static var commonAllowed: UInt64 { commonRequired | bit(.datePrecision) | bit(.doc) | bit(.note) }
  /// An input line (from `append`) has no ledger-assigned fields, and `v` is optional.
  private static var inputRequired: UInt64 { bit(.id) | bit(.type) | bit(.date) }
  private static var inputAllowed: UInt64 { inputRequired | bit(.v) | bit(.datePrecision) | bit(.doc) | bit(.note) }

  @inline(__always)
  private static func shape(_ type: EventType) -> (required: UInt64, allowed: UInt64)? {
    switch type {
    case .open:
      let required = bit(.holder) | bit(.name) | bit(.level)
      return (required, required | bit(.parent) | bit(.aliases))
    case .define:
      let required = bit(.program) | bit(.name) | bit(.source)
      return (required, required | bit(.parent))
    case .budget:
      let fields = bit(.holder) | bit(.program) | bit(.budgetYear) | bit(.amountFen)
      return (fields, fields)
    case .allocate, .redistribute, .disburse, .return:
      let fields = bit(.from) | bit(.to) | bit(.program) | bit(.budgetYear) | bit(.amountFen)
      return (fields, fields | bit(.fundedBy))
    case .correct: return (bit(.target) | bit(.reason), bit(.target) | bit(.reason))
    case .audit, .classify, .line: return nil
    }
  }

  private struct Cursor {
    let base: UnsafePointer<UInt8>
    let count: Int
    var index = 0

    @inline(__always) func peek() -> UInt8? { index < count ? base[index] : nil }
  }

  /// What consecutive lines of one log share, so that decoding them does not parse the same text again:
  /// the `recorded` time of the previous line (a batch shares one).
  public struct Cache {
    var recorded: RecordedTime?
    /// The previous line's date and its ten bytes (the log is in date order, so runs of lines share one;
    /// working a date's day number out costs divisions).
    var date: LedgerDate?
    var dateBytes: (UInt64, UInt16) = (0, 0)

    public init() {}

    /// The previous movement's program and its bytes (a ledger has few programs, and making a line's
    /// strings was a fifth of decoding it).
    var programText: String?
    var programKey: (UInt64, UInt64) = (0, 0)

    /// The string of a program's bytes, the cached one when they are the previous line's.
    @inline(__always)
    mutating func program(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
      // Up to 15 bytes, zero-padded, with the length in the last byte: distinct texts, distinct keys.
      guard bytes.count <= 15, let base = bytes.baseAddress else { return String(decoding: bytes, as: UTF8.self) }
      var key: (UInt64, UInt64) = (0, 0)
      withUnsafeMutableBytes(of: &key) { out in
        out.baseAddress!.copyMemory(from: base, byteCount: bytes.count)
        out[15] = UInt8(bytes.count)
      }
      if let programText, key == programKey { return programText }
      let text = String(decoding: bytes, as: UTF8.self)
      (programText, programKey) = (text, key)
      return text
    }

    /// The time written in `bytes`, the cached one when they are the previous line's (a batch of appends
    /// shares one).
    @inline(__always)
    mutating func recordedTime(_ bytes: UnsafeBufferPointer<UInt8>) -> RecordedTime? {
      if let recorded, recorded.hasText(bytes) { return recorded }
      guard let time = RecordedTime(bytes) else { return nil }
      recorded = time
      return time
    }

    /// The date written in `bytes`, from the cache when they are the previous line's.
    @inline(__always)
    mutating func date(_ bytes: UnsafeBufferPointer<UInt8>) -> LedgerDate? {
      guard bytes.count == 10 else { return nil }
      let raw = UnsafeRawPointer(bytes.baseAddress!)
      let key = (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
      if let date, key == dateBytes { return date }
      guard let parsed = LedgerDate.parse(bytes) else { return nil }
      (date, dateBytes) = (parsed, key)
      return parsed
    }
  }

  /// Decodes a stored line, or returns nil to defer to the reference decoder.
  public static func decode(_ raw: UnsafeRawBufferPointer) -> Event? {
    var cache = Cache()
    return decode(raw, cache: &cache)
  }

  /// Decodes a stored line using (and updating) `cache`, or returns nil to defer to the reference decoder.
  ///
  /// Values are first located as byte spans on the stack; strings are built once the line's shape is
  /// known to be plain, and `recorded` reuses the cache's time when its bytes match.
  public static func decode(_ raw: UnsafeRawBufferPointer, cache: inout Cache) -> Event? {
    decodeCanonicalMovement(raw, cache: &cache) ?? decode(raw, cache: &cache, stored: true)
  }

  /// Decodes a line of `append` input (no seq, recorded or prev; `v` optional), or returns nil to defer to
  /// `EventCodec.decode(_:mode: .input)`.
  public static func decodeInput(_ raw: UnsafeRawBufferPointer) -> Event? {
    var cache = Cache()
    return decodeInput(raw, cache: &cache)
  }

  /// Decodes a line of `append` input using (and updating) `cache`, or returns nil to defer to the
  /// reference decoder.
  public static func decodeInput(_ raw: UnsafeRawBufferPointer, cache: inout Cache) -> Event? {
    decodeCanonicalInputMovement(raw, cache: &cache) ?? decode(raw, cache: &cache, stored: false)
  }

  private static func decode(_ raw: UnsafeRawBufferPointer, cache: inout Cache, stored: Bool) -> Event? {
    guard let start = raw.baseAddress, raw.count >= 2 else { return nil }
    let keyCount = 26
    return withUnsafeTemporaryAllocation(of: Int.self, capacity: keyCount * 2) { spans -> Event? in
      var c = Cursor(base: start.assumingMemoryBound(to: UInt8.self), count: raw.count)
      guard c.peek() == UInt8(ascii: "{") else { return nil }
      c.index += 1
      var seen: UInt64 = 0
      var nonASCII: UInt64 = 0
      var lists: [[String]] = []
      while true {
        guard c.peek() == UInt8(ascii: "\"") else { return nil }
        c.index += 1
        let keyStart = c.index
        let word: Word
        // Two words at once where the line has 16 bytes left (every key but one near the end of a line).
        if keyStart + 16 <= c.count, let fast = keyWord(at: c.base + keyStart) {
          word = fast
          c.index = keyStart + fast.count
        } else {
          while let b = c.peek(), b != UInt8(ascii: "\"") {
            if b == UInt8(ascii: "\\") || b < 0x20 { return nil }
            c.index += 1
          }
          guard c.index < c.count, c.index - keyStart <= 16 else { return nil }
          word = Word(c.base + keyStart, count: c.index - keyStart)
        }
        c.index += 1
        guard c.peek() == UInt8(ascii: ":") else { return nil }
        c.index += 1
        guard let key = key(word) else { return nil }
        let mask: UInt64 = 1 << UInt64(key.rawValue)
        if seen & mask != 0 { return nil }
        seen |= mask
        switch key {
        case .v, .seq, .budgetYear, .amountFen:
          guard let value = FastEventDecoder.integer(&c) else { return nil }
          spans[key.rawValue * 2] = Int(value)
        case .aliases, .fundedBy:
          guard let list = FastEventDecoder.stringList(&c) else { return nil }
          if lists.isEmpty { lists = [[], []] }
          lists[key == .aliases ? 0 : 1] = list
        default:
          guard let (valueStart, ascii) = stringSpan(&c) else { return nil }
          spans[key.rawValue * 2] = valueStart
          spans[key.rawValue * 2 + 1] = c.index - 1
          if !ascii { nonASCII |= mask }
        }
        guard let next = c.peek() else { return nil }
        c.index += 1
        if next == UInt8(ascii: "}") { break }
        guard next == UInt8(ascii: ",") else { return nil }
      }
      guard c.index == c.count else { return nil }
      func bytes(_ key: Key) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(
          start: c.base + spans[key.rawValue * 2], count: spans[key.rawValue * 2 + 1] - spans[key.rawValue * 2])
      }
      /// The string value of `key`: .some(nil) when absent, nil when its bytes are not valid UTF-8.
      func string(_ key: Key) -> String?? {
        let mask: UInt64 = 1 << UInt64(key.rawValue)
        guard seen & mask != 0 else { return .some(nil) }
        if nonASCII & mask == 0 { return .some(String(decoding: bytes(key), as: UTF8.self)) }
        guard let text = String(validating: bytes(key), as: UTF8.self) else { return nil }
        return .some(text)
      }
      func integer(_ key: Key) -> Int64 { Int64(spans[key.rawValue * 2]) }
      // Type and shape.
      guard seen & bit(.type) != 0 else { return nil }
      let typeBytes = bytes(.type)
      let typeWord = Word(typeBytes.baseAddress!, count: typeBytes.count)
      guard let type = eventType(typeWord), let (required, allowed) = shape(type)
      else { return nil }
      let (baseRequired, baseAllowed) = stored ? (commonRequired, commonAllowed) : (inputRequired, inputAllowed)
      guard seen & (baseRequired | required) == (baseRequired | required), seen & ~(baseAllowed | allowed) == 0
      else { return nil }
      // The same value checks as the reference decoder; anything doubtful goes to it. The id's are made on
      // its bytes in place (through the string they were a generic walk per line).
      guard seen & bit(.v) == 0 || integer(.v) == Event.schemaVersion, let id = string(.id), let id, !id.isEmpty,
        bytes(.id).count <= 200,
        bytes(.id).allSatisfy({ $0 >= 0x20 && $0 < 0x80 }) || !id.contains(where: { $0.isNewline }),
        let date = cache.date(bytes(.date))
      else { return nil }
      var event = Event(id: id, type: type, date: date)
      if stored {
        guard let recorded = cache.recordedTime(bytes(.recorded)), let prev = Digest(hex: bytes(.prev)) else {
          return nil
        }
        event.seq = integer(.seq)
        event.recordedTime = recorded
        event.prevDigest = prev
      }
      if let precision = string(.datePrecision) {
        if let precision {
          guard let parsed = DatePrecision(rawValue: precision) else { return nil }
          event.datePrecision = parsed
        }
      } else {
        return nil
      }
      func text(_ key: Key) -> String?? {
        guard let value = string(key) else { return nil }
        guard let value else { return .some(nil) }
        return hasVisibleText(value) ? .some(value) : nil
      }
      guard let doc = text(.doc), let holder = text(.holder), let name = text(.name), let parent = text(.parent),
        let program = text(.program), let from = text(.from), let to = text(.to), let target = text(.target),
        let reason = text(.reason), let note = string(.note), let level = string(.level), let source = string(.source)
      else { return nil }
      // Only the fields the line has are set: each setter checks the box is unique and releases the value
      // it replaces, and most lines have four or five of these ten.
      if let doc { event.doc = doc }
      if let note { event.note = note }
      if let holder { event.holder = holder }
      if let name { event.name = name }
      if let parent { event.parent = parent }
      if let program { event.program = program }
      if let from { event.from = from }
      if let to { event.to = to }
      if let target { event.target = target }
      if let reason { event.reason = reason }
      if let level {
        guard let parsed = HolderLevel(rawValue: level) else { return nil }
        event.level = parsed
      }
      if let source {
        guard let parsed = FundingSource(rawValue: source) else { return nil }
        event.source = parsed
      }
      if seen & bit(.budgetYear) != 0 {
        let year = integer(.budgetYear)
        guard (1900...9999).contains(year) else { return nil }
        event.budgetYear = year
      }
      if seen & bit(.amountFen) != 0 {
        guard integer(.amountFen) > 0 else { return nil }
        event.amountFen = integer(.amountFen)
      }
      if !lists.isEmpty {
        guard lists.allSatisfy({ $0.allSatisfy(hasVisibleText) }) else { return nil }
        event.aliases = lists[0]
        event.fundedBy = lists[1]
      }
      return event
    }
  }

  /// True when the string is not empty after trimming whitespace; decided from the first byte when it is
  /// plain ASCII, from the first scalar when that is not whitespace (a `Character` is whitespace by its
  /// first scalar, so the first character is then visible), and by `Character.isWhitespace` (as the
  /// reference does) otherwise. Trimming a Chinese name from both ends cost more than decoding the rest
  /// of its line.
  private static func hasVisibleText(_ text: String) -> Bool {
    if let first = text.utf8.first, first > 0x20, first < 0x80 { return true }
    if let first = text.unicodeScalars.first, !first.properties.isWhitespace { return true }
    return !text.trimmingSpaces.isEmpty
  }

  /// True when none of the eight bytes of `word` is `"`, `\\`, below 0x20 or above 0x7F (SWAR: a byte is
  /// zero in `x` exactly when its high bit survives `(x - 0x01…) & ~x & 0x80…`).
  @inline(__always)
  static func isPlainASCII(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    func hasZeroByte(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
    if word & highs != 0 { return false }
    if hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C)) { return false }
    // Below 0x20: subtracting 0x20 from a byte under 0x20 borrows into its high bit (bytes are < 0x80 here).
    return (word &- ones &* 0x20) & ~word & highs == 0
  }

  /// Where a string without escapes starts, and whether it is plain ASCII; the cursor ends past its quote.
  /// Nil for anything else (escapes, control characters, no closing quote).
  @inline(__always)
  private static func stringSpan(_ c: inout Cursor) -> (start: Int, ascii: Bool)? {
    guard c.peek() == UInt8(ascii: "\"") else { return nil }
    c.index += 1
    let start = c.index
    var ascii = true
    // Eight bytes at a time while none of them is a quote, a backslash, a control byte or non-ASCII
    // (the usual case: ids, hashes, times, amounts' keys); the byte loop takes over at the first that is.
    let raw = UnsafeRawPointer(c.base)
    while c.index + 8 <= c.count {
      let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: c.index, as: UInt64.self))
      if FastEventDecoder.isPlainASCII(word) { c.index += 8 } else { break }
    }
    while let b = c.peek(), b != UInt8(ascii: "\"") {
      if b == UInt8(ascii: "\\") || b < 0x20 { return nil }
      if b >= 0x80 { ascii = false }
      c.index += 1
    }
    guard c.index < c.count else { return nil }
    c.index += 1
    return (start, ascii)
  }

  /// A string without escapes; nil for anything else (escapes, control characters, invalid UTF-8).
  private static func string(_ c: inout Cursor) -> String? {
    guard let (start, ascii) = stringSpan(&c) else { return nil }
    let bytes = UnsafeBufferPointer(start: c.base + start, count: c.index - 1 - start)
    return ascii ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
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
