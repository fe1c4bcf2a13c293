/// One line of the ledger: a fact that happened on `date`, appended at `recorded`, never changed after.
///
/// The struct is flat (every type's fields as optionals) because the file format is flat: one decoder and
/// one encoder handle every type, and the per-type rules live in `EventCodec` and `LedgerState.apply`.
public struct Event: Equatable, Sendable {
  public static let schemaVersion: Int64 = 1

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
  public var recorded: String?
  /// SHA-256 hex of the previous line's bytes; assigned by the ledger.
  public var prev: String?
  /// Document number (文号), when the source gives one.
  public var doc: String?
  /// Free-text evidence: which report, which table, what is not known.
  public var note: String?

  // open / define
  public var holder: String?
  public var name: String?
  public var level: HolderLevel?
  public var parent: String?
  public var aliases: [String] = []
  public var program: String?
  public var source: FundingSource?

  // budget / money movements
  public var from: String?
  public var to: String?
  public var budgetYear: Int64?
  public var amountFen: Int64?
  /// Event ids or document numbers whose money this outflow spends, ahead of first-in-first-out.
  public var fundedBy: [String] = []

  // correct
  public var target: String?
  public var reason: String?

  // classify
  /// "functional" or "economic".
  public var system: String?
  public var code: String?

  // line
  public var direction: String?
  public var phase: String?
  public var fundSource: String?
  public var kind: String?
  public var functional: String?
  public var economic: String?
  public var project: String?
  /// The names below the deepest code the source gives (款 / 项 named but not numbered).
  public var item: String?
  /// Where the same money appears in another ledger ("LEDGER#HOLDER/PROGRAM").
  public var link: String?

  // audit
  public var auditor: String?
  public var scope: String?
  /// Audit payload fields kept verbatim (claims, findings, evaluation, …) in written order.
  public var details: [(String, JSONValue)] = []

  public init(id: String, type: EventType, date: LedgerDate) {
    self.id = id
    self.type = type
    self.date = date
  }

  /// The date as the source gives it.
  public var dateText: String { date.text(precision: datePrecision) }

  public static func == (lhs: Event, rhs: Event) -> Bool {
    EventCodec.encode(lhs) == EventCodec.encode(rhs)
  }
}
