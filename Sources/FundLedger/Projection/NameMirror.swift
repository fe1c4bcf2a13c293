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
///
/// Staging uses one too (`StagingPass`), on the thread that decodes its input, where a refused `open` or
/// `define` is possible: one that names a key already known is refused by `apply` and adds nothing here
/// either, and after any other refusal the writer stops trusting the numbers (`LedgerWriter.stage`).
struct NameMirror {
  private var holders: NameIndex
  private var programs: NameIndex
  private var holderCount: Int32
  private var programCount: Int32
  /// Each holder's and program's id by number, kept only by `init(_:keepingIDs:)` with `keepingIDs`.
  private var holderIDs: [String]?
  private var programIDs: [String]?

  /// A mirror of `state`'s tables; nil when the state has holders but no index of their names (read from
  /// a query snapshot), which a mirror would have to rebuild. `keepingIDs` also keeps the ids, for
  /// `namesAreIDs`.
  init?(_ state: LedgerState, keepingIDs: Bool = false) {
    guard !(state.holderIndex.isEmpty && !state.holders.isEmpty) else { return nil }
    holders = state.holderIndex
    programs = state.programIndex
    holderCount = Int32(state.holders.count)
    programCount = Int32(state.programs.count)
    if keepingIDs {
      holderIDs = state.holders.map(\.id)
      programIDs = state.programs.map(\.id)
    }
  }

  /// How many events ahead a pass asks for the table entries of a movement's holders, and for the names
  /// those entries point to: the entry must have arrived before the name can be asked for.
  static let entryDistance = 16
  static let nameDistance = 8

  /// Asks for the table entries the look-ups of a movement's holders read first.
  @inline(__always)
  func prefetchEntries(_ hashes: NameHashes) {
    guard hashes.isSet else { return }
    holders.prefetchEntry(hash: hashes.from)
    holders.prefetchEntry(hash: hashes.to)
  }

  /// Asks for the names those entries point to (see `NameIndex.prefetchName`).
  @inline(__always)
  func prefetchNames(_ hashes: NameHashes) {
    guard hashes.isSet else { return }
    holders.prefetchName(hash: hashes.from)
    holders.prefetchName(hash: hashes.to)
  }

  /// The numbers of a movement's names as `apply` will find them, after taking in what `event` adds;
  /// nil for an event that is not a movement. `hashes`, when set, are those of `event`'s holders.
  mutating func resolve(_ event: Event, hashes: NameHashes = NameHashes()) -> ResolvedNames? {
    switch event.type {
    case .open:
      let keys = LedgerState.holderKeys(event)
      guard !keys.contains(where: { holders[$0] != nil }) else { return nil }
      for key in keys { holders[key] = holderCount }
      holderCount += 1
      holderIDs?.append(event.holder!)
      return nil
    case .define:
      let keys = LedgerState.programKeys(event)
      guard !keys.contains(where: { programs[$0] != nil }) else { return nil }
      for key in keys { programs[key] = programCount }
      programCount += 1
      programIDs?.append(event.program!)
      return nil
    case .allocate, .redistribute, .disburse, .return:
      if hashes.isSet, let from = event.from, let to = event.to {
        return resolveMovement(from: from, to: to, program: event.program, hashes: hashes)
      }
      return ResolvedNames(
        from: event.from.flatMap { holders[$0] }, to: event.to.flatMap { holders[$0] },
        program: event.program.flatMap { programs[$0] })
    case .budget, .line, .classify, .correct, .audit:
      return nil
    }
  }

  /// `resolve` for a movement from `from` to `to` whose holder names' hashes are `hashes`: a movement adds
  /// no name, so this needs only the three names (a reader passes them from the chunk, where passing the
  /// whole event copied it).
  func resolveMovement(from: String, to: String, program: String?, hashes: NameHashes) -> ResolvedNames {
    ResolvedNames(
      from: holders.number(of: from, hash: hashes.from), to: holders.number(of: to, hash: hashes.to),
      program: program.flatMap { programs[$0] })
  }

  /// True when a movement `resolve` found every number for names each of its holders and its program by
  /// id, as a stored line does: staging then need not canonicalize it. False without kept ids.
  func namesAreIDs(_ event: Event, _ resolved: ResolvedNames) -> Bool {
    guard let holderIDs, let programIDs, let from = resolved.from, let to = resolved.to,
      let program = resolved.program
    else { return false }
    return holderIDs[Int(from)] == event.from && holderIDs[Int(to)] == event.to
      && programIDs[Int(program)] == event.program
  }
}
