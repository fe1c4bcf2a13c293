/// Where `apply` will look when it applies one event, worked out before the event reaches it, so that
/// the applying thread can ask for those cache lines a few events early (`LedgerState.prefetch`).
///
/// Filled in off the applying thread: the id's hash by the worker that decoded the line, the numbers of a
/// movement's names by the reader's `NameMirror` pass. Like `ResolvedNames`, these are hints only: a wrong
/// one costs a useless prefetch, never a wrong result, since `apply` looks everything up itself.
struct ApplyHint {
  /// `TaggedSlots.hash` of the event's id (0 before it is set).
  var idHash = 0
  /// A movement's holder and program numbers, and its budget year; -1 and 0 otherwise.
  var from: Int32 = -1
  var to: Int32 = -1
  var program: Int32 = -1
  var budgetYear: Int32 = 0
  /// The movement names its holders and program by id (`NameMirror.namesAreIDs`): staging trusts the
  /// numbers and skips canonicalizing it, unless an `open` or `define` before it was refused.
  var namesAreIDs = false

  /// Fills in the names' numbers and the budget year of a movement.
  mutating func note(_ resolved: ResolvedNames?, budgetYear year: Int64?) {
    guard let resolved, let from = resolved.from, let to = resolved.to, let program = resolved.program else { return }
    (self.from, self.to, self.program) = (from, to, program)
    budgetYear = Int32(truncatingIfNeeded: year ?? 0)
  }
}
