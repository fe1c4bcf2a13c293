import Foundation
import XCTest

@testable import FundLedger

/// A commit whose snapshot files cannot be written leaves no temporary file behind and publishes none.
final class SnapshotWriteFailureTests: XCTestCase {
  func testASummaryThatCannotBeWrittenLeavesNoTemporaryFiles() throws {
    let directory = Fixtures.directory()
    let ledger = try Fixtures.ledger(Fixtures.world, in: directory)
    let store = SnapshotStore(ledger: ledger, directory: directory + "/snaps")
    let writer = try LedgerWriter(ledger: ledger, snapshots: store)
    writer.snapshotEvery = 0
    let day1 = [
      Fixtures.move(.allocate, "a1", "2022-11-30", "mof", "xj", wan: "1200"),
      Fixtures.move(.redistribute, "r1", "2022-11-30", "xj", "urumqi", wan: "720"),
    ]
    let day2 = Fixtures.move(.disburse, "d1", "2023-02-21", "urumqi", "firm-a", wan: "120")
    for event in day1 + [day2] { XCTAssertTrue(writer.stage(event).isStaged) }
    // Two summaries: at the first day's end and where the commit ends. The second's temporary name is
    // taken, so the first is written and must then be removed.
    let seq = Int64(Fixtures.world.count + day1.count + 1)
    let summary = String(store.path(seq: seq).dropLast(5)) + ".summary"
    try FileManager.default.createDirectory(atPath: summary + ".tmp", withIntermediateDirectories: true)
    XCTAssertThrowsError(try writer.commit())
    writer.close()
    let left = try FileManager.default.contentsOfDirectory(atPath: directory + "/snaps")
    XCTAssertEqual(left.filter { $0.hasSuffix(".tmp") }, [(summary as NSString).lastPathComponent + ".tmp"])
    XCTAssertEqual(left.filter { $0.hasSuffix(".summary") }, [], "no summary is published")
    // The lines were on disk before the summaries failed: the ledger holds them, whole.
    XCTAssertEqual(try ledger.verify().violations, [])
    XCTAssertEqual(try ledger.load().state.records.count, Fixtures.world.count + 3)
  }

  /// Day-end summaries are written under temporary names while a batch is still being staged; a batch
  /// that is never committed (closed, or refused part way) leaves none of them behind.
  func testSummariesOfABatchNeverCommittedAreRemoved() throws {
    let directory = Fixtures.directory()
    let ledger = try Fixtures.ledger(Fixtures.world, in: directory)
    let store = SnapshotStore(ledger: ledger, directory: directory + "/snaps")
    let days = [
      Fixtures.move(.allocate, "a1", "2022-11-30", "mof", "xj", wan: "1200"),
      Fixtures.move(.redistribute, "r1", "2022-12-01", "xj", "urumqi", wan: "720"),
      Fixtures.move(.disburse, "d1", "2023-02-21", "urumqi", "firm-a", wan: "120"),
    ]
    let writer = try LedgerWriter(ledger: ledger, snapshots: store)
    writer.snapshotEvery = 0
    for event in days { XCTAssertTrue(writer.stage(event).isStaged) }
    writer.close()
    let afterClose = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/snaps")) ?? []
    XCTAssertEqual(afterClose.filter { $0.hasSuffix(".tmp") || $0.hasSuffix(".summary") }, [])

    // Refused at its last event, after two day ends were staged.
    let refused = days + [Fixtures.move(.disburse, "d2", "2023-02-22", "urumqi", "firm-a", wan: "100000")]
    XCTAssertThrowsError(
      try ledger.append(refused.enumerated().map { ($0.offset + 1, $0.element) }, snapshots: store))
    let afterRefusal = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/snaps")) ?? []
    XCTAssertEqual(afterRefusal.filter { $0.hasSuffix(".tmp") || $0.hasSuffix(".summary") }, [])
    XCTAssertEqual(try ledger.load().state.records.count, Fixtures.world.count)

    // Committed, the same days leave their summaries (the day before them, each of their days, and where
    // the commit ends) and no temporary file.
    _ = try ledger.append(days.enumerated().map { ($0.offset + 1, $0.element) }, snapshots: store)
    let committed = try FileManager.default.contentsOfDirectory(atPath: directory + "/snaps")
    XCTAssertEqual(committed.filter { $0.hasSuffix(".tmp") }, [])
    XCTAssertEqual(committed.filter { $0.hasSuffix(".summary") }.count, 4, "\(committed)")
  }
}
