import Foundation
import XCTest

@testable import FundLedger

final class ProjectionTests: XCTestCase {
  typealias F = Fixtures

  func load(_ ledger: Ledger, at: String? = nil, knownAt: Int64? = nil) throws -> LedgerState {
    try ledger.load(bound: ReplayBound(date: at.map(F.date), knownAtMillis: knownAt)).state
  }

  func held(_ state: LedgerState, _ holder: String, program: String = "small-giant") -> Int64 {
    let figures = Figures(state: state, program: state.program(named: program), year: 2023)
    let own = figures.own[Int(state.holder(named: holder)!)]
    return own.heldFen + own.receivedFen
  }

  func testBalanceAtEachDateBoundary() throws {
    let ledger = try F.ledger(F.flow)
    // r1 moves 720 from xj to urumqi on 2022-12-15.
    XCTAssertEqual(held(try load(ledger, at: "2022-12-14"), "urumqi"), 0)
    XCTAssertEqual(held(try load(ledger, at: "2022-12-14"), "xj"), 1_200_000_000)
    XCTAssertEqual(held(try load(ledger, at: "2022-12-15"), "urumqi"), 720_000_000)
    XCTAssertEqual(held(try load(ledger, at: "2022-12-16"), "urumqi"), 720_000_000)
    XCTAssertEqual(held(try load(ledger, at: "2022-12-16"), "xj"), 480_000_000)
    // Before the first money event the holders exist but hold nothing; before every event, nothing at all.
    XCTAssertEqual(held(try load(ledger, at: "2022-11-29"), "xj"), 0)
    XCTAssertEqual(try load(ledger, at: "2000-01-01").holders.count, 0)
  }

  func testKnownAtHidesAnEventRecordedLater() throws {
    let directory = F.directory()
    let ledger = try F.ledger(F.flow, in: directory)
    // F.ledger records at 1_700_000_000_000; this one a day later.
    _ = try ledger.append(
      [(1, F.move(.disburse, "d2", "2023-02-22", "urumqi", "firm-b", wan: "80"))], nowMillis: 1_700_086_400_000)
    XCTAssertEqual(held(try load(ledger), "urumqi"), 520_000_000)
    XCTAssertEqual(held(try load(ledger, knownAt: 1_700_000_000_000), "urumqi"), 600_000_000)
    XCTAssertEqual(held(try load(ledger, knownAt: 1_700_086_400_000), "urumqi"), 520_000_000)
  }

  func testACorrectionRemovesItsEventFromItsDateOn() throws {
    let ledger = try F.ledger(F.flow + [F.correct("c1", "2023-03-10", target: "d1")])
    XCTAssertEqual(held(try load(ledger, at: "2023-03-09"), "firm-a"), 120_000_000)
    XCTAssertEqual(held(try load(ledger, at: "2023-03-10"), "firm-a"), 0)
    XCTAssertEqual(held(try load(ledger, at: "2023-03-10"), "urumqi"), 720_000_000)
  }

  func testRollupsEqualTheSumOfTheirParts() throws {
    var generator = Generator.small(eventCount: 4_000, seed: 3)
    var state = LedgerState()
    _ = generator.events(into: &state)
    let figures = Figures(state: state, year: 2023)
    let children = state.holderChildren()
    for index in state.holders.indices {
      var sum = figures.own[index]
      for child in children[index] { sum.add(figures.subtree[Int(child)]) }
      XCTAssertEqual(sum.heldFen, figures.subtree[index].heldFen)
      XCTAssertEqual(sum.paidFen, figures.subtree[index].paidFen)
      XCTAssertEqual(sum.receivedFen, figures.subtree[index].receivedFen)
    }
    // Programs: the parts sum to the whole.
    var world = F.state(
      F.world + [
        F.move(.allocate, "a1", "2022-11-30", "mof", "xj", wan: "1200"),
        F.move(.allocate, "a2", "2022-11-30", "mof", "xj", wan: "304", program: "guarantee"),
      ])
    _ = world.apply(F.move(.redistribute, "r1", "2022-12-01", "xj", "urumqi", wan: "60.3", program: "guarantee"))
    let xj = Int(world.holder(named: "xj")!)
    let whole = Figures(state: world, program: world.program(named: "central-sme"), year: 2023)
    let parts = ["small-giant", "guarantee"].map {
      Figures(state: world, program: world.program(named: $0), year: 2023)
    }
    XCTAssertEqual(whole.own[xj].arrivedFen, parts.map { $0.own[xj].arrivedFen }.reduce(0, +))
    XCTAssertEqual(whole.own[xj].arrivedFen, 1_504_000_000)
    XCTAssertEqual(whole.subtree[xj].heldFen, 1_504_000_000)
  }

