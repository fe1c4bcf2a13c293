import Foundation
import XCTest

@testable import FundLedger

final class AuditTests: XCTestCase {
  typealias F = Fixtures

  func findings(_ events: [Event], at: String, rules: RuleSet = .builtIn, violations: [Violation] = []) throws
    -> [Finding]
  {
    let state = F.state(events)
    var engine = AuditEngine(rules: rules, state: state, at: F.date(at)) { date in
      var view = LedgerState()
      for event in events where event.date <= date { view.apply(event) }
      return view
    }
    engine.violations = violations
    return try engine.run()
  }

  func only(_ id: RuleSet.RuleID, days: Int32 = 30, threshold: Int64 = 10_000) -> RuleSet {
    var rule = RuleSet.builtIn.rule(id)!
    rule.days = days
    rule.thresholdBasisPoints = threshold
    return RuleSet(version: "test", rules: [rule])
  }

  func testPassDownCountsDaysAcrossMonthAndYearEnds() throws {
    let base = F.world + [F.move(.allocate, "a1", "2022-12-15", "mof", "xj", wan: "100")]
    // 2022-12-15 → 2023-01-14 is 30 days: within the limit.
    let onTime = try findings(
      base + [F.move(.redistribute, "r1", "2023-01-14", "xj", "urumqi", wan: "100")], at: "2023-01-14",
      rules: only(.passDown))
    XCTAssertEqual(onTime.filter { $0.severity != .info }, [])
    // 2023-01-15 is 31 days: late.
    let late = try findings(
      base + [F.move(.redistribute, "r1", "2023-01-15", "xj", "urumqi", wan: "100")], at: "2023-01-15",
      rules: only(.passDown))
    XCTAssertEqual(late.map(\.severity), [.warning])
    XCTAssertTrue(late[0].message.contains("31 days after it arrived"), late[0].message)
    XCTAssertEqual(late[0].events, ["a1", "r1"])
    // Across February of a leap year: 2024-01-31 → 2024-03-01 is 30 days.
    let leap =
      F.world + [
        F.move(.allocate, "a1", "2024-01-31", "mof", "xj", wan: "1", year: 2024),
        F.move(.redistribute, "r1", "2024-03-01", "xj", "urumqi", wan: "1", year: 2024),
      ]
    XCTAssertEqual(try findings(leap, at: "2024-03-01", rules: only(.passDown)), [])
    // Money still held past the limit is reported at the audit date.
    let held = try findings(base, at: "2023-02-01", rules: only(.passDown))
    XCTAssertEqual(held.count, 1)
    XCTAssertTrue(held[0].message.contains("still holds 100 万元 that arrived 2022-12-15, 48 days"), held[0].message)
  }

  func testPassDownCannotBeDecidedFromAMonth() throws {
    var allocate = F.move(.allocate, "a1", "2022-11-30", "mof", "xj", wan: "100")
    allocate.datePrecision = .month
    let events = F.world + [allocate, F.move(.redistribute, "r1", "2022-12-20", "xj", "urumqi", wan: "100")]
    let result = try findings(events, at: "2022-12-20", rules: only(.passDown))
    XCTAssertEqual(result.map(\.severity), [.info])
    XCTAssertTrue(result[0].message.hasPrefix("cannot be decided"), result[0].message)
    XCTAssertTrue(result[0].message.contains("known only to the month (2022-11)"))
    // Had it arrived on 2022-11-01 at the earliest and moved 2022-12-20, the gap is 20 to 49 days.
    XCTAssertTrue(result[0].message.contains("20 to 49 days"), result[0].message)
    // With the limit at 60 days, both ends are within it: no finding at all.
    XCTAssertEqual(try findings(events, at: "2022-12-20", rules: only(.passDown, days: 60)), [])
  }

  func testYearEndExecutionFiresUnderTheThresholdWithTheCarryOver() throws {
    let events = F.flow + [F.move(.disburse, "d2", "2023-06-01", "urumqi", "firm-b", wan: "312")]
    // Urumqi: 720 arrived, 432 paid (60%) by 2023-12-31.
    let result = try findings(events, at: "2024-01-10", rules: only(.yearEndExecution, threshold: 9_000))
    XCTAssertEqual(result.count, 1)
    XCTAssertEqual(result[0].holder, "urumqi")
    XCTAssertTrue(result[0].message.contains("executed 432 万元 of 720 万元 arrived (60.00%)"), result[0].message)
    XCTAssertTrue(result[0].message.contains("288 万元 carried over"), result[0].message)
    // Before the year has ended there is nothing to say; at 60% threshold it is quiet.
    XCTAssertEqual(try findings(events, at: "2023-12-30", rules: only(.yearEndExecution, threshold: 9_000)), [])
    XCTAssertEqual(try findings(events, at: "2024-01-10", rules: only(.yearEndExecution, threshold: 6_000)), [])
  }

  func testConservationAndEarmarkingQuietOnAValidLogAndLoudOnViolations() throws {
    XCTAssertEqual(try findings(F.flow, at: "2023-03-01", rules: only(.conservation)), [])
    XCTAssertEqual(try findings(F.flow, at: "2023-03-01", rules: only(.earmarking)), [])
    let overdraft = Violation(
      line: 13, eventID: "x",
      reason: .amountMustNotExceedBalance(
        holder: "urumqi", program: "small-giant", budgetYear: 2023, heldFen: 1, neededFen: 2))
    let crossing = Violation(line: 14, eventID: "y", reason: .fundedByMustMatchProgram(ref: "G"))
    let both = try findings(F.flow, at: "2023-03-01", violations: [overdraft, crossing])
    XCTAssertEqual(both.filter { $0.rule == "conservation" }.map(\.events), [["x"]])
    XCTAssertEqual(both.filter { $0.rule == "earmarking" }.map(\.events), [["y"]])
    XCTAssertEqual(both.filter { $0.severity == .error }.count, 2)
  }

