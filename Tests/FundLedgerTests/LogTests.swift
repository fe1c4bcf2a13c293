import Foundation
import XCTest

@testable import FundLedger

final class LogTests: XCTestCase {
  typealias F = Fixtures

  func bytes(_ ledger: Ledger) -> [UInt8] { Array(FileManager.default.contents(atPath: ledger.path)!) }
  func write(_ ledger: Ledger, _ bytes: [UInt8]) {
    FileManager.default.createFile(atPath: ledger.path, contents: Data(bytes))
  }

  func testAppendChainsAndReplays() throws {
    let ledger = try F.ledger(F.flow)
    let loaded = try ledger.load()
    XCTAssertEqual(loaded.summary.linesRead, F.flow.count)
    XCTAssertEqual(loaded.state.lastSeq, Int64(F.flow.count))
    XCTAssertEqual(loaded.state, F.state(F.flow).withLedgerFields(of: loaded.state))
    let lines = bytes(ledger).split(separator: 0x0A)
    XCTAssertEqual(SHA256.hex(lines[0]), try EventCodec.decode(Array(lines[1]), mode: .stored).prev)
    let verification = try ledger.verify()
    XCTAssertNil(verification.damage)
    XCTAssertEqual(verification.violations, [])
  }

  func testIdempotentReappendAndConflictingID() throws {
    let ledger = try F.ledger(F.flow)
    let size = bytes(ledger).count
    let again = try ledger.append([(1, F.flow.last!)])
    XCTAssertNil(again.writtenSeqs)
    XCTAssertEqual(again.writtenCount, 0)
    XCTAssertEqual(again.alreadyPresent, ["d1"])
    XCTAssertEqual(bytes(ledger).count, size)
    var changed = F.flow.last!
    changed.amountFen = 1
    XCTAssertThrowsError(try ledger.append([(1, changed)])) {
      XCTAssertEqual(
        $0 as? LedgerError, .rejected([Violation(line: 1, eventID: "d1", reason: .idMustBeUnique(id: "d1"))]))
    }
    XCTAssertEqual(bytes(ledger).count, size)
  }

  /// Lines are made on another thread after their events are applied (`LineEncoder`): an id repeated
  /// within one batch is still compared with the line staged for it, and every record gets its line's
  /// offset.
  func testRepeatedIDWithinOneBatch() throws {
    let ledger = try F.ledger(F.flow)
    let size = bytes(ledger).count
    let event = F.move(.disburse, "twice", "2023-03-01", "urumqi", "firm-b", wan: "10")
    let outcome = try ledger.append([(1, event), (2, event)])
    XCTAssertEqual(outcome.writtenCount, 1)
    XCTAssertEqual(outcome.alreadyPresent, ["twice"])
    var changed = F.move(.disburse, "other", "2023-03-01", "urumqi", "firm-b", wan: "10")
    let grown = bytes(ledger)
    XCTAssertThrowsError(
      try ledger.append([
        (1, changed),
        (
          2,
          {
            changed.amountFen = 1
            return changed
          }()
        ),
      ])
    ) {
      XCTAssertEqual(
        $0 as? LedgerError, .rejected([Violation(line: 2, eventID: "other", reason: .idMustBeUnique(id: "other"))]))
    }
    XCTAssertEqual(bytes(ledger), grown)
    XCTAssertGreaterThan(grown.count, size)
    let state = try ledger.load().state
    let lines = grown.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
    var offset = 0
    for (record, line) in zip(state.records, lines) {
      XCTAssertEqual(record.lineOffset, Int64(offset), record.id)
      offset += line.count + 1
    }
  }

