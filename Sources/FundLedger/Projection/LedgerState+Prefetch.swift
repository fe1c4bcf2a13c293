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
      accounts.prefetchIndex(of: Self.key(hint.from, hint))
      accounts.prefetchIndex(of: Self.key(hint.to, hint))
      if let holder = RawElements(holders).address(Int(hint.to)) { Prefetch.prefetch(holder) }
    case 3:
      guard hint.program >= 0 else { return }
      let (keys, values) = (RawElements(accounts.keys), RawElements(accounts.values))
      for holder in [hint.from, hint.to] {
        guard let slot = Self.slotGuess(accounts, holder, hint) else { continue }
        if let key = keys.address(slot) { Prefetch.prefetch(key) }
        if let account = values.address(slot) { Prefetch.prefetch(account) }
      }
    case 2:
      let (fromSlot, toSlot) = Self.slotGuesses(accounts, hint)
      let values = RawElements(accounts.values)
      // The queues' storage is read from the accounts' bytes, not through the arrays: any use of an
      // array (its count, a copy) reads the storage's header, the very line being asked for here.
      if let fromSlot, let account = values.address(fromSlot) {
        let head = Int(UnsafeRawPointer(account).load(fromByteOffset: Self.headOffset, as: Int32.self))
        if let header = Self.storage(ofQueueIn: UnsafeRawPointer(account)) {
          Prefetch.prefetch(header)
          Prefetch.prefetch(header + Self.arrayHeaderBytes + head * MemoryLayout<Int32>.stride)
        }
      }
      // The receiver's queue gets a lot appended: its count, in the header.
      if let toSlot, let account = values.address(toSlot),
        let header = Self.storage(ofQueueIn: UnsafeRawPointer(account))
      {
        Prefetch.prefetch(header)
      }
    case 1:
      let (fromSlot, toSlot) = Self.slotGuesses(accounts, hint)
      let values = RawElements(accounts.values)
      // Fields read in place: `values[slot]` copied the whole account, and `pointee.lotQueue` its queue.
      if let fromSlot, let account = values.address(fromSlot),
        let storage = Self.storage(ofQueueIn: UnsafeRawPointer(account))
      {
        let head = Int(UnsafeRawPointer(account).load(fromByteOffset: Self.headOffset, as: Int32.self))
        let queue = RawElements<Int32>(storage: storage)
        let lots = RawElements(self.lots)
        // The lot at the head, and the one after it, in case the event before empties the head's.
        for position in head..<(head + 2) {
          if let entry = queue.address(position), let lot = lots.address(Int(entry.pointee)) { Prefetch.prefetch(lot) }
        }
      }
      // Where the receiver's queue takes its next lot.
      if let toSlot, let account = values.address(toSlot),
        let storage = Self.storage(ofQueueIn: UnsafeRawPointer(account))
      {
        let queue = RawElements<Int32>(storage: storage)
        Prefetch.prefetch(queue.base + queue.count)
      }
    default: break
    }
  }

  /// The slot `holder`'s account in the hint's program and year most likely has (see
  /// `AccountTable.firstSlotGuess`).
  ///
  /// Static, taking the table: as a method on the state, each call from within `prefetch` copied part of
  /// the state to the stack first.
  private static func slotGuess(_ accounts: AccountTable, _ holder: Int32, _ hint: ApplyHint) -> Int? {
    guard hint.program >= 0, let slot = accounts.firstSlotGuess(of: key(holder, hint)), slot < accounts.count
    else { return nil }
    return slot
  }

  /// `slotGuess` for the sender's and the receiver's accounts.
  private static func slotGuesses(_ accounts: AccountTable, _ hint: ApplyHint) -> (from: Int?, to: Int?) {
    (slotGuess(accounts, hint.from, hint), slotGuess(accounts, hint.to, hint))
  }

  /// The key of `holder`'s account in the hint's program and budget year.
  private static func key(_ holder: Int32, _ hint: ApplyHint) -> AccountKey {
    AccountKey(holder: holder, program: hint.program, budgetYear: hint.budgetYear)
  }

  /// The address of the storage of the lot queue of the account at `account`, read as a plain word.
  private static func storage(ofQueueIn account: UnsafeRawPointer) -> UnsafeRawPointer? {
    UnsafeRawPointer(bitPattern: account.load(fromByteOffset: lotQueueOffset, as: UInt.self))
  }

  // Computed, not stored: the compiler folds each to a constant, where a `static let` is a lazily made
  // global read through `swift_once` at every use.
  private static var headOffset: Int { MemoryLayout<Account>.offset(of: \Account.head)! }
  private static var lotQueueOffset: Int { MemoryLayout<Account>.offset(of: \Account.lotQueue)! }
  /// Where a native Swift array's elements start in its storage: after the object header (type and
  /// reference count) and the count and capacity, four words on a 64-bit machine. Only a hint: a prefetch
  /// of a wrong address costs nothing but the request.
  private static let arrayHeaderBytes = 4 * MemoryLayout<Int>.size
}
