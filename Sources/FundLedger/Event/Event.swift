/// One line of the ledger: a fact that happened on `date`, appended at `recorded`, never changed after.
///
/// The struct is flat (every type's fields as optionals) because the file format is flat: one decoder and
/// one encoder handle every type, and the per-type rules live in `EventCodec` and `LedgerState.apply`.
/// Numbers, dates and enums are stored inline, and so are the four strings every money movement has (id,
/// from, to, program); the other strings and lists live in one copy-on-write box, made only when one is
/// set.
public struct Event: Equatable, Sendable {
  public static let schemaVersion: Int64 = 1

  /// The strings and lists most events lack, behind one reference: copying or dropping an `Event` (the
  /// reader, the apply path and the writer pass them around by value) is then one retain or release
  /// instead of one per optional string, and none at all for a plain movement, which has no box. A movement
  /// read back used to allocate a box of 26 fields, fill it on the decoding thread, read it on the applying
  /// one and free it on a third. Copy on write keeps value semantics.
  final class Storage: @unchecked Sendable {
    var doc: String? = nil
    var note: String? = nil
    var holder: String? = nil
    var name: String? = nil
    var parent: String? = nil
    var aliases: [String] = []
    var fundedBy: [String] = []
    var target: String? = nil
    var reason: String? = nil
    var system: String? = nil
    var code: String? = nil
    var direction: String? = nil
    var phase: String? = nil
    var fundSource: String? = nil
    var kind: String? = nil
    var functional: String? = nil
    var economic: String? = nil
    var project: String? = nil
    var item: String? = nil
    var link: String? = nil
    var auditor: String? = nil
    var scope: String? = nil
    var details: [(String, JSONValue)] = []

    init() {}

    func copy() -> Storage {
      let copy = Storage()
      copy.doc = doc
      copy.note = note
      copy.holder = holder
      copy.name = name
      copy.parent = parent
      copy.aliases = aliases
      copy.fundedBy = fundedBy
      copy.target = target
      copy.reason = reason
      copy.system = system
      copy.code = code
      copy.direction = direction
      copy.phase = phase
      copy.fundSource = fundSource
      copy.kind = kind
      copy.functional = functional
      copy.economic = economic
      copy.project = project
      copy.item = item
      copy.link = link
      copy.auditor = auditor
      copy.scope = scope
      copy.details = details
      return copy
    }
  }

  private var storage: Storage?

  /// The event's box of strings, if it has one: with the inline strings (small ones need no freeing) the
  /// part of it worth freeing elsewhere, so a reader can have many events freed on another thread by
  /// keeping a word for each rather than the whole event.
  var storageObject: AnyObject? { storage }

  private mutating func uniqueStorage() -> Storage {
    if isKnownUniquelyReferenced(&storage) { return storage! }
    let unique = storage?.copy() ?? Storage()
    storage = unique
    return unique
  }

  public var v: Int64 = Event.schemaVersion
  /// Position in the log, from 1; assigned by the ledger on append.
  public var seq: Int64?
  /// Unique id, also the idempotency key of an append.
  public var id: String
  public var type: EventType
  /// The effective date: the day money moved or a check was made (or the placement day, see `datePrecision`).
  public var date: LedgerDate
  /// How much of `date` the source gives; a month-precision date prints as "2022-11".
  public var datePrecision: DatePrecision = .day
  /// UTC time of the append, assigned by the ledger ("2026-11-21T23:40:05.123Z").
  public var recordedTime: RecordedTime?
  /// `recordedTime` as text. Setting it to a text `Timestamp.parse` does not accept is a programming error:
  /// the decoders check the field before they set it, and the ledger stamps its own times.
  public var recorded: String? {
    get { recordedTime?.text }
    set {
      guard let newValue else {
        recordedTime = nil
        return
      }
      guard let time = RecordedTime(newValue) else { preconditionFailure("recorded is not a ledger time: \(newValue)") }
      recordedTime = time
    }
  }
  /// SHA-256 of the previous line's bytes; assigned by the ledger. Kept as a digest (see `Digest`).
  public var prevDigest: Digest?
  /// `prevDigest` as 64 lowercase hex digits. Setting anything else is a programming error, as for
  /// `recorded`.
  public var prev: String? {
    get { prevDigest?.hex }
    set {
      guard let newValue else {
        prevDigest = nil
        return
      }
      guard let digest = Digest(hex: newValue) else { preconditionFailure("prev is not a SHA-256 hex: \(newValue)") }
      prevDigest = digest
    }
  }
  /// Document number (文号), when the source gives one.
  public var doc: String? {
    get { storage?.doc }
    set { uniqueStorage().doc = newValue }
  }
  /// Free-text evidence: which report, which table, what is not known.
  public var note: String? {
    get { storage?.note }
    set { uniqueStorage().note = newValue }
  }