  /// A line longer than the log takes is found once it is made, after its event was applied: the batch is
  /// refused naming its input line, in line order with the other refusals, and nothing is written.
  func testOverlongLineRefusesTheBatch() throws {
    let ledger = try F.ledger(F.flow)
    let before = bytes(ledger)
    var long = F.move(.disburse, "long", "2023-03-02", "urumqi", "firm-b", wan: "1")
    long.note = String(repeating: "长", count: LineScanner.lineBytesMax / 3 + 1)
    let batch: [(line: Int, event: Event)] = [
      (7, F.move(.disburse, "short", "2023-03-01", "urumqi", "firm-b", wan: "1")),
      (8, long),
      (9, F.move(.disburse, "after", "2023-03-03", "urumqi", "firm-b", wan: "1")),
      (10, F.move(.disburse, "overdraft", "2023-03-04", "urumqi", "firm-b", wan: "100000")),
    ]
    XCTAssertThrowsError(try ledger.append(batch)) { error in
      guard case .rejected(let violations)? = error as? LedgerError else { return XCTFail("\(error)") }
      XCTAssertEqual(violations.map(\.line), [8, 10])
      XCTAssertEqual(violations.map(\.eventID), ["long", "overdraft"])
      guard case .lineMustFitTheLimit(let bytes, let limit)? = violations.first?.reason else { return XCTFail() }
      XCTAssertGreaterThan(bytes, limit)
    }
    XCTAssertEqual(bytes(ledger), before)
    XCTAssertNil(try ledger.verify().damage)
  }

  func testBatchIsAllOrNothingAndNamesEveryBadLine() throws {
    let ledger = try F.ledger(F.flow)
    let before = bytes(ledger)
    let batch: [(line: Int, event: Event)] = [
      (1, F.move(.disburse, "ok1", "2023-03-01", "urumqi", "firm-b", wan: "10")),
      (2, F.move(.disburse, "bad1", "2023-03-01", "urumqi", "firm-b", wan: "10000")),
      (3, F.move(.disburse, "bad2", "2023-03-01", "urumqi", "ghost", wan: "1")),
    ]
    XCTAssertThrowsError(try ledger.append(batch)) { error in
      guard case .rejected(let violations)? = error as? LedgerError else { return XCTFail("\(error)") }
      XCTAssertEqual(violations.map(\.line), [2, 3])
    }
    XCTAssertEqual(bytes(ledger), before)
  }

