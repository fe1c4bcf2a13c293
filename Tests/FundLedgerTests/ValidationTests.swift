import XCTest

@testable import FundLedger

final class ValidationTests: XCTestCase {
  typealias F = Fixtures

  func testTypicalFlowBalances() {
    let state = F.state(F.flow)
    let program = state.program(named: "small-giant")!
    func held(_ holder: String) -> Int64 {
      state.accounts[AccountKey(holder: state.holder(named: holder)!, program: program, budgetYear: 2023)]?.heldFen ?? 0
    }
    XCTAssertEqual(held("xj"), try Money.parse("480"))
    XCTAssertEqual(held("urumqi"), try Money.parse("600"))
    XCTAssertEqual(held("firm-a"), try Money.parse("120"))
  }

  func testOverdraftIsRefusedAndStateUnchanged() {
    var state = F.state(F.flow)
    let before = state
    let reasons = state.apply(F.move(.disburse, "d2", "2023-03-01", "urumqi", "firm-b", wan: "600.000001"))
    guard case .amountMustNotExceedBalance(let holder, _, _, let held, let needed)? = reasons.first else {
      return XCTFail("\(reasons)")
    }
    XCTAssertEqual(holder, "urumqi")
    XCTAssertEqual(held, 600_000_000)
    XCTAssertEqual(needed, 600_000_001)
    XCTAssertEqual(state, before)
  }

  func testMoneyDoesNotCrossPrograms() {
    var state = F.state(F.flow)
    let reasons = state.apply(F.move(.disburse, "d2", "2023-03-01", "urumqi", "firm-b", wan: "1", program: "guarantee"))
    XCTAssertEqual(reasons.first?.code, "amountMustNotExceedBalance")
    let otherYear = state.apply(F.move(.disburse, "d3", "2023-03-01", "urumqi", "firm-b", wan: "1", year: 2024))
    XCTAssertEqual(otherYear.first?.code, "amountMustNotExceedBalance")
  }

  func testPaymentDatedBeforeTheMoneyArrivedIsRefused() {
    var state = F.state(F.world + [F.move(.allocate, "a1", "2022-11-30", "mof", "xj", wan: "1200")])
    XCTAssertEqual(
      state.apply(F.move(.redistribute, "r0", "2022-11-29", "xj", "urumqi", wan: "1")),
      [.dateMustNotPrecedeLatestEvent(latest: "2022-11-30")])
    // Same day is fine: the money is there by the end of it.
    XCTAssertEqual(state.apply(F.move(.redistribute, "r1", "2022-11-30", "xj", "urumqi", wan: "1")), [])
  }

  func testHoldersAndProgramsMustExistAndBeUnique() {
    var state = F.state(F.world)
    XCTAssertEqual(
      state.apply(F.move(.allocate, "a1", "2022-11-30", "mof", "nowhere", wan: "1")),
      [.holderMustExist(field: "to", value: "nowhere")])
    XCTAssertEqual(
      state.apply(F.move(.allocate, "a1", "2022-11-30", "mof", "xj", wan: "1", program: "nothing")),
      [.programMustExist(field: "program", value: "nothing")])
    XCTAssertEqual(state.apply(F.open("mof2", "财政部", .central)), [.holderMustBeNew(value: "财政部")])
    XCTAssertEqual(state.apply(F.open("x", "某", .prefecture, parent: "nobody")), [.parentMustExist(value: "nobody")])
    XCTAssertEqual(
      state.apply(F.open("x", "某", .province, parent: "urumqi")),
      [.levelMustBeBelowParent(level: "province", parentLevel: "prefecture")])
    var duplicate = F.define("guarantee", "x")
    duplicate.id = "define-again"
    XCTAssertEqual(state.apply(duplicate), [.programMustBeNew(value: "guarantee")])
    XCTAssertEqual(
      state.apply(F.define("r", "区级", .regional, parent: "central-sme")),
      [.parentProgramMustHaveSameSource(parent: "central-sme")])
  }

  func testIdsAreUnique() {
    var state = F.state(F.flow)
    XCTAssertEqual(
      state.apply(F.move(.disburse, "d1", "2023-03-01", "urumqi", "firm-b", wan: "1")), [.idMustBeUnique(id: "d1")])
  }

  func testDirectionRules() {
    var state = F.state(F.flow)
    XCTAssertEqual(
      state.apply(F.move(.redistribute, "x1", "2023-03-01", "urumqi", "hami", wan: "1")),
      [.redistributionMustGoBelowSender(from: "urumqi", to: "hami")])
    XCTAssertEqual(
      state.apply(F.move(.disburse, "x2", "2023-03-01", "xj", "urumqi", wan: "1")),
      [.disbursementMustGoToRecipient(to: "urumqi")])
    XCTAssertEqual(
      state.apply(F.move(.redistribute, "x3", "2023-03-01", "firm-a", "firm-b", wan: "1")).map(\.code),
      ["recipientMustNotPassMoneyOn", "redistributionMustGoBelowSender"])
    XCTAssertEqual(
      state.apply(F.move(.allocate, "x4", "2023-03-01", "urumqi", "hami", wan: "1")),
      [.issuerMustBeCentralOrProvince(holder: "urumqi")])
    XCTAssertEqual(
      state.apply(F.move(.allocate, "x5", "2023-03-01", "xj", "urumqi", wan: "1")),
      [.issuerMustMatchProgramSource(source: "central", level: "province")])
    XCTAssertEqual(
      state.apply(F.move(.redistribute, "x6", "2023-03-01", "xj", "xj", wan: "1")).first,
      .moneyMustMoveToAnotherHolder)
    XCTAssertEqual(
      state.apply(F.move(.allocate, "x7", "2023-03-01", "mof", "xj", wan: "1", year: 2030)),
      [.budgetYearMustBeNearDate(budgetYear: 2030, date: "2023-03-01")])
  }

