/// The account slots each money movement changed, two a movement in record order, noted by `apply` for a
/// writer's day-end summaries (`SummaryBuilder`) while `isNoting`.
///
/// A summary re-sums the accounts the events since the last one changed. Found from each record's
/// holders, program and year, that was a probe of the account index and a read of a key per end, each a
/// miss in tables larger than the caches: most of a large import's summary time. `apply` has the slots at
/// hand. This is a working log, not part of the state's value: any two compare equal, so a writer's state
/// still equals a replayed one.
struct ChangedSlots: Equatable, Sendable {
  /// Noted only while true (replay and queries note nothing).
  var isNoting = false
  /// The record the first noted movement's slots belong to or would: `slots` covers the movements among
  /// `records[firstRecord...]`.
  var firstRecord = 0
  /// Sender's slot, then receiver's, for each movement.
  var slots: [Int32] = []

  static func == (_: ChangedSlots, _: ChangedSlots) -> Bool { true }

  /// Forgets what was noted; what is noted next belongs to `records[firstRecord...]`.
  mutating func restart(at firstRecord: Int) {
    self.firstRecord = firstRecord
    slots.removeAll(keepingCapacity: true)
  }
}
