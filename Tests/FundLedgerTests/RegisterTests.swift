import Foundation
import XCTest

@testable import FundLedger

/// `history` through a register snapshot (the holder's lines read from the log by offset, then the tail)
/// gives every holder's register as a replay to the same date does; damage refuses the file.
final class RegisterTests: XCTestCase {
  /// A generated ledger with a register snapshot taken halfway, and its store.
  private func ledgerWithRegister(seed: UInt64) throws -> (Ledger, SnapshotStore, LedgerState) {
    var generator = Generator.small(eventCount: 2_000, seed: seed)
    var state = LedgerState()
    var events = generator.events(into: &state)
    // After the register's point: a recipient opened, paid, and the payment corrected.
    let last = state.records.last!.date.description
    let (slot, key) = state.accounts.keys.enumerated().first { slot, key in
      state.holders[Int(key.holder)].level == .prefecture && state.accounts.values[slot].heldFen >= 100
    }!
    let payer = state.holders[Int(key.holder)].id
    var open = Fixtures.open("late-firm", "迟到企业", .recipient, parent: payer, date: last)
    open.aliases = ["迟到"]
    events += [
      open,
      Fixtures.move(
        .disburse, "late-pay", last, payer, "late-firm", wan: "0.0001", program: state.programs[Int(key.program)].id,
        year: Int64(key.budgetYear)),
      Fixtures.correct("late-fix", last, target: "late-pay"),
    ]
    XCTAssertGreaterThanOrEqual(state.accounts.values[slot].heldFen, 100)
    let ledger = try Fixtures.ledger(events)
    state = try ledger.load().state
    let store = SnapshotStore(ledger: ledger, directory: Fixtures.directory() + "/snaps")
    try store.write(try ledger.load(bound: ReplayBound(seqMax: Int64(state.records.count / 2))))
    XCTAssertEqual(store.listRegisters().count, 1)
    return (ledger, store, state)
  }

  /// The holders whose registers a test compares: all above the recipients, every seventh recipient, and
  /// the last ones (opened late).
  private func sample(_ state: LedgerState) -> [Holder] {
    state.holders.enumerated().filter { i, h in
      h.level != .recipient || i % 7 == 0 || i >= state.holders.count - 3
    }.map(\.element)
  }

  func testRegisterSnapshotAndTailGiveTheReplayedRegisters() throws {
    for seed: UInt64 in [51] {
      let (ledger, store, state) = try ledgerWithRegister(seed: seed)
      XCTAssertGreaterThan(state.records.filter { $0.type == .correct }.count, 5)
      let count = state.records.count
      // Before the register's point, at it, in the tail, and the whole log.
      let dates: [LedgerDate?] = [
        state.records[count / 5].date, state.records[count / 2 - 1].date, state.records[count * 3 / 4].date, nil,
      ]
      var served = 0
      var rowsCompared = 0
      for date in dates {
        let replay = try ledger.load(bound: ReplayBound(date: date)).state
        // Every holder of the whole log: some are opened only after the register's point, some after the date.
        for holder in sample(state) {
          let (outcome, refusals) = try store.history(holder: holder.name, through: date)
          XCTAssertTrue(refusals.isEmpty, "\(refusals)")
          guard let index = replay.holder(named: holder.id) else {
            guard case .unknownHolder = outcome else {
              return XCTFail("\(holder.id) is not open by \(String(describing: date))")
            }
            continue
          }
          guard case .served(let register) = outcome else { return XCTFail("\(holder.id): \(outcome)") }
          let expected = HistoryQuery.rows(replay, holder: index)
          XCTAssertEqual(
            HistoryQuery.rows(register.entries), expected, "\(holder.id) through \(String(describing: date))")
          XCTAssertEqual(register.lastSeq, replay.lastSeq)
          XCTAssertEqual(register.holderID, holder.id)
          served += 1
          rowsCompared += expected.count
        }
      }
      XCTAssertGreaterThan(served, 40)
      XCTAssertGreaterThan(rowsCompared, 2_000)
      // The holder opened after the register's point, found by its alias, with its payment and correction.
      guard case .served(let late) = try store.history(holder: "迟到", through: nil).outcome else {
        return XCTFail("the late holder")
      }
      XCTAssertEqual(late.entries.map(\.typeText), ["disburse", "correct(late-pay)"])
      XCTAssertFalse(late.entries[0].counterpartName.isEmpty)
      guard case .unknownHolder = try store.history(holder: "nobody", through: nil).outcome else {
        return XCTFail("an unknown holder")
      }
    }
  }

