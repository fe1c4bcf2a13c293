import Foundation
import XCTest

@testable import FundLedger

/// Snapshots written automatically by appends (every N events and at month ends) give the same answers
/// as a full replay, at the end and at dates in between.
final class AutoSnapshotTests: XCTestCase {
  /// A new empty ledger named `name` in a fresh directory, its snapshot store and a writer on it.
  static func newLedger(_ name: String) throws -> (Ledger, SnapshotStore, LedgerWriter) {
    let directory = Fixtures.directory()
    let path = directory + "/\(name).jsonl"
    try Ledger.create(path: path)
    let ledger = Ledger(path: path)
    let store = SnapshotStore(ledger: ledger, directory: directory + "/snaps")
    return (ledger, store, try LedgerWriter(ledger: ledger, snapshots: store))
  }

  /// Stages `generator`'s events through `writer` as `generate` does: a commit at each month end of
  /// effective date (where the writer may leave a snapshot) and every `commitEvery` events; then closes it.
  static func generate(_ generator: Generator, into writer: LedgerWriter, commitEvery: Int) throws {
    var generator = generator
    var staged = 0
    var failure: Error?
    generator.run(
      state: { writer.state },
      propose: { event in
        if let last = writer.state.lastDate, last.parts.month != event.date.parts.month {
          do { try writer.commit(atMonthEnd: true) } catch { failure = error }
        }
        guard case .staged = writer.stage(event) else { return false }
        staged += 1
        if staged % commitEvery == 0 {
          do { try writer.commit() } catch { failure = error }
        }
        return true
      })
    try writer.commit()
    writer.close()
    XCTAssertNil(failure)
  }

