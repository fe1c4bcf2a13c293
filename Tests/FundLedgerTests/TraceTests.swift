import XCTest

@testable import FundLedger

final class TraceTests: XCTestCase {
  typealias F = Fixtures

  /// Checks conservation at every node of a tree.
  func conserved(_ node: TraceNode, _ state: LedgerState, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(
      node.inFen + node.returnedBackFen, node.passedOnFen + node.paidFen + node.heldFen + node.returnedFen,
      "node \(state.holders[Int(node.holder)].id)", file: file, line: line)
    XCTAssertEqual(node.children.map(\.inFen).reduce(0, +), node.passedOnFen + node.paidFen, file: file, line: line)
    for child in node.children { conserved(child, state, file: file, line: line) }
  }

  func testEveryOriginIsAccountedForToTheFenAtEveryDate() throws {
    var generator = Generator.small(eventCount: 3_000, seed: 11)
    var state = LedgerState()
    let events = generator.events(into: &state)
    let ledger = try F.ledger(events)
    let dates = Set(events.map(\.date)).sorted()
    var origins = 0
    for date in stride(from: 0, to: dates.count, by: max(1, dates.count / 12)).map({ dates[$0] }) + [dates.last!] {
      let view = try ledger.load(bound: ReplayBound(date: date)).state
      let trace = TraceQuery(state: view)
      for record in view.records where record.type == .allocate && record.correctedBy < 0 {
        origins += 1
        let trees = try trace.down(record.id)
        XCTAssertEqual(trees.count, 1)
        // Money that stays anywhere in the tree (held by institutions or received by recipients), minus
        // what went back up out of the origin holder, is the origin's amount.
        func stays(_ node: TraceNode) -> Int64 { node.heldFen + node.children.map(stays).reduce(0, +) }
        XCTAssertEqual(stays(trees[0]) + trees[0].returnedFen, record.amountFen, "origin \(record.id) at \(date)")
        conserved(trees[0], view)
      }
    }
    XCTAssertGreaterThan(origins, 50)
  }

  func testACorrectedPaymentGoesBackIntoItsLot() throws {
    let state = F.state(
      F.world + [
        F.move(.allocate, "a1", "2022-11-30", "mof", "xj", wan: "100", doc: "A"),
        F.move(.allocate, "a2", "2022-11-30", "mof", "xj", wan: "100", doc: "B"),
        F.move(.redistribute, "r1", "2022-12-01", "xj", "urumqi", wan: "150"),
        F.move(.disburse, "d1", "2022-12-02", "urumqi", "firm-a", wan: "120"),
        F.correct("c1", "2022-12-03", target: "d1"),
      ])
    let trace = TraceQuery(state: state)
    let a = try trace.down("A")[0]
    let b = try trace.down("B")[0]
    XCTAssertEqual(a.children[0].heldFen, 100_000_000, "A's 100 at Urumqi is whole again")
    XCTAssertEqual(a.children[0].paidFen, 0)
    XCTAssertEqual(b.children[0].heldFen, 50_000_000)
    XCTAssertEqual(trace.up(state.holder(named: "firm-a")!), [])
  }

  func testAReturnTravelsBackUpThePath() throws {
    let state = F.state(
      F.world + [
        F.move(.allocate, "a1", "2022-11-30", "mof", "xj", wan: "100", doc: "A"),
        F.move(.redistribute, "r1", "2022-12-01", "xj", "urumqi", wan: "100"),
        F.move(.return, "back", "2022-12-05", "urumqi", "xj", wan: "30"),
      ])
    let tree = try TraceQuery(state: state).down("A")[0]
    XCTAssertEqual(tree.heldFen, 30_000_000)
    XCTAssertEqual(tree.returnedBackFen, 30_000_000)
    XCTAssertEqual(tree.children[0].heldFen, 70_000_000)
    XCTAssertEqual(tree.children[0].returnedFen, 30_000_000)
    conserved(tree, state)
  }

  func testTraceBeforeAPaymentShowsTheMoneyStillHeld() throws {
    let ledger = try F.ledger(F.flow)
    let before = TraceQuery(state: try ledger.load(bound: ReplayBound(date: F.date("2023-02-20"))).state)
    let tree = try before.down("财建〔2022〕393号")[0]
    XCTAssertEqual(tree.children[0].heldFen, 720_000_000)
    XCTAssertEqual(tree.children[0].children, [])
    let after = TraceQuery(state: try ledger.load().state)
    XCTAssertEqual(try after.down("财建〔2022〕393号")[0].children[0].paidFen, 120_000_000)
    XCTAssertEqual(try after.down("财建〔2022〕393号")[0].children[0].oldestHeld, F.date("2022-12-15"))
  }

  func testFundedByWinsOverFIFOInTheTrace() throws {
    let state = F.state(
      F.world + [
        F.move(.allocate, "a1", "2022-11-30", "mof", "xj", wan: "100", doc: "A"),
        F.move(.allocate, "a2", "2022-11-30", "mof", "xj", wan: "100", doc: "B"),
        F.move(.redistribute, "r1", "2022-12-01", "xj", "urumqi", wan: "60", fundedBy: ["B"]),
      ])
    let trace = TraceQuery(state: state)
    XCTAssertEqual(try trace.down("A")[0].children, [])
    XCTAssertEqual(try trace.down("B")[0].children[0].inFen, 60_000_000)
    let paths = trace.up(state.holder(named: "urumqi")!)
    XCTAssertEqual(paths.map { state.doc(of: state.records[Int($0.records[0])]) }, ["B"])
  }

  func testTraceFromASnapshotEqualsTraceFromAFullReplay() throws {
    var generator = Generator.small(eventCount: 1_500, seed: 5)
    var built = LedgerState()
    let events = generator.events(into: &built)
    let directory = F.directory()
    let ledger = try F.ledger(Array(events[..<1_000]), in: directory)
    let store = SnapshotStore(ledger: ledger, directory: directory + "/s")
    try store.write(try ledger.load())
    _ = try ledger.append(events[1_000...].enumerated().map { ($0.offset + 1, $0.element) })
    let viaSnapshot = TraceQuery(state: try store.load().loaded.state)
    let full = TraceQuery(state: try ledger.load().state)
    for record in full.state.records where record.type == .allocate && record.correctedBy < 0 {
      XCTAssertEqual(try viaSnapshot.down(record.id), try full.down(record.id))
    }
    for holder in full.state.holders.indices {
      XCTAssertEqual(viaSnapshot.up(Int32(holder)), full.up(Int32(holder)))
    }
  }

  func testUnknownOriginIsAnError() {
    let trace = TraceQuery(state: F.state(F.flow))
    XCTAssertThrowsError(try trace.down("财建〔2099〕1号")) {
      XCTAssertEqual($0 as? TraceQuery.Problem, .unknownOrigin("财建〔2099〕1号"))
    }
    XCTAssertEqual(trace.up(trace.state.holder(named: "hami")!), [])
  }
}
