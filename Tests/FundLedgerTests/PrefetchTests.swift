import XCTest

@testable import FundLedger

/// `LedgerState.prefetch` only asks for memory: whatever hints it gets, even wrong or out of range, the
/// state and the reasons `apply` gives are those of applying without it, and nothing traps.
final class PrefetchTests: XCTestCase {
  func testWrongAndOutOfRangeHintsChangeNothing() {
    var generator = Generator.small(eventCount: 3_000, seed: 7)
    var built = LedgerState()
    let events = generator.events(into: &built)
    var random = SplitMix64(seed: 11)
    var plain = LedgerState()
    var prefetched = LedgerState()
    for event in events {
      for distance in 0...LedgerState.prefetchDistance + 1 {
        var hint = ApplyHint()
        hint.idHash = Int(truncatingIfNeeded: random.next())
        let holders = Int32(prefetched.holders.count)
        hint.from = Int32(truncatingIfNeeded: Int64(random.next() % UInt64(holders + 20))) - 10
        hint.to = [Int32.min, -1, holders, holders + 1, Int32.max, hint.from][Int(random.next() % 6)]
        hint.program = Int32(truncatingIfNeeded: Int64(random.next() % 8)) - 2
        // Mostly the generator's years, so the guesses land on real accounts, often not the event's own.
        hint.budgetYear = [2023, 2024, 2023, Int32(truncatingIfNeeded: random.next())][Int(random.next() % 4)]
        prefetched.prefetch(hint, distance: distance)
      }
      XCTAssertEqual(prefetched.apply(event), plain.apply(event))
    }
    XCTAssertEqual(prefetched, plain)
    XCTAssertEqual(plain, built)
  }

  /// Staging's hints (`hint(for:)`, names looked up in the state) are the numbers `apply` then finds, and
  /// a batch staged with its prefetching gives the state a plain replay gives.
  func testStagingHintsAreTheNumbersApplyFinds() throws {
    var generator = Generator.small(eventCount: 3_000, seed: 13)
    var built = LedgerState()
    let events = generator.events(into: &built)
    var state = LedgerState()
    var movements = 0
    for event in events {
      let hint = state.hint(for: event)
      XCTAssertEqual(hint.idHash, TaggedSlots.hash(event.id))
      if event.type.movesMoney {
        XCTAssertEqual(hint.from, state.holder(named: event.from!), event.id)
        XCTAssertEqual(hint.to, state.holder(named: event.to!), event.id)
        XCTAssertEqual(hint.program, state.programIndex[event.program!], event.id)
        XCTAssertEqual(Int64(hint.budgetYear), event.budgetYear!)
        movements += 1
      } else {
        XCTAssertEqual(hint.program, -1)
      }
      state.prefetchNames(of: event)
      state.prefetchNamed(by: event)
      XCTAssertEqual(state.apply(event), [])
    }
    XCTAssertGreaterThan(movements, 2_000)
    XCTAssertEqual(state, built)

    // One window of 3,000 events through `Ledger.append`, which prefetches as it stages.
    let ledger = try Fixtures.ledger(events)
    let loaded = try ledger.load().state
    XCTAssertEqual(loaded.records.map(\.id), built.records.map(\.id))
    XCTAssertEqual(loaded.accounts.values, built.accounts.values)
    XCTAssertEqual(try ledger.verify().violations, [])
  }

  /// The hints a reader works out, passed through `ReadAhead`, as `Ledger.load` does.
  func testReadAheadHintsAreTheEventsAfter() throws {
    var generator = Generator.small(eventCount: 500, seed: 5)
    var built = LedgerState()
    let events = generator.events(into: &built)
    let ledger = try Fixtures.ledger(events)
    var ids: [Int] = []
    var seen: [[Int]] = []
    try LogReader.read(path: ledger.path, resolvingNames: NameMirror(LedgerState())) { frame, ahead in
      ids.append(TaggedSlots.hash(frame.event.id))
      // Any distance, in range or not, only asks for memory.
      for distance in -1...8 { ahead.prefetchDecoded(distance) }
      seen.append((1...3).compactMap { ahead.hint($0)?.idHash })
      return true
    }
    XCTAssertEqual(ids.count, events.count)
    for (index, hashes) in seen.enumerated() {
      // Within a chunk each hint is that of the event so many places on; the last event sees none.
      XCTAssertEqual(hashes, Array(ids[(index + 1)..<min(ids.count, index + 1 + hashes.count)]))
    }
    XCTAssertEqual(seen.last, [])
    XCTAssertEqual(seen.first?.count, 3)
  }
}