  /// Full snapshots come every `snapshotEvery` events while the ledger is small, then after each fraction
  /// of it (their cost grows with the state); their companions (query, summary, register) still come every
  /// `snapshotEvery`, and month ends between get a query snapshot alone.
  func testFullSnapshotsSpreadAsTheLedgerGrowsAndMonthEndsGetQuerySnapshots() throws {
    let (ledger, store, writer) = try Self.newLedger("spread")
    (writer.snapshotEvery, writer.snapshotSpacingDivisor, writer.monthEndSnapshotEventsMin) = (200, 4, 50)
    (writer.fullSnapshotsKept, writer.querySnapshotsKept) = (1_000, 1_000)
    let commitEvery = 40
    try Self.generate(Generator.small(eventCount: 4_000, seed: 7), into: writer, commitEvery: commitEvery)
    let full = store.list().map(\.seq).reversed() as [Int64]
    XCTAssertGreaterThan(full.count, 4)
    for (earlier, later) in zip(full, full.dropFirst()) {
      let spacing = max(200, earlier / 4)
      // Due once the spacing has passed, taken at the next commit (at most `commitEvery` events later).
      XCTAssertGreaterThanOrEqual(later - earlier, spacing, "full snapshots at \(earlier) and \(later)")
      XCTAssertLessThan(later - earlier, spacing + Int64(commitEvery), "full snapshots at \(earlier) and \(later)")
    }
    XCTAssertGreaterThan(full.last! - full[full.count - 2], 200, "the spacing grew with the ledger")
    // Register snapshots (with query and summary) beside every full one and every `snapshotEvery` between.
    let registers = store.listRegisters().map(\.seq).reversed() as [Int64]
    XCTAssertTrue(Set(registers).isSuperset(of: full))
    XCTAssertGreaterThan(registers.count, full.count + 4)
    for (earlier, later) in zip(registers, registers.dropFirst()) {
      // A full snapshot keeps its own schedule, so it may follow companions closely.
      if !full.contains(later) {
        XCTAssertGreaterThanOrEqual(later - earlier, 200, "register snapshots at \(earlier) and \(later)")
      }
      XCTAssertLessThan(later - earlier, 200 + Int64(commitEvery), "register snapshots at \(earlier) and \(later)")
    }
    // Every register snapshot has a query snapshot beside it; the others stand at month ends.
    let replayed = try ledger.load().state
    let queries = Set(store.listQueries().map(\.seq))
    XCTAssertTrue(queries.isSuperset(of: registers))
    let alone = queries.subtracting(registers).sorted()
    XCTAssertGreaterThan(alone.count, 2)
    for seq in alone {
      let date = replayed.records[Int(seq) - 1].date
      if Int(seq) < replayed.records.count {
        XCTAssertNotEqual(replayed.records[Int(seq)].date.parts.month, date.parts.month, "query snapshot at \(seq)")
      }
      let bound = ReplayBound(date: date)
      let view = try XCTUnwrap(store.loadQueryView(bound: bound), "query snapshot at \(seq)")
      let expected = try ledger.load(bound: bound).state
      XCTAssertEqual(view.loaded.state.lastSeq, expected.lastSeq)
      XCTAssertEqual(
        BalanceQuery.run(view.loaded.state, BalanceQuery.Options()), BalanceQuery.run(expected, BalanceQuery.Options()))
    }
    XCTAssertEqual(try store.load().loaded.state, replayed)
    // A writer opened later counts from the newest companions, not from the full snapshot before them:
    // the second of two one-event appends writes none (the first may, if enough events came since).
    let parent = try XCTUnwrap(replayed.holders.last { $0.level == .prefecture }).id
    let lastDate = try XCTUnwrap(replayed.lastDate).description
    var registersAfterFirst: [Int64] = []
    for n in 1...2 {
      let later = try LedgerWriter(ledger: ledger, snapshots: store)
      // Companions after 20 events (the newest full snapshot stands about 40 before the end); no full one.
      (later.snapshotEvery, later.snapshotSpacingDivisor) = (20, 1)
      (later.fullSnapshotsKept, later.querySnapshotsKept) = (1_000, 1_000)
      guard
        case .staged = later.stage(Fixtures.open("late-\(n)", "后来的企业\(n)", .recipient, parent: parent, date: lastDate))
      else { return XCTFail("the open was refused") }
      try later.commit()
      later.close()
      if n == 1 {
        registersAfterFirst = store.listRegisters().map(\.seq)
        XCTAssertGreaterThan(replayed.lastSeq + 1 - full.last!, 20, "the test needs the full snapshot that far back")
      } else {
        XCTAssertEqual(store.listRegisters().map(\.seq), registersAfterFirst)
      }
    }
    // A register snapshot written without a full one serves `history` as a replay's register reads.
    let companion = try XCTUnwrap(registers.last { !full.contains($0) && Int($0) < replayed.records.count })
    let through = replayed.records[Int(companion) - 1].date
    let expected = try ledger.load(bound: ReplayBound(date: through)).state
    for index in stride(from: 0, to: expected.holders.count, by: 9) {
      let id = expected.holders[index].id
      guard case .served(let register) = try store.history(holder: id, through: through).outcome else {
        return XCTFail("\(id) not served by a register snapshot")
      }
      XCTAssertEqual(HistoryQuery.rows(register.entries), HistoryQuery.rows(expected, holder: Int32(index)))
    }
  }

