import XCTest

@testable import FundLedger

/// A holder's register from the event records (what a snapshot holds) equals the register built while
/// replaying the log, balance by balance.
final class HistoryTests: XCTestCase {
  func testRegisterFromRecordsEqualsTheReplayedOne() throws {
    for seed: UInt64 in [41, 43] {
      var generator = Generator.small(eventCount: 4_000, seed: seed)
      var state = LedgerState()
      let ledger = try Fixtures.ledger(generator.events(into: &state))
      let full = try ledger.load().state
      XCTAssertGreaterThan(full.records.filter { $0.type == .correct }.count, 10)
      XCTAssertGreaterThan(full.records.filter { $0.type == .return }.count, 10)
      let from = full.records[full.records.count / 2].date
      // Every holder's register in one replay: an event can only be in the registers of its two holders.
      var replayed: [Int32: [[Cell]]] = [:]
      _ = try ledger.load(observe: { frame, state in
        guard let record = state.records.last else { return }
        for holder in Set([record.from, record.to]) where holder >= 0 {
          guard let row = HistoryQuery.row(frame.event, state, holder: holder) else { continue }
          replayed[holder, default: []].append(row)
        }
      })
      var compared = 0
      for holder in full.holders.indices.map(Int32.init) {
        let rows = replayed[holder] ?? []
        XCTAssertEqual(HistoryQuery.rows(full, holder: holder), rows, full.holders[Int(holder)].id)
        let fromRows = rows.filter { row in
          guard case .integer(let seq) = row[0] else { return false }
          return full.records[Int(seq) - 1].date >= from
        }
        XCTAssertEqual(HistoryQuery.rows(full, holder: holder, from: from), fromRows)
        compared += rows.count
      }
      XCTAssertGreaterThan(compared, 4_000)
    }
  }
}