  func testReturnGoesBackUpThePath() {
    var state = F.state(F.flow)
    XCTAssertEqual(
      state.apply(F.move(.return, "b1", "2023-03-01", "urumqi", "mof", wan: "1")),
      [.returnMustGoUpThePath(from: "urumqi", to: "mof")])
    XCTAssertEqual(state.apply(F.move(.return, "b2", "2023-03-01", "urumqi", "xj", wan: "100")), [])
    let program = state.program(named: "small-giant")!
    let xj = AccountKey(holder: state.holder(named: "xj")!, program: program, budgetYear: 2023)
    XCTAssertEqual(state.accounts[xj]?.heldFen, try Money.parse("580"))
    XCTAssertEqual(state.accounts[xj]?.returnedInFen, try Money.parse("100"))
  }

  func testCorrectionsReverseOnceAndOnlyWhatIsStillHeld() {
    var state = F.state(F.flow)
    let program = state.program(named: "small-giant")!
    let urumqi = AccountKey(holder: state.holder(named: "urumqi")!, program: program, budgetYear: 2023)
    // r1 funded d1, so reversing r1 needs its 720 back at Urumqi: only 600 is.
    XCTAssertEqual(
      state.apply(F.correct("c0", "2023-03-01", target: "r1")).first?.code, "correctedMoneyMustStillBeHeld")
    XCTAssertEqual(state.apply(F.correct("c1", "2023-03-01", target: "d1")), [])
    XCTAssertEqual(state.accounts[urumqi]?.heldFen, try Money.parse("720"))
    XCTAssertEqual(state.accounts[urumqi]?.paidFen, 0)
    XCTAssertEqual(
      state.apply(F.correct("c2", "2023-03-02", target: "d1")),
      [.correctionTargetMustNotBeCorrected(target: "d1", by: "c1")])
    XCTAssertEqual(
      state.apply(F.correct("c3", "2023-03-02", target: "nope")), [.correctionTargetMustExist(target: "nope")])
    XCTAssertEqual(
      state.apply(F.correct("c4", "2023-03-02", target: "open-mof")),
      [.correctionTargetMustBeCorrectable(target: "open-mof", type: "open")])
    // Now the 720 is all at Urumqi again, so r1 can be reversed.
    XCTAssertEqual(state.apply(F.correct("c5", "2023-03-02", target: "r1")), [])
    XCTAssertEqual(state.accounts[urumqi]?.heldFen, 0)
  }

  func testFundedByMustMatchAndCover() {
    var state = F.state(
      F.world + [
        F.move(.allocate, "a1", "2022-11-30", "mof", "xj", wan: "100", doc: "A"),
        F.move(.allocate, "a2", "2022-12-01", "mof", "xj", wan: "50", doc: "B"),
        F.move(.allocate, "g1", "2022-12-01", "mof", "xj", wan: "50", program: "guarantee", doc: "G"),
      ])
    XCTAssertEqual(
      state.apply(F.move(.redistribute, "r1", "2022-12-02", "xj", "urumqi", wan: "60", fundedBy: ["B"])),
      [.fundedByMustCoverAmount(availableFen: 50_000_000, neededFen: 60_000_000)])
    XCTAssertEqual(
      state.apply(F.move(.redistribute, "r2", "2022-12-02", "xj", "urumqi", wan: "10", fundedBy: ["G"])),
      [.fundedByMustMatchProgram(ref: "G")])
    XCTAssertEqual(
      state.apply(F.move(.redistribute, "r3", "2022-12-02", "xj", "urumqi", wan: "10", fundedBy: ["nothing"])),
      [.fundedByMustExist(ref: "nothing")])
    XCTAssertEqual(
      state.apply(F.move(.redistribute, "r4", "2022-12-02", "xj", "urumqi", wan: "50", fundedBy: ["a2"])), [])
    // a2's lot is empty now; a1's is untouched: funded_by won over FIFO.
    let lotA1 = state.lots[Int(state.record(id: "a1")!.lotStart)]
    let lotA2 = state.lots[Int(state.record(id: "a2")!.lotStart)]
    XCTAssertEqual(lotA1.heldFen, 100_000_000)
    XCTAssertEqual(lotA2.heldFen, 0)
    XCTAssertEqual(
      state.apply(F.move(.disburse, "d1", "2022-12-03", "urumqi", "firm-a", wan: "1", fundedBy: ["a1"])),
      [.fundedByMustReachHolder(ref: "a1", holder: "urumqi")])
  }

  func testRandomLogsReplayToIdenticalState() {
    var generator = Generator.small(eventCount: 10_000, seed: 42)
    var built = LedgerState()
    let events = generator.events(into: &built)
    XCTAssertEqual(events.count, 10_000)
    XCTAssertGreaterThan(events.filter { $0.type == .disburse }.count, 5_000)
    XCTAssertGreaterThan(events.filter { $0.type == .correct }.count, 10)
    XCTAssertGreaterThan(events.filter { $0.type == .return }.count, 10)
    let first = F.state(events)
    let second = F.state(events)
    XCTAssertEqual(first, second)
    XCTAssertEqual(first, built)
    // Conservation on every account.
    for (_, account) in first.accounts {
      XCTAssertEqual(
        account.arrivedFen + account.returnedInFen,
        account.passedDownFen + account.paidFen + account.returnedOutFen + account.heldFen)
      XCTAssertGreaterThanOrEqual(account.heldFen, 0)
    }
  }
}
