/// What a summary snapshot holds, kept up to date from one summary to the next instead of recomputed.
///
/// Appends take a summary at every day end; summing every account's figures each time was a sixth of a
/// large import. Between two summaries only the accounts the new events name can change: a movement, a
/// return, a budget and a correction change the accounts of their `from` and `to` for their program and
/// year (a correction's record carries its target's), and lots only move with those accounts' money. So
/// the rows of those accounts are recomputed and swapped into their group's sums. Holders are
/// append-only, so the registry of the holders above the final recipients grows the same way. Debug builds
/// check every incremental result against a full pass (`fullPass`, which is also `Figures.groups`).
struct SummaryBuilder {
  /// The holders that are not final recipients, parents renumbered among them.
  private(set) var keptHolders: [Holder] = []
  /// For each kept holder, how many final recipients are directly below it.
  private(set) var recipientChildren: [Int32] = []
  /// For every holder: its position among the kept holders, or (a recipient) its parent's, negated less
  /// one; `Int32.min` for a recipient without a parent.
  private var target: [Int32] = []
  private var recordsSeen = 0
  /// The kept-holder count the groups are laid out for (nil before the first full pass).
  private var width: Int?
  private var codes: [Int64] = []
  private var keys: [(program: Int32, year: Int32)] = []
  /// Per group: `width` own rows, then `width` rows of what the recipients directly below add.
  private var sums: [Figures.Row] = []
  /// Each account slot's row as last summed, and where it was summed (-1: nowhere).
  private var slotRows: [Figures.Row] = []
  private var slotSum: [Int32] = []
  /// A bit per slot, set while the slot waits in a call's list to be re-summed: a busy account is named by
  /// many of a day's events and is re-summed once. (A bit, not a word: the set stays in the caches.)
  private var dirtyBits: [UInt64] = []

  init() {}

  /// The groups of `state` as it stands now, re-summing only what changed since the last call.
  mutating func groups(_ state: LedgerState) -> [Figures.Group] {
    noteNewHolders(state)
    if width != keptHolders.count {
      sumEverything(state, tracking: true)
      recordsSeen = state.records.count
      return assemble()
    }
    sumChanges(state)
    recordsSeen = state.records.count
    let result = assemble()
    assert(result == SummaryBuilder.fullPass(state), "incremental summary differs from a full pass")
    return result
  }

  /// Every group summed from every account, keeping nothing for a next call (no per-account rows).
  static func fullPass(_ state: LedgerState) -> [Figures.Group] {
    var builder = SummaryBuilder()
    builder.noteNewHolders(state)
    builder.sumEverything(state, tracking: false)
    return builder.assemble()
  }

  private mutating func noteNewHolders(_ state: LedgerState) {
    // `target` has one entry per holder seen so far.
    for index in target.count..<state.holders.count {
      let holder = state.holders[index]
      if holder.level != .recipient {
        target.append(Int32(keptHolders.count))
        var kept = holder
        // Recipients are leaves, so the kept holders are closed under parents.
        kept.parent = holder.parent >= 0 ? target[Int(holder.parent)] : -1
        keptHolders.append(kept)
        recipientChildren.append(0)
      } else if holder.parent >= 0 {
        let parent = target[Int(holder.parent)]
        target.append(-2 - parent)
        recipientChildren[Int(parent)] += 1
      } else {
        target.append(Int32.min)
      }
    }
  }

  /// Lays the sums out afresh from every account (the first time, and when a kept holder was opened);
  /// `tracking` keeps each account's row and place so that later calls can swap it.
  private mutating func sumEverything(_ state: LedgerState, tracking: Bool) {
    width = keptHolders.count
    codes = []
    keys = []
    sums = []
    slotRows = []
    slotSum = []
    dirtyBits = []
    for slot in state.accounts.keys.indices {
      if tracking {
        resum(state, slot: slot)
      } else {
        let position = place(of: state.accounts.keys[slot])
        guard position >= 0 else { continue }
        sums[position].add(Figures.row(state, slot: slot, isRecipient: position % (2 * width!) >= width!))
      }
    }
  }