  func testAutomaticSnapshotsAnswerLikeAFullReplay() throws {
    let (ledger, store, writer) = try Self.newLedger("auto")
    writer.snapshotEvery = 700
    writer.monthEndSnapshotEventsMin = 200
    writer.fullSnapshotsKept = 2
    try Self.generate(Generator.small(eventCount: 3_000, seed: 31), into: writer, commitEvery: 250)
    let snapshots = store.listQueries()
    XCTAssertGreaterThan(snapshots.count, 4, "snapshots every 700 events and at month ends")
    XCTAssertEqual(store.list().count, 2, "only the newest full snapshots are kept; every query snapshot is")
    let full = try ledger.load()
    let viaSnapshot = try store.load()
    XCTAssertNotNil(viaSnapshot.snapshotPath)
    XCTAssertEqual(viaSnapshot.loaded.state, full.state)
    // At dates in between, the view from the nearest snapshot equals a full replay to that date.
    let dates = Set(full.state.records.map(\.date)).sorted()
    for date in stride(from: 0, to: dates.count, by: max(1, dates.count / 9)).map({ dates[$0] }) {
      let bound = ReplayBound(date: date)
      let fromSnapshot = try store.load(bound: bound)
      let replayed = try ledger.load(bound: bound)
      XCTAssertEqual(fromSnapshot.loaded.state, replayed.state, "as of \(date)")
      let options = StatusQuery.Options(at: date)
      XCTAssertEqual(StatusQuery.run(fromSnapshot.loaded.state, options), StatusQuery.run(replayed.state, options))
    }
    // A query snapshot (registry and accounts only) serves a bound it covers exactly, with the same
    // status and balance tables as a full replay; a bound it does not cover exactly is not served.
    var served = 0
    for (seq, _) in snapshots {
      let date = full.state.records[Int(seq) - 1].date
      let bound = ReplayBound(date: date)
      let replayed = try ledger.load(bound: bound).state
      guard let view = store.loadQueryView(bound: bound) else { continue }
      served += 1
      // Served only when nothing after the snapshot falls within the bound: the same prefix.
      XCTAssertEqual(view.loaded.state.lastSeq, replayed.lastSeq, "as of \(date)")
      let options = StatusQuery.Options(at: date)
      XCTAssertEqual(StatusQuery.run(view.loaded.state, options), StatusQuery.run(replayed, options))
      XCTAssertEqual(
        BalanceQuery.run(view.loaded.state, BalanceQuery.Options()), BalanceQuery.run(replayed, BalanceQuery.Options()))
      // The query state has no holder index; lookups by id and by name scan and find the same holders.
      for index in stride(from: 0, to: replayed.holders.count, by: 7) {
        let holder = replayed.holders[index]
        XCTAssertEqual(view.loaded.state.holder(named: holder.id), Int32(index))
        XCTAssertEqual(view.loaded.state.holder(named: holder.name), Int32(index))
      }
      XCTAssertNil(view.loaded.state.holder(named: "no such holder"))
    }
    // The register snapshots the writer left (the newest two, pruned with the full ones) give the
    // registers of a full replay.
    XCTAssertEqual(store.listRegisters().map(\.seq), store.list().map(\.seq))
    for index in stride(from: 0, to: full.state.holders.count, by: 5) {
      let holder = full.state.holders[index]
      guard case .served(let register) = try store.history(holder: holder.id, through: nil).outcome else {
        return XCTFail("\(holder.id) not served by a register snapshot")
      }
      XCTAssertEqual(HistoryQuery.rows(register.entries), HistoryQuery.rows(full.state, holder: Int32(index)))
    }
    // A date between snapshots is not served by one.
    let between = full.state.records[Int(snapshots.last!.seq) + 5].date
    if full.state.records[Int(snapshots.last!.seq) + 6].date == between {
      XCTAssertNil(store.loadQueryView(bound: ReplayBound(date: between)))
    }
    XCTAssertGreaterThan(served, 0)

    // A summary snapshot (holders above the recipients, figures summed per program and year) gives the
    // same status tables by region and by program, and the same shallow balance, as a full replay.
    // Appends also take one at every day end of effective date, and one where each commit ends: every
    // date is covered, the last one too.
    let summaries = store.listSummaries()
    let days = Set(full.state.records.map(\.date))
    XCTAssertGreaterThanOrEqual(summaries.count, days.count)
    for date in days.sorted() {
      XCTAssertNotNil(store.summaryView(bound: ReplayBound(date: date)).view, "as of \(date)")
    }
    XCTAssertEqual(store.summaryView(bound: .end).view?.loaded.state.lastSeq, full.state.lastSeq)
    var summarised = 0
    for (seq, _) in stride(from: 0, to: summaries.count, by: max(1, summaries.count / 12)).map({ summaries[$0] }) {
      let date = full.state.records[Int(seq) - 1].date
      let bound = ReplayBound(date: date)
      guard let view = store.summaryView(bound: bound).view else { continue }
      summarised += 1
      let summary = view.loaded.state
      let replayed = try ledger.load(bound: bound).state
      XCTAssertTrue(summary.holders.allSatisfy { $0.level != .recipient })
      XCTAssertEqual(summary.lastSeq, replayed.lastSeq)
      var options = StatusQuery.Options(at: date)
      XCTAssertEqual(StatusQuery.run(summary, options), StatusQuery.run(replayed, options), "as of \(date)")
      options.grouping = .program
      XCTAssertEqual(StatusQuery.run(summary, options), StatusQuery.run(replayed, options))
      options.year = full.state.records.last.map { Int32($0.date.parts.year) }
      XCTAssertEqual(StatusQuery.run(summary, options), StatusQuery.run(replayed, options))
      // One province's rows, and a balance two levels deep from the top (provinces and prefectures).
      let province = replayed.holders.firstIndex { $0.level == .province }.map(Int32.init)!
      options = StatusQuery.Options(at: date)
      options.parent = summary.holder(named: replayed.holders[Int(province)].id)
      var replayedOptions = StatusQuery.Options(at: date)
      replayedOptions.parent = province
      XCTAssertEqual(StatusQuery.run(summary, options), StatusQuery.run(replayed, replayedOptions))
      var balance = BalanceQuery.Options()
      balance.depth = 1
      XCTAssertEqual(BalanceQuery.run(summary, balance), BalanceQuery.run(replayed, balance))
      balance.program = summary.program(named: "prog1")
      XCTAssertEqual(BalanceQuery.run(summary, balance), BalanceQuery.run(replayed, balance))
    }
    XCTAssertGreaterThan(summarised, 0)

    // One more event on the last day (no day end): the commit's own summary serves the end, as a replay.
    let payer = full.state.holders.firstIndex { $0.level == .prefecture }!
    let key = full.state.accounts.keys.enumerated().first { slot, key in
      Int(key.holder) == payer && full.state.accounts.values[slot].heldFen >= 100
    }!.element
    let recipient = full.state.holders.first { $0.level == .recipient && $0.parent == Int32(payer) }!
    let last = full.state.records.last!.date.description
    _ = try ledger.append(
      [
        (
          1,
          Fixtures.move(
            .disburse, "same-day", last, full.state.holders[payer].id, recipient.id, wan: "0.0001",
            program: full.state.programs[Int(key.program)].id, year: Int64(key.budgetYear))
        )
      ], snapshots: store)
    let after = try ledger.load().state
    let end = try XCTUnwrap(store.summaryView(bound: .end).view).loaded.state
    XCTAssertEqual(end.lastSeq, after.lastSeq)
    let options = StatusQuery.Options(at: after.lastDate!)
    XCTAssertEqual(StatusQuery.run(end, options), StatusQuery.run(after, options))

    // Another on the same day supersedes that summary, which goes; the day-end ones stay.
    var again = Fixtures.move(
      .disburse, "same-day-2", last, full.state.holders[payer].id, recipient.id, wan: "0.0001",
      program: full.state.programs[Int(key.program)].id, year: Int64(key.budgetYear))
    again.note = "a second event on the last day"
    _ = try ledger.append([(1, again)], snapshots: store)
    let seqs = Set(store.listSummaries().map(\.seq))
    XCTAssertFalse(seqs.contains(after.lastSeq), "superseded by the next commit's summary on the same day")
    XCTAssertTrue(seqs.contains(after.lastSeq + 1))
    let lastDay = full.state.records.last!.date
    for (seq, _) in summaries where full.state.records[Int(seq) - 1].date < lastDay {
      XCTAssertTrue(seqs.contains(seq), "the day-end summary at \(seq)")
    }
    for date in days.sorted() {
      XCTAssertNotNil(store.summaryView(bound: ReplayBound(date: date)).view, "as of \(date)")
    }
  }
}
