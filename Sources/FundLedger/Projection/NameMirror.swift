/// The numbers `apply` will give a movement's holder and program names, worked out ahead of it on the
/// thread that decodes the log.
///
/// Replay applies on one thread, and looking up a movement's three names in tables larger than the caches
/// was about a seventh of that thread's time, while the decoding thread had time to spare. Names get
/// their numbers only from `open` and `define` events, in log order (a holder's number is how many were
/// opened before it), so a copy of the name tables that sees the same events in the same order gives the
/// same numbers. It stays right only while `apply` accepts every `open` and `define` it sees: a reader
/// stops trusting it at the first one refused (see `Ledger.check`), and `apply` looks up any name it
/// has no number for.
struct NameMirror {
  private var holders: NameIndex
  private var programs: NameIndex
  private var holderCount: Int32
  private var programCount: Int32

  /// A mirror of `state`'s tables; nil when the state has holders but no index of their names (read from
  /// a query snapshot), which a mirror would have to rebuild.
  init?(_ state: LedgerState) {
    guard !(state.holderIndex.isEmpty && !state.holders.isEmpty) else { return nil }
    holders = state.holderIndex
    programs = state.programIndex
    holderCount = Int32(state.holders.count)
    programCount = Int32(state.programs.count)
  }

  /// The numbers of a movement's names as `apply` will find them, after taking in what `event` adds;
  /// nil for an event that is not a movement.
  mutating func resolve(_ event: Event) -> ResolvedNames? {
    switch event.type {
    case .open:
      for key in LedgerState.holderKeys(event) { holders[key] = holderCount }
      holderCount += 1
      return nil
    case .define:
      for key in LedgerState.programKeys(event) { programs[key] = programCount }
      programCount += 1
      return nil
    case .allocate, .redistribute, .disburse, .return:
      return ResolvedNames(
        from: event.from.flatMap { holders[$0] }, to: event.to.flatMap { holders[$0] },
        program: event.program.flatMap { programs[$0] })
    case .budget, .line, .classify, .correct, .audit:
      return nil
    }
  }
}
