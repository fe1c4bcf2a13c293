/// The running figures of one account, kept so that every report is a sum over accounts, not over events.
///
/// Conservation holds at all times: arrived + returnedIn = passedDown + paid + returnedOut + held.
public struct Account: Equatable, Sendable {
  /// Planned (预算安排) for this holder, program and year.
  public var budgetedFen: Int64 = 0
  /// Issued from this holder's own budget by `allocate` (an issuer's figure, not money it held).
  public var issuedFen: Int64 = 0
  /// The part of `issuedFen` that went straight to final recipients (项目法切块 to a firm): paid, not passed down.
  public var issuedPaidFen: Int64 = 0
  /// Received from above: allocations and redistributions in; for a recipient, payments received (到位).
  public var arrivedFen: Int64 = 0
  /// Passed down to holders below (下达).
  public var passedDownFen: Int64 = 0
  /// Paid to final recipients by this holder (支付).
  public var paidFen: Int64 = 0
  /// Sent back up.
  public var returnedOutFen: Int64 = 0
  /// Received back from below.
  public var returnedInFen: Int64 = 0
  /// Held now.
  public var heldFen: Int64 = 0
  /// Lot indices in arrival order: first in, first out.
  public var lotQueue: [Int32] = []
  /// Index in `lotQueue` before which every lot is empty.
  public var head: Int32 = 0

  public init() {}
}
