import Prefetch

extension LedgerState {
  /// How many events ahead of the one being applied `prefetch` starts: one stage an event, each stage
  /// reading what the stage before it asked for.
  static let prefetchDistance = 4

  /// Asks for what `apply` will read for each of the next `prefetchDistance` events, one stage each.
  ///
  /// `mutating` though it changes nothing: called on the state a reader's closure captures, a plain method
  /// had the compiler copy the whole state for each call (a retain and release of every table in it).
  mutating func prefetch(_ ahead: ReadAhead) {
    for distance in 1...Self.prefetchDistance {
      if let hint = ahead.hint(distance) { prefetch(hint, distance: distance) }
    }
  }

  /// Asks for the cache lines `apply` will read for the event `distance` places ahead (1 is the next).
  ///
  /// Replay spends most of its applying time waiting on memory: a movement probes the id index, the
  /// account index, two accounts, a lot queue and a lot, each far apart in tables larger than the caches.
  /// Each of those addresses depends on the one before it, so the requests go in stages, one per event
  /// the reader hands over: the index entries four events ahead, then the accounts they point to, then the
  /// head of the sender's lot queue, and last the lot it names. Every read here is bounds-checked and
  /// every address only a hint, so a wrong `hint` (a name refused after the reader worked out its number)
  /// costs a wasted request, never a wrong answer.
  mutating func prefetch(_ hint: ApplyHint, distance: Int) {
    switch distance {
    case 4:
      recordIndex.prefetch(hash: hint.idHash)
      guard hint.program >= 0 else { return }
      accounts.prefetchIndex(of: AccountKey(holder: hint.from, program: hint.program, budgetYear: hint.budgetYear))
      accounts.prefetchIndex(of: AccountKey(holder: hint.to, program: hint.program, budgetYear: hint.budgetYear))
      holders.withUnsafeBufferPointer { holders in
        guard let base = holders.baseAddress else { return }
        if hint.to >= 0 && Int(hint.to) < holders.count { Prefetch.prefetch(base + Int(hint.to)) }
      }
    case 3:
      guard hint.program >= 0 else { return }
      func account(_ holder: Int32) {
        let key = AccountKey(holder: holder, program: hint.program, budgetYear: hint.budgetYear)
        guard let slot = accounts.firstSlotGuess(of: key), slot < accounts.count else { return }
        accounts.keys.withUnsafeBufferPointer { Prefetch.prefetch($0.baseAddress! + slot) }
        accounts.values.withUnsafeBufferPointer { Prefetch.prefetch($0.baseAddress! + slot) }
      }
      account(hint.from)
      account(hint.to)
    case 2, 1:
      guard hint.program >= 0,
        let slot = accounts.firstSlotGuess(
          of: AccountKey(
            holder: hint.from, program: hint.program, budgetYear: hint.budgetYear)),
        slot < accounts.count
      else { return }
      accounts.values.withUnsafeBufferPointer { values in
        let head = Int(values[slot].head)
        values[slot].lotQueue.withUnsafeBufferPointer { queue in
          guard head < queue.count else { return }
          if distance == 2 {
            Prefetch.prefetch(queue.baseAddress! + head)
          } else {
            let lot = Int(queue[head])
            lots.withUnsafeBufferPointer { lots in
              if lot < lots.count { Prefetch.prefetch(lots.baseAddress! + lot) }
            }
          }
        }
      }
    default: break
    }
  }
}