  // open / define
  public var holder: String? {
    get { storage?.holder }
    set { uniqueStorage().holder = newValue }
  }
  public var name: String? {
    get { storage?.name }
    set { uniqueStorage().name = newValue }
  }
  public var level: HolderLevel?
  public var parent: String? {
    get { storage?.parent }
    set { uniqueStorage().parent = newValue }
  }
  public var aliases: [String] {
    get { storage?.aliases ?? [] }
    set { uniqueStorage().aliases = newValue }
  }
  public var program: String?
  public var source: FundingSource?

  // budget / money movements
  public var from: String?
  public var to: String?
  public var budgetYear: Int64?
  public var amountFen: Int64?
  /// Event ids or document numbers whose money this outflow spends, ahead of first-in-first-out.
  public var fundedBy: [String] {
    get { storage?.fundedBy ?? [] }
    set { uniqueStorage().fundedBy = newValue }
  }

  // correct
  public var target: String? {
    get { storage?.target }
    set { uniqueStorage().target = newValue }
  }
  public var reason: String? {
    get { storage?.reason }
    set { uniqueStorage().reason = newValue }
  }

  // classify
  /// "functional" or "economic".
  public var system: String? {
    get { storage?.system }
    set { uniqueStorage().system = newValue }
  }
  public var code: String? {
    get { storage?.code }
    set { uniqueStorage().code = newValue }
  }

  // line
  public var direction: String? {
    get { storage?.direction }
    set { uniqueStorage().direction = newValue }
  }
  public var phase: String? {
    get { storage?.phase }
    set { uniqueStorage().phase = newValue }
  }
  public var fundSource: String? {
    get { storage?.fundSource }
    set { uniqueStorage().fundSource = newValue }
  }
  public var kind: String? {
    get { storage?.kind }
    set { uniqueStorage().kind = newValue }
  }
  public var functional: String? {
    get { storage?.functional }
    set { uniqueStorage().functional = newValue }
  }
  public var economic: String? {
    get { storage?.economic }
    set { uniqueStorage().economic = newValue }
  }
  public var project: String? {
    get { storage?.project }
    set { uniqueStorage().project = newValue }
  }
  /// The names below the deepest code the source gives (款 / 项 named but not numbered).
  public var item: String? {
    get { storage?.item }
    set { uniqueStorage().item = newValue }
  }
  /// Where the same money appears in another ledger ("LEDGER#HOLDER/PROGRAM").
  public var link: String? {
    get { storage?.link }
    set { uniqueStorage().link = newValue }
  }

  // audit
  public var auditor: String? {
    get { storage?.auditor }
    set { uniqueStorage().auditor = newValue }
  }
  public var scope: String? {
    get { storage?.scope }
    set { uniqueStorage().scope = newValue }
  }
  /// Audit payload fields kept verbatim (claims, findings, evaluation, …) in written order.
  public var details: [(String, JSONValue)] {
    get { storage?.details ?? [] }
    set { uniqueStorage().details = newValue }
  }

  public init(id: String, type: EventType, date: LedgerDate) {
    self.id = id
    self.type = type
    self.date = date
  }

  /// A money movement with no optional field, stored (with seq, recorded and prev) or input (without),
  /// made whole at once: setting its fields one by one after `init(id:type:date:)` released each one's
  /// empty value first (`FastEventDecoder`'s templates).
  init(
    movement type: EventType, id: String, seq: Int64?, date: LedgerDate, recorded: RecordedTime?, prev: Digest?,
    from: String, to: String, program: String, budgetYear: Int64, amountFen: Int64
  ) {
    (self.id, self.type, self.seq, self.date, self.recordedTime, self.prevDigest) = (
      id, type, seq, date, recorded, prev
    )
    (self.from, self.to, self.program, self.budgetYear, self.amountFen) = (from, to, program, budgetYear, amountFen)
  }

  /// The date as the source gives it.
  public var dateText: String { date.text(precision: datePrecision) }

  public static func == (lhs: Event, rhs: Event) -> Bool {
    EventCodec.encode(lhs) == EventCodec.encode(rhs)
  }
}
