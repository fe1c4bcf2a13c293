import XCTest

@testable import FundLedger

final class ScoringTests: XCTestCase {
  typealias F = Fixtures

  func json(_ text: String) -> JSONValue { try! JSONParser.parse(Array(text.utf8)) }

  /// A one-group evaluation of weight 100 made of the given indicators, checked against a small ledger.
  func evaluate(_ indicators: String, units: String = "[]", state: LedgerState = F.state(F.flow)) throws
    -> Scoring.Result
  {
    let value = json(
      #"{"kind":"indicator-system","holder":"urumqi","program":"small-giant","as_of":"2023-12-31","units":\#(units),"groups":[{"name":"g","weight":"100","indicators":\#(indicators)}]}"#
    )
    let evaluation = try Evaluation.parse(value, state: state, date: F.date("2024-01-01"), eventID: "e")
    return Scoring.score(evaluation, state: state)
  }

  func testEachRuleKind() throws {
    // Urumqi: 720 arrived, 120 paid → execution 16.66%, under the 60% floor; arrival vs budget needs a budget.
    let state = F.state(F.flow + [F.budget("b1", "2023-03-01", "urumqi", wan: "800")])
    let result = try evaluate(
      #"""
      [{"name":"a","weight":"10","rule":{"kind":"all-or-nothing","met":true}},
       {"name":"b","weight":"10","rule":{"kind":"all-or-nothing","met":false}},
       {"name":"c","weight":"10","rule":{"kind":"rate-deduction","measure":"arrival_rate","per_point":"2%","floor":"60%"}},
       {"name":"d","weight":"10","rule":{"kind":"rate-deduction","measure":"execution_rate","per_point":"2%","floor":"60%"}},
       {"name":"e","weight":"10","rule":{"kind":"items","required":4,"met":3,"per_missing":"25%"}},
       {"name":"f","weight":"10","rule":{"kind":"satisfaction","value":"85%","full_at":"90%","per_point":"1%"}},
       {"name":"g","weight":"10","rule":{"kind":"ordered-category","order":["国家级","省级","市级"],"shares":["100%","60%","30%"],"value":"省级"}},
       {"name":"h","weight":"10","rule":{"kind":"expert","score":"7.77"}},
       {"name":"i","weight":"20","rule":{"kind":"satisfaction","value":"95%","full_at":"90%","per_point":"1%"}}]
      """#, state: state)
    XCTAssertEqual(result.lines.map { Money.format($0.score) }, ["10", "0", "8", "0", "7.5", "9.5", "6", "7.77", "20"])
    // c: 720 of 800 arrived = 90%, 10 points below 100% × 2% = 20% off. d: 16.66% is under the 60% floor.
    // f: 5 points under 90% × 1% = 5% off. g: 省级 is 60% of the weight.
    XCTAssertTrue(result.lines[2].basis.contains("90.00%"), result.lines[2].basis)
  }

  func testUnitsMissingDeductsPerUnitAndZeroesAtThree() throws {
    func result(_ missed: Int) throws -> String {
      var targets: [String] = []
      for (i, firm) in ["firm-a", "firm-b"].enumerated() {
        targets.append(#"{"unit":"\#(firm)","target":"10","actual":"\#(i < missed ? "9" : "10")"}"#)
      }
      let indicator =
        #"[{"name":"u","weight":"3","rule":{"kind":"units-missing","per_unit":"16.67%","zero_at":2,"targets":[\#(targets.joined(separator: ","))]}},{"name":"rest","weight":"97","rule":{"kind":"expert","score":"0"}}]"#
      return Money.format(try evaluate(indicator, units: #"["firm-a","firm-b"]"#).lines[0].score)
    }
    XCTAssertEqual(try result(0), "3")
    XCTAssertEqual(try result(1), "2.5", "3 × (1 − 16.67%) = 2.4999, rounded half up to 2.50")
    XCTAssertEqual(try result(2), "0")
  }

  func testBadEvaluationsAreRefused() {
    var state = F.state(F.flow)
    func audit(_ evaluation: String) -> [Reason] {
      var event = Event(id: "ev-\(evaluation.count)", type: .audit, date: F.date("2024-01-01"))
      event.auditor = "x"
      event.scope = "y"
      event.details = [("evaluation", json(evaluation))]
      return state.apply(event)
    }
    XCTAssertEqual(
      audit(
        #"{"kind":"indicator-system","groups":[{"name":"决策","weight":"19","indicators":[{"name":"a","weight":"18","rule":{"kind":"expert","score":"1"}}]},{"name":"其他","weight":"81","indicators":[{"name":"b","weight":"81","rule":{"kind":"expert","score":"1"}}]}]}"#
      ),
      [.evaluationWeightsMustSum(group: "决策", groupWeight: "19", indicatorSum: "18")])
    XCTAssertEqual(
      audit(
        #"{"kind":"indicator-system","units":["firm-a","firm-b"],"groups":[{"name":"g","weight":"100","indicators":[{"name":"u","weight":"100","rule":{"kind":"units-missing","per_unit":"10%","zero_at":3,"targets":[{"unit":"firm-a","target":"1","actual":"1"}]}}]}]}"#
      ),
      [.evaluationUnitMustHaveTarget(unit: "firm-b", indicator: "u")])
    XCTAssertEqual(
      audit(#"{"kind":"indicator-system","units":["ghost"],"groups":[]}"#),
      [.holderMustExist(field: "evaluation.units[0]", value: "ghost")])
    XCTAssertEqual(
      audit(
        #"{"kind":"indicator-system","groups":[{"name":"g","weight":"100","indicators":[{"name":"x","weight":"100","rule":{"kind":"magic"}}]}]}"#
      ).first?.code,
      "evaluationMustBeWellFormed")
    XCTAssertEqual(
      audit(
        #"{"kind":"indicator-system","groups":[{"name":"g","weight":"90","indicators":[{"name":"x","weight":"90","rule":{"kind":"expert","score":"1"}}]}]}"#
      ),
      [.evaluationWeightsMustSum(group: "(all groups)", groupWeight: "100", indicatorSum: "90")])
  }

  func testGrades() {
    XCTAssertEqual(Scoring.grade(90_000_000), "优")
    XCTAssertEqual(Scoring.grade(89_990_000), "良")
    XCTAssertEqual(Scoring.grade(82_300_000), "良")
    XCTAssertEqual(Scoring.grade(60_000_000), "中")
    XCTAssertEqual(Scoring.grade(59_990_000), "差")
  }
}