  func claimEvent(_ claims: [(String, String, String, String?)]) -> Event {
    var event = Event(id: "report", type: .audit, date: F.date("2024-03-25"))
    event.auditor = "工信厅"
    event.scope = "自评"
    event.details = [
      ("as_of", .string("2023-12-31")),
      (
        "claims",
        .array(
          claims.map { label, holder, measure, value in
            var pairs: [(String, JSONValue)] = [
              ("label", .string(label)), ("holder", .string(holder)), ("measure", .string(measure)),
            ]
            if let value { pairs.append(("value", .string(value))) }
            return .object(pairs)
          })
      ),
    ]
    return event
  }

  func testClaimsMatchExactlyAfterRoundingOrNot() throws {
    let events =
      F.world + [
        F.move(.allocate, "a1", "2022-12-15", "mof", "xj", wan: "7900"),
        F.move(.redistribute, "r1", "2022-12-20", "xj", "urumqi", wan: "7900"),
        F.move(.disburse, "d1", "2023-06-01", "urumqi", "firm-a", wan: "7873.9983"),
        claimEvent([
          ("执行", "urumqi", "paid", "7873.9983"), ("执行", "urumqi", "paid", "7874"),
          ("执行率", "urumqi", "execution_rate", "99.67%"),
          ("执行", "urumqi", "paid", "7870"), ("执行率", "urumqi", "execution_rate", "99.60%"),
          ("到位", "urumqi", "arrived", "7900"),
        ]),
      ]
    let result = try findings(events, at: "2024-03-25", rules: only(.reportedFigures))
    XCTAssertEqual(result.count, 6)
    XCTAssertTrue(result[0].message.hasSuffix(": matches"), result[0].message)
    XCTAssertTrue(
      result[1].message.hasSuffix("matches after the report's rounding, difference 0.0017 万元"), result[1].message)
    XCTAssertTrue(result[2].message.contains("matches after the report's rounding"), result[2].message)
    XCTAssertTrue(result[3].message.hasSuffix("does not match, difference -3.9983 万元"), result[3].message)
    XCTAssertTrue(result[4].message.contains("does not match"), result[4].message)
    XCTAssertEqual(result.map(\.severity), [.info, .info, .info, .error, .error, .info])
  }

  func testAClaimNamingAnUnknownHolderIsRefusedAtAppend() {
    var state = F.state(F.flow)
    XCTAssertEqual(
      state.apply(claimEvent([("执行", "火星", "paid", "1")])), [.claimHolderMustExist(index: 0, holder: "火星")])
    XCTAssertEqual(
      state.apply(claimEvent([("执行", "urumqi", "velocity", "1")])).first?.code, "claimMustBeWellFormed")
    XCTAssertEqual(state.apply(claimEvent([("执行", "urumqi", "paid", nil)])).first?.code, "claimMustBeWellFormed")
    XCTAssertEqual(
      state.apply(claimEvent([("执行率", "urumqi", "execution_rate", "99.6")])).first?.code, "claimMustBeWellFormed")
  }

  func testRulesFilesAreCheckedAndRoundTrip() throws {
    XCTAssertEqual(try RuleSet.parse(Array(RuleSet.builtIn.json().utf8)), RuleSet.builtIn)
    func problem(_ text: String) -> String? {
      do {
        _ = try RuleSet.parse(Array(text.utf8))
        return nil
      } catch {
        return error.message
      }
    }
    XCTAssertTrue(problem(#"{"version":"1","rules":[{"id":"magic"}]}"#)!.contains("unknown rule \"magic\""))
    XCTAssertTrue(
      problem(#"{"version":"1","rules":[{"id":"pass-down","days":-5}]}"#)!.contains("days must be a whole number"))
    XCTAssertTrue(
      problem(#"{"version":"1","rules":[{"id":"pass-down","hours":5}]}"#)!.contains("unknown parameter \"hours\""))
    XCTAssertTrue(
      problem(#"{"version":"1","rules":[{"id":"year-end-execution","threshold":"120%"}]}"#)!.contains("threshold"))
    XCTAssertTrue(problem(#"{"version":"1","rules":[{"id":"conservation","severity":"fatal"}]}"#)!.contains("severity"))
    XCTAssertTrue(problem(#"{"rules":[]}"#)!.contains("version"))
    XCTAssertNotNil(problem("not json"))
    let custom = try RuleSet.parse(
      Array(#"{"version":"v2","rules":[{"id":"pass-down","days":45,"levels":["prefecture"],"severity":"error"}]}"#.utf8)
    )
    XCTAssertEqual(custom.rules.first?.days, 45)
    XCTAssertEqual(custom.rules.first?.levels, [.prefecture])
    XCTAssertEqual(custom.rules.first?.severity, .error)
  }

  func testDayIntervals() {
    let month = DayInterval(F.date("2022-11-30"), .month)
    XCTAssertEqual(month.low, F.date("2022-11-01").dayNumber)
    XCTAssertEqual(month.high, F.date("2022-11-30").dayNumber)
    let before = DayInterval(F.date("2022-12-20"), .before)
    XCTAssertEqual(before.days(until: DayInterval(F.date("2022-12-20"), .day)).high, DayInterval.unknownDays)
    XCTAssertEqual(DayInterval(F.date("2023-12-31"), .year).low, F.date("2023-01-01").dayNumber)
  }
}
