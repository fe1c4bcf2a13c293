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

  /// A `StagingPass`'s hints are the numbers `apply` then finds, window after window (names opened in an
  /// earlier window included), and a batch staged with them gives the state a plain replay gives.
  func testStagingPassHintsAreTheNumbersApplyFinds() throws {
    var generator = Generator.small(eventCount: 5_000, seed: 13)
    var built = LedgerState()
    let events = generator.events(into: &built)
    var state = LedgerState()
    let pass = StagingPass(state: state)
    var movements = 0
    var lines = events.enumerated().map { ($0.offset + 1, $0.element) }[...]
    while !lines.isEmpty {
      let window = Array(lines.prefix(700))
      lines = lines.dropFirst(700)
      let hints = pass.hints(for: window)
      for (index, (_, event)) in window.enumerated() {
        let hint = try XCTUnwrap(hints[index])
        XCTAssertEqual(hint.idHash, TaggedSlots.hash(event.id))
        if event.type.movesMoney {
          XCTAssertEqual(hint.from, state.holder(named: event.from!), event.id)
          XCTAssertEqual(hint.to, state.holder(named: event.to!), event.id)
          XCTAssertEqual(hint.program, state.programIndex[event.program!], event.id)
          XCTAssertEqual(Int64(hint.budgetYear), event.budgetYear!)
          XCTAssertTrue(hint.namesAreIDs, "the generator names holders by id")
          movements += 1
        } else {
          XCTAssertEqual(hint.program, -1)
          XCTAssertFalse(hint.namesAreIDs)
        }
        XCTAssertEqual(state.apply(event), [])
      }
    }
    XCTAssertGreaterThan(movements, 2_000)
    XCTAssertEqual(state, built)

    // One window of the events through `Ledger.append`, which stages with a pass's hints (enough events
    // for it to make one), and a pass that gives none.
    XCTAssertGreaterThanOrEqual(events.count, StagingPass.eventsMin)
    XCTAssertNil(StagingPass(state: LedgerState(), enabled: false).hints(for: [(1, events[0])])[0])
    let ledger = try Fixtures.ledger(events)
    let loaded = try ledger.load().state
    XCTAssertEqual(loaded.records.map(\.id), built.records.map(\.id))
    XCTAssertEqual(loaded.accounts.values, built.accounts.values)
    XCTAssertEqual(try ledger.verify().violations, [])
  }

  /// A movement that names a holder by its name or alias, not its id, is not marked as named by ids (so
  /// staging still writes it with ids); an `open` of a key already known adds nothing to the pass, as
  /// `apply` refuses it; and after a refused `open`, staging stops trusting the pass but stages right.
  func testStagingPassMarksNamesThatAreNotIDsAndSurvivesARefusedOpen() throws {
    let F = Fixtures.self
    var state = LedgerState()
    for event in F.world { XCTAssertEqual(state.apply(event), []) }
    let pass = StagingPass(state: state)
    var byName = F.move(.allocate, "a1", "2022-11-30", "mof", "xj", wan: "10")
    byName.to = state.holders[Int(state.holder(named: "xj")!)].name
    // A new id under a name already taken: refused by `apply` (holderMustBeNew).
    let again = F.open("xj-again", "新疆维吾尔自治区", .province, parent: "mof")
    let window = [(1, byName), (2, again), (3, F.move(.allocate, "a2", "2022-12-01", "mof", "xj", wan: "5"))]
    let hints = pass.hints(for: window)
    XCTAssertEqual(hints[0]?.to, state.holder(named: "xj"))
    XCTAssertEqual(hints[0]?.namesAreIDs, false)
    XCTAssertEqual(hints[2]?.namesAreIDs, true)
    XCTAssertEqual(hints[2]?.to, state.holder(named: "xj"), "the refused open took no number")

    let directory = Fixtures.directory()
    let ledger = try Fixtures.ledger(F.world, in: directory)
    let writer = try LedgerWriter(ledger: ledger)
    let writerPass = writer.stagingPass(events: StagingPass.eventsMin)
    // Refused for its parent, which no key of the pass tells: the pass gives it a number, the state none.
    let orphan = F.open("orphan", "无上级单位", .prefecture, parent: "nowhere")
    let good = F.open("gx", "广西壮族自治区", .province, parent: "mof")
    let later = F.move(.allocate, "a3", "2022-12-02", "mof", "gx", wan: "5")
    let batch = [(1, orphan), (2, good), (3, later)]
    let batchHints = writerPass.hints(for: batch)
    XCTAssertEqual(batchHints[2]?.to, Int32(writer.state.holders.count + 1), "the pass counted the orphan")
    guard case .refused = writer.stage(orphan, hint: batchHints[0]) else { return XCTFail("the open is refused") }
    XCTAssertTrue(writer.stage(good, hint: batchHints[1]).isStaged)
    guard case .staged(let staged) = writer.stage(later, hint: batchHints[2]) else { return XCTFail("not staged") }
    XCTAssertEqual(staged.to, "gx")
    XCTAssertEqual(writer.state.records.last?.to, writer.state.holder(named: "gx"))
    writer.close()
  }

  /// The hints a reader works out, passed through `ReadAhead`, as `Ledger.load` does.
  func testReaderNumbersEveryMovementsNamesAsTheStateDoes() throws {
    var generator = Generator.small(eventCount: 3_000, seed: 11)
    var built = LedgerState()
    let events = generator.events(into: &built)
    let ledger = try Fixtures.ledger(events)
    var movements = 0
    try LogReader.read(path: ledger.path, resolvingNames: NameMirror(LedgerState())) { frame, _ in
      let event = frame.event
      guard event.type.movesMoney else {
        XCTAssertNil(frame.resolved, "line \(frame.line)")
        return true
      }
      movements += 1
      XCTAssertEqual(frame.resolved?.from, built.holderIndex[event.from!], "line \(frame.line)")
      XCTAssertEqual(frame.resolved?.to, built.holderIndex[event.to!], "line \(frame.line)")
      XCTAssertEqual(frame.resolved?.program, built.programIndex[event.program!], "line \(frame.line)")
      XCTAssertNotNil(frame.resolved?.to)
      return true
    }
    XCTAssertGreaterThan(movements, 2_000)
  }

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