  /// The names of a set of ids, found by comparing bytes: ids of the same length as a wanted one but not
  /// it are passed over, ids the file does not hold are left out, and every holder the file holds is found.
  func testNamesOfIDsFindsExactlyTheWantedHolders() throws {
    let (_, store, _) = try ledgerWithRegister(seed: 53)
    let file = try RegisterFile(path: store.listRegisters()[0].path)
    let holders = (0..<Int32(file.holderCount)).map { file.holder(at: $0)! }
    let first = holders[1]
    let sameLength = holders.first { $0.id != first.id && $0.id.utf8.count == first.id.utf8.count }!
    let last = holders[holders.count - 1]
    let wanted: Set<String> = [first.id, last.id, "no-such-holder", String(first.id.dropLast()) + "#"]
    XCTAssertEqual(file.names(ofIDs: wanted), [first.id: first.name, last.id: last.name])
    XCTAssertNil(file.names(ofIDs: wanted)[sameLength.id])
    XCTAssertEqual(file.names(ofIDs: []), [:])
    let all = file.names(ofIDs: Set(holders.map(\.id)))
    XCTAssertEqual(all.count, holders.count)
    for holder in holders { XCTAssertEqual(all[holder.id], holder.name) }
  }

  func testDamagedRegisterIsRefusedAndChangedLinesAreNoticed() throws {
    let (ledger, store, state) = try ledgerWithRegister(seed: 57)
    let path = store.listRegisters()[0].path
    let original = try Data(contentsOf: URL(fileURLWithPath: path))
    let prefecture = state.holders.first { $0.level == .prefecture }!.id

    // A changed byte in the names (just after the header) refuses the whole file.
    let lengthAt = RegisterSnapshot.magic.count + 8
    let headerLength = Int(original[lengthAt..<(lengthAt + 8)].withUnsafeBytes { $0.loadUnaligned(as: Int64.self) })
    var bytes = original
    bytes[RegisterSnapshot.magic.count + 16 + headerLength + 40] ^= 0x01
    try bytes.write(to: URL(fileURLWithPath: path))
    var result = try store.history(holder: prefecture, through: nil)
    guard case .unavailable = result.outcome else { return XCTFail("\(result.outcome)") }
    XCTAssertEqual(result.refusals.map(\.reason), [.damaged])

    // A changed byte in the last posting refuses that holder's list only.
    bytes = original
    bytes[bytes.count - 1] ^= 0x01
    try bytes.write(to: URL(fileURLWithPath: path))
    var refused = 0
    for (index, holder) in state.holders.enumerated() {
      result = try store.history(holder: holder.id, through: nil)
      if case .served(let register) = result.outcome {
        XCTAssertEqual(HistoryQuery.rows(register.entries), HistoryQuery.rows(state, holder: Int32(index)))
      } else {
        XCTAssertEqual(result.refusals.map(\.reason), [.damaged])
        refused += 1
      }
    }
    XCTAssertEqual(refused, 1)

    // Truncated, or not a register at all.
    try original.prefix(RegisterSnapshot.magic.count + 16 + headerLength + 100).write(to: URL(fileURLWithPath: path))
    XCTAssertEqual(try store.history(holder: prefecture, through: nil).refusals.map(\.reason), [.damaged])
    try Data("hello".utf8).write(to: URL(fileURLWithPath: path))
    XCTAssertEqual(try store.history(holder: prefecture, through: nil).refusals.map(\.reason), [.notASnapshot])

    // A line the register points at was edited in place (same length, another holder): the holder's
    // register is refused as stale rather than shown with a line that is not its own.
    try original.write(to: URL(fileURLWithPath: path))
    var log = try String(contentsOfFile: ledger.path, encoding: .utf8).split(
      separator: "\n", omittingEmptySubsequences: false)
    let other = state.holders.last {
      $0.level == .prefecture && $0.id.count == prefecture.count && $0.id != prefecture
    }!.id
    let line = log.firstIndex { $0.contains("\"from\":\"\(prefecture)\"") && $0.contains("\"disburse\"") }!
    XCTAssertLessThan(line, state.records.count / 2, "the edited line lies before the register's point")
    log[line] = Substring(
      log[line].replacingOccurrences(of: "\"from\":\"\(prefecture)\"", with: "\"from\":\"\(other)\""))
    try log.joined(separator: "\n").write(toFile: ledger.path, atomically: true, encoding: .utf8)
    result = try store.history(holder: prefecture, through: nil)
    guard case .unavailable = result.outcome else { return XCTFail("\(result.outcome)") }
    guard case .stale? = result.refusals.first?.reason else { return XCTFail("\(result.refusals)") }
  }
}