  func testExecutionCountsPaymentsByHoldersBelow() throws {
    let state = F.state(F.flow + [F.budget("b1", "2023-02-21", "urumqi", wan: "720")])
    var options = StatusQuery.Options(at: F.date("2023-02-21"))
    options.parent = state.holder(named: "mof")
    let report = StatusQuery.run(state, options)
    XCTAssertEqual(report.rows.count, 1)
    let row = report.rows[0]
    XCTAssertEqual(row[0], .named(id: "xj", name: "新疆维吾尔自治区", indent: 0))
    XCTAssertEqual(row[2], .amount(1_200_000_000))  // arrived at the region
    XCTAssertEqual(row[3], .amount(720_000_000))  // passed down
    XCTAssertEqual(row[4], .amount(120_000_000))  // paid by Urumqi, below it
    XCTAssertEqual(row[5], .amount(1_080_000_000))  // held in the region's subtree
    options.parent = state.holder(named: "xj")
    let below = StatusQuery.run(state, options)
    XCTAssertEqual(below.rows[0][1], .amount(720_000_000))
    XCTAssertEqual(below.rows[0][7], .rate(120_000_000, 720_000_000))
    XCTAssertEqual(below.rows[0][9], .text("资金滞留"))  // 720 arrived 2022-12-15, 68 days before
    XCTAssertEqual(below.rows[0][8], .text("68"))
  }

  func testSnapshotPlusTailEqualsFullReplay() throws {
    for seed in [1, 2, 3] as [UInt64] {
      var generator = Generator.small(eventCount: 2_000, seed: seed)
      var built = LedgerState()
      let events = generator.events(into: &built)
      let directory = F.directory()
      let ledger = try F.ledger(Array(events[0..<1_200]), in: directory)
      let store = SnapshotStore(ledger: ledger, directory: directory + "/snaps")
      try store.write(try ledger.load())
      _ = try ledger.append(
        events[1_200...].enumerated().map { ($0.offset + 1, $0.element) }, nowMillis: 1_800_000_000_000)
      let fromSnapshot = try store.load()
      XCTAssertNotNil(fromSnapshot.snapshotPath)
      XCTAssertEqual(fromSnapshot.loaded.eventsApplied, 800)
      let full = try ledger.load()
      XCTAssertEqual(fromSnapshot.loaded.state, full.state)
      // And as of an earlier date, served from the snapshot's prefix only when the snapshot lies within it.
      let middle = events[1_500].date
      XCTAssertEqual(
        try store.load(bound: ReplayBound(date: middle)).loaded.state,
        try ledger.load(bound: ReplayBound(date: middle)).state)
    }
  }

  func testDamagedStaleAndForeignSnapshotsAreRefused() throws {
    let directory = F.directory()
    let ledger = try F.ledger(F.flow, in: directory)
    let store = SnapshotStore(ledger: ledger, directory: directory + "/snaps")
    let path = try store.write(try ledger.load())
    XCTAssertNoThrow(try store.open(path))

    var bytes = Array(FileManager.default.contents(atPath: path)!)
    bytes[bytes.count - 40] ^= 0x01
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    XCTAssertThrowsError(try store.open(path)) { XCTAssertEqual($0 as? Snapshot.Refusal, .damaged) }
    let view = try store.load()
    XCTAssertNil(view.snapshotPath)
    XCTAssertEqual(view.refusals.count, 1)
    XCTAssertEqual(view.loaded.state, try ledger.load().state)

    FileManager.default.createFile(atPath: path, contents: Data("hello".utf8))
    XCTAssertThrowsError(try store.open(path)) { XCTAssertEqual($0 as? Snapshot.Refusal, .notASnapshot) }

    // Stale: the log was rewritten from line 5 on (a different history with the same length).
    let good = try store.write(try ledger.load())
    let other = try F.ledger(
      F.world + [F.move(.allocate, "a9", "2022-11-30", "mof", "xj", wan: "1")], in: F.directory())
    try FileManager.default.removeItem(atPath: ledger.path)
    try FileManager.default.copyItem(atPath: other.path, toPath: ledger.path)
    XCTAssertThrowsError(try store.open(good)) { error in
      guard case .stale? = error as? Snapshot.Refusal else { return XCTFail("\(error)") }
    }
    // Foreign: a snapshot of a ledger whose first line differs.
    let foreign = try F.ledger([F.open("zz", "某地", .central)] + F.flow, in: F.directory())
    let foreignStore = SnapshotStore(ledger: foreign, directory: directory + "/snaps")
    let foreignPath = try foreignStore.write(try foreign.load())
    XCTAssertThrowsError(try store.open(foreignPath)) { XCTAssertEqual($0 as? Snapshot.Refusal, .foreign) }
  }
}
