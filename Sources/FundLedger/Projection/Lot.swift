/// A piece of money at one holder that remembers where it came from.
///
/// Every inflow makes a lot whose `parent` is the lot it was split from, so the lots form a tree per origin:
/// tracing is walking that tree, and a return or a correction puts money back into the parent lot.
public struct Lot: Equatable, Sendable {
  // Widest fields first: Swift lays fields out in declaration order, and this order packs a lot into 48
  // bytes (ten million lots at national scale); the account is its slot in the account table, not the
  // 12-byte key (`LedgerState.account(of:)`).
  /// What arrived in this lot.
  public var amountFen: Int64
  /// What of it this holder still holds.
  public var heldFen: Int64
  /// What of it was sent back up to the parent lot.
  public var returnedFen: Int64 = 0
  /// The account holding the lot, as its slot in `LedgerState.accounts` (slots never move).
  public var accountSlot: Int32
  /// The event record that created this lot.
  public var record: Int32
  /// The lot this one was split from, or -1 for an origin (an allocation).
  public var parent: Int32
  /// The arrival date, for ages and pass-down limits.
  public var date: LedgerDate
  /// Position in the account's `lotQueue`.
  public var queuePosition: Int32
  /// True when the event that created the lot was corrected: the lot no longer exists as money.
  public var reversed: Bool = false

  public init(
    accountSlot: Int32, record: Int32, parent: Int32, amountFen: Int64, heldFen: Int64, date: LedgerDate,
    queuePosition: Int32
  ) {
    self.accountSlot = accountSlot
    self.record = record
    self.parent = parent
    self.amountFen = amountFen
    self.heldFen = heldFen
    self.date = date
    self.queuePosition = queuePosition
  }
}