  /// Re-sums the accounts the events since the last call named, and any account opened since.
  ///
  /// A movement's accounts come from the slots `apply` noted (`LedgerState.changedSlots`) when it noted
  /// them from the first record since the last call; other records' accounts, and every account when
  /// nothing was noted, are looked up.
  private mutating func sumChanges(_ state: LedgerState) {
    var dirty: [Int] = []
    func mark(_ slot: Int) {
      guard slot < slotRows.count else { return }
      let (word, bit) = (slot >> 6, UInt64(1) << UInt64(slot & 63))
      guard dirtyBits[word] & bit == 0 else { return }
      dirtyBits[word] |= bit
      dirty.append(slot)
    }
    let noted = state.changedSlots
    var next = noted.isNoting && noted.firstRecord == recordsSeen ? 0 : nil as Int?
    for index in recordsSeen..<state.records.count {
      let record = state.records[index]
      guard record.program >= 0 else { continue }
      if record.type.movesMoney, let at = next, at + 1 < noted.slots.count {
        assert(
          [noted.slots[at], noted.slots[at + 1]].map(Int.init)
            == [record.from, record.to].map {
              state.accounts.slot(of: AccountKey(holder: $0, program: record.program, budgetYear: record.budgetYear))!
            }, "noted slots of record \(index)")
        mark(Int(noted.slots[at]))
        mark(Int(noted.slots[at + 1]))
        next = at + 2
        continue
      }
      for holder in [record.from, record.to] where holder >= 0 {
        let key = AccountKey(holder: holder, program: record.program, budgetYear: record.budgetYear)
        if let slot = state.accounts.slot(of: key) { mark(slot) }
      }
    }
    for slot in dirty {
      dirtyBits[slot >> 6] &= ~(UInt64(1) << UInt64(slot & 63))
      resum(state, slot: slot)
    }
    for slot in slotRows.count..<state.accounts.count { resum(state, slot: slot) }
  }

  /// Swaps `slot`'s current row into its group's sums (adding its group the first time it is seen).
  private mutating func resum(_ state: LedgerState, slot: Int) {
    let width = self.width!
    if slot == slotRows.count {
      slotRows.append(Figures.Row())
      slotSum.append(Int32(place(of: state.accounts.keys[slot])))
      if slot >> 6 == dirtyBits.count { dirtyBits.append(0) }
    }
    let position = Int(slotSum[slot])
    guard position >= 0 else { return }
    let isRecipient = position % (2 * width) >= width
    let row = Figures.row(state, slot: slot, isRecipient: isRecipient)
    if isRecipient {
      sums[position].remove(slotRows[slot])
      sums[position].add(row)
    } else {
      // A kept holder has one account per (program, year): its own row is that account's.
      sums[position] = row
    }
    slotRows[slot] = row
  }

  /// Where an account of `key` is summed: its holder's own row in its (program, year) group, or (a
  /// recipient) its parent's row of what recipients add; -1 for a recipient without a parent. Adds the
  /// group the first time it is seen (a handful of groups: a linear scan beats hashing).
  private mutating func place(of key: AccountKey) -> Int {
    let width = self.width!
    let code = Int64(key.program) << 32 | Int64(UInt32(bitPattern: key.budgetYear))
    var g = codes.firstIndex(of: code) ?? -1
    if g < 0 {
      g = codes.count
      codes.append(code)
      keys.append((key.program, key.budgetYear))
      sums.append(contentsOf: repeatElement(Figures.Row(), count: 2 * width))
    }
    let t = target[Int(key.holder)]
    return t >= 0 ? 2 * width * g + Int(t) : t != Int32.min ? 2 * width * g + width + Int(-2 - t) : -1
  }

  /// The groups from the sums: each holder's own row, and its subtree rolled up from the last holder.
  private func assemble() -> [Figures.Group] {
    let width = self.width!
    var out: [Figures.Group] = []
    for (g, key) in keys.enumerated() {
      let own = Array(sums[(2 * width * g)..<(2 * width * g + width)])
      var subtree = own
      for index in subtree.indices { subtree[index].add(sums[2 * width * g + width + index]) }
      // Kept holders are in opening order, parents first: roll up from the last.
      for index in stride(from: width - 1, through: 0, by: -1) {
        let parent = keptHolders[index].parent
        guard parent >= 0 else { continue }
        subtree[Int(parent)].add(subtree[index])
      }
      out.append(Figures.Group(program: key.program, budgetYear: key.year, own: own, subtree: subtree))
    }
    return out.sorted { ($0.program, $0.budgetYear) < ($1.program, $1.budgetYear) }
  }
}