  /// Staging hands `apply` the numbers `canonicalize` found (`ResolvedNames`): movements named by Chinese
  /// names reach the same state as by ids, are written with ids, and an unknown name is still refused by
  /// `apply`'s own lookup, naming its field.
  func testStagingByNamesMatchesApplyingByIDs() throws {
    let byName = try F.ledger(F.flow)
    let byID = try F.ledger(F.flow)
    var named = F.move(.disburse, "n1", "2023-03-01", "乌鲁木齐市", "新疆德安环保科技股份有限公司", wan: "10")
    named.program = "专精特新小巨人"
    let plain = F.move(.disburse, "n1", "2023-03-01", "urumqi", "firm-b", wan: "10")
    XCTAssertEqual(try byName.append([(1, named)]).writtenCount, 1)
    XCTAssertEqual(try byID.append([(1, plain)]).writtenCount, 1)
    let stateByName = try byName.load().state
    XCTAssertEqual(stateByName, try byID.load().state.withLedgerFields(of: stateByName))
    let last = try XCTUnwrap(String(decoding: bytes(byName), as: UTF8.self).split(separator: "\n").last)
    XCTAssertTrue(last.contains(#""from":"urumqi","to":"firm-b""#), String(last))
    XCTAssertFalse(last.contains("乌鲁木齐市"))

    let before = bytes(byName)
    let unknown = F.move(.disburse, "n2", "2023-03-01", "乌鲁木齐市", "无此企业", wan: "1")
    XCTAssertThrowsError(try byName.append([(7, unknown)])) {
      XCTAssertEqual(
        $0 as? LedgerError,
        .rejected([Violation(line: 7, eventID: "n2", reason: .holderMustExist(field: "to", value: "无此企业"))]))
    }
    XCTAssertEqual(bytes(byName), before)
  }

  func testExpectSeq() throws {
    let ledger = try F.ledger(F.flow)
    let event = F.move(.disburse, "d2", "2023-03-01", "urumqi", "firm-b", wan: "10")
    XCTAssertThrowsError(try ledger.append([(1, event)], expectSeq: 3)) {
      XCTAssertEqual($0 as? LedgerError, .seqMismatch(expected: 3, actual: Int64(F.flow.count)))
    }
    XCTAssertEqual(try ledger.append([(1, event)], expectSeq: Int64(F.flow.count)).lastSeq, Int64(F.flow.count + 1))
  }

  func testAChangedByteIsFoundAtItsLine() throws {
    let ledger = try F.ledger(F.flow)
    var data = bytes(ledger)
    // Change the amount of line 11 (the redistribution of 720 万元): 720000000 → 720000001, still valid JSON.
    let lineStarts = [0] + data.indices.filter { data[$0] == 0x0A }.map { $0 + 1 }
    let line11 = Array(data[lineStarts[10]..<lineStarts[11]])
    let text = String(decoding: line11, as: UTF8.self)
    XCTAssertTrue(text.contains("720000000"))
    let changed = Array(text.replacingOccurrences(of: "720000000", with: "720000001").utf8)
    data.replaceSubrange(lineStarts[10]..<lineStarts[11], with: changed)
    write(ledger, data)
    let result = try ledger.verify()
    guard case .hashMismatch(let line, _, _)? = result.damage else {
      return XCTFail("\(String(describing: result.damage))")
    }
    XCTAssertEqual(line, 11)
    XCTAssertEqual(result.summary.lastSeq, 10)
    XCTAssertThrowsError(try ledger.load()) { XCTAssertEqual(($0 as? LedgerError)?.isDamage, true) }
  }

  func testTornTailIsDetectedAndRepairedKeepingEveryWholeEvent() throws {
    let ledger = try F.ledger(F.flow)
    let whole = bytes(ledger)
    let torn = Array(#"{"v":1,"seq":13,"id":"d2","ty"#.utf8)
    write(ledger, whole + torn)
    XCTAssertThrowsError(try ledger.load()) {
      XCTAssertEqual($0 as? LedgerError, .tornTail(line: 13, offset: Int64(whole.count), bytes: torn.count))
    }
    XCTAssertThrowsError(try ledger.append([(1, F.move(.disburse, "d2", "2023-03-01", "urumqi", "firm-b", wan: "1"))]))
    XCTAssertEqual(bytes(ledger), whole + torn, "append refuses to write after damage")
    let outcome = try ledger.repair()
    XCTAssertEqual(outcome.tornBytes, torn.count)
    XCTAssertEqual(outcome.keptEvents, 12)
    XCTAssertEqual(bytes(ledger), whole)
    XCTAssertEqual(Array(FileManager.default.contents(atPath: outcome.sidePath!)!), torn)
    XCTAssertEqual(try ledger.load().summary.linesRead, 12)
    XCTAssertEqual(try ledger.repair().tornBytes, 0)
  }

  func testALastLineWithoutItsNewlineIsTorn() throws {
    let ledger = try F.ledger(F.flow)
    let whole = bytes(ledger)
    write(ledger, Array(whole.dropLast()))
    let lastStart = whole.dropLast().lastIndex(of: 0x0A)! + 1
    XCTAssertThrowsError(try ledger.load()) {
      XCTAssertEqual(
        $0 as? LedgerError, .tornTail(line: 12, offset: Int64(lastStart), bytes: whole.count - 1 - lastStart))
    }
  }

  func testSeqGapBadJSONAndOverlongLineEachHaveTheirOwnError() throws {
    let ledger = try F.ledger(F.flow)
    let lines = bytes(ledger).split(separator: 0x0A).map(Array.init)
    // Drop line 5: line 6 then carries seq 6 where 5 is expected.
    write(ledger, (lines[0..<4] + lines[5...]).flatMap { $0 + [0x0A] })
    XCTAssertThrowsError(try ledger.load()) {
      XCTAssertEqual($0 as? LedgerError, .seqGap(line: 5, expected: 5, found: 6))
    }

    write(ledger, lines[0..<2].flatMap { $0 + [0x0A] } + Array("{not json\n".utf8))
    XCTAssertThrowsError(try ledger.load()) {
      guard case .badLine(3, _, .badJSON)? = $0 as? LedgerError else { return XCTFail("\($0)") }
    }

    write(ledger, lines[0..<2].flatMap { $0 + [0x0A] } + Array(#"{"id":"#.utf8) + [0x22, 0xFF, 0x22, 0x7D, 0x0A])
    XCTAssertThrowsError(try ledger.load()) {
      guard case .badLine(3, _, .badJSON(let json))? = $0 as? LedgerError else { return XCTFail("\($0)") }
      XCTAssertTrue(json.expected.contains("UTF-8"))
    }

    write(
      ledger,
      lines[0..<2].flatMap { $0 + [0x0A] } + [UInt8](repeating: 0x20, count: LineScanner.lineBytesMax + 10) + [0x0A])
    XCTAssertThrowsError(try ledger.load()) {
      guard case .lineTooLong(3, _, _)? = $0 as? LedgerError else { return XCTFail("\($0)") }
    }
  }

  func testEmptyLedgerIsValidAndMissingFileIsNamed() throws {
    let directory = F.directory()
    let ledger = try F.ledger([], in: directory)
    XCTAssertEqual(try ledger.load().summary.linesRead, 0)
    XCTAssertNil(try ledger.verify().damage)
    XCTAssertThrowsError(try Ledger.create(path: ledger.path)) {
      XCTAssertEqual($0 as? LedgerError, .fileExists(path: ledger.path))
    }
    XCTAssertThrowsError(try Ledger(path: directory + "/none.jsonl").load()) {
      XCTAssertEqual($0 as? LedgerError, .fileNotFound(path: directory + "/none.jsonl"))
    }
    XCTAssertThrowsError(try ledger.append([])) { XCTAssertEqual($0 as? LedgerError, .emptyInput) }
  }

  func testVerifyCollectsInvariantViolationsOfALogWrittenByOtherMeans() throws {
    let ledger = try F.ledger(F.world + [F.move(.allocate, "a1", "2022-11-30", "mof", "xj", wan: "100")])
    // Hand-write a correctly chained line that overdraws.
    let state = try ledger.load().state
    var event = F.move(.redistribute, "r1", "2022-12-01", "xj", "urumqi", wan: "150")
    event.seq = state.lastSeq + 1
    event.recorded = "2023-01-01T00:00:00.000Z"
    event.prev = state.lastHash
    write(ledger, bytes(ledger) + EventCodec.encode(event) + [0x0A])
    let result = try ledger.verify()
    XCTAssertNil(result.damage)
    XCTAssertEqual(result.violations.map(\.reason.code), ["amountMustNotExceedBalance"])
    XCTAssertEqual(result.violations.first?.line, 11)
    XCTAssertThrowsError(try ledger.load()) {
      guard case .invariantViolated? = $0 as? LedgerError else { return XCTFail("\($0)") }
    }
  }

  /// A writer used directly (as the generator does) refuses at its commit to write a batch with a line too
  /// long for the log, naming the line by its seq, and the file stays as it was.
  func testWriterCommitRefusesAnOverlongLine() throws {
    let ledger = try F.ledger(F.flow)
    let before = bytes(ledger)
    let writer = try LedgerWriter(ledger: ledger)
    defer { writer.close() }
    var long = F.move(.disburse, "long", "2023-03-02", "urumqi", "firm-b", wan: "1")
    long.note = String(repeating: "a", count: LineScanner.lineBytesMax)
    guard case .staged = writer.stage(long) else { return XCTFail("not staged") }
    XCTAssertEqual(writer.overlongLine()?.seq, Int64(F.flow.count + 1))
    XCTAssertThrowsError(try writer.commit()) { error in
      guard case .rejected(let violations)? = error as? LedgerError else { return XCTFail("\(error)") }
      XCTAssertEqual(violations.map(\.line), [F.flow.count + 1])
      XCTAssertEqual(violations.map(\.eventID), ["long"])
    }
    XCTAssertEqual(bytes(ledger), before)
  }

  /// A read works out the numbers of a movement's names ahead of `apply` (`NameMirror`), from the `open`
  /// events it has seen; once an `open` is refused they no longer match the state's, and `verify` must
  /// stop using them: a holder opened after the refused one gets another number in the state than in the
  /// mirror, and money paid to it must still reach it.
  func testVerifyAfterARefusedOpenStillFindsEveryHolder() throws {
    let ledger = try F.ledger(F.flow)
    var state = try ledger.load().state
    var data = bytes(ledger)
    var duplicate = F.open("urumqi", "再开一次", .prefecture, parent: "xj", date: "2023-03-01")
    duplicate.id = "open-urumqi-again"
    let events = [
      duplicate,
      F.open("late-firm", "后来的企业", .recipient, parent: "urumqi", date: "2023-03-01"),
      F.move(.disburse, "d-late", "2023-03-02", "urumqi", "late-firm", wan: "5"),
    ]
    for var event in events {
      event.seq = state.lastSeq + 1
      event.recorded = "2023-03-02T00:00:00.000Z"
      event.prevDigest = state.lastDigest
      let line = EventCodec.encode(event)
      data += line + [0x0A]
      state.lastSeq += 1
      state.lastDigest = SHA256.digest(line)
    }
    write(ledger, data)
    let result = try ledger.verify()
    XCTAssertNil(result.damage)
    XCTAssertEqual(result.violations.map(\.reason.code), ["holderMustBeNew"])
    XCTAssertEqual(result.violations.map(\.line), [F.flow.count + 1])
    let late = try XCTUnwrap(result.state.holder(named: "late-firm"))
    let program = try XCTUnwrap(result.state.program(named: "small-giant"))
    let account = result.state.accounts[AccountKey(holder: late, program: program, budgetYear: 2023)]
    XCTAssertEqual(account?.arrivedFen, 5_000_000)
    // Records do not store their seq: the refused line's seq is skipped, and a snapshot keeps the gap.
    let records = result.state.records
    XCTAssertEqual(result.state.skippedSeqs, [Int64(F.flow.count + 1)])
    XCTAssertEqual(records.count, F.flow.count + 2)
    XCTAssertEqual(result.state.seq(ofRecord: F.flow.count - 1), Int64(F.flow.count))
    XCTAssertEqual(records[F.flow.count].id, "open-late-firm")
    XCTAssertEqual(result.state.seq(ofRecord: F.flow.count), Int64(F.flow.count + 2))
    XCTAssertEqual(result.state.seq(ofRecord: F.flow.count + 1), Int64(F.flow.count + 3))
    let snapshot = Snapshot(
      state: result.state, next: LogReader.Start(offset: 0, line: 1, seq: 0, digest: .zero), lastLineOffset: 0,
      firstLineHash: LedgerState.genesisHash)
    XCTAssertEqual(try Snapshot.decode(snapshot.encode()).state, result.state)
  }

  func testGeneratedLedgerAppendsAndVerifies() throws {
    var generator = Generator.small(eventCount: 3_000, seed: 9)
    var state = LedgerState()
    let events = generator.events(into: &state)
    let ledger = try F.ledger(events)
    let result = try ledger.verify()
    XCTAssertNil(result.damage)
    XCTAssertEqual(result.violations, [])
    XCTAssertEqual(result.summary.linesRead, 3_000)
  }
}

extension LedgerState {
  /// This state with the ledger-assigned bookkeeping (recorded time, hash) of `other`, for comparing a
  /// replay of stamped lines with an in-memory apply of the same events.
  func withLedgerFields(of other: LedgerState) -> LedgerState {
    var copy = self
    copy.lastDigest = other.lastDigest
    copy.lastRecordedMillis = other.lastRecordedMillis
    for index in copy.records.indices where index < other.records.count {
      copy.records[index].lineOffset = other.records[index].lineOffset
    }
    return copy
  }
}
