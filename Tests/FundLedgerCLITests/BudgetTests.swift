import Foundation
import XCTest

/// Department budgets and final accounts (seeds 002 and 004) through the CLI.
final class BudgetTests: XCTestCase {
  let changji = SampleLedgerTests.root + "/events/changji-sme-bureau-2023.jsonl"
  let center = SampleLedgerTests.root + "/events/xj-sme-center-2024.jsonl"

  /// key → [initial, adjusted, final, variance, execution(, score)] from `budget --format csv`.
  func table(_ ledger: String, _ arguments: [String]) throws -> [String: [String]] {
    let run = try Binary.run(["budget", "--format", "csv"] + arguments, ledger: ledger)
    XCTAssertEqual(run.code, 0, run.stderr)
    var out: [String: [String]] = [:]
    let lines = run.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    let header = lines[0].components(separatedBy: ",")
    func at(_ name: String) -> Int? { header.firstIndex(of: name) }
    for line in lines.dropFirst() {
      let c = line.components(separatedBy: ",")
      // Functional and economic keys are codes (key_id); the other groupings' keys are plain text.
      let key = at("key_id").map { c[$0].isEmpty ? c[$0 + 1] : c[$0] } ?? c[at("key")!]
      out[key] = ["initial", "adjusted", "final", "variance", "execution", "score"].compactMap { at($0).map { c[$0] } }
    }
    return out
  }

  func testChangjiReproducesSeed002() throws {
    XCTAssertEqual(try table(changji, ["--income", "--by", "source"])["一般公共预算拨款"]?[2], "292.54")
    XCTAssertEqual(try table(changji, ["--income", "--by", "source"])["使用非财政拨款结余"]?[2], "221.42")
    // The report prints 收入总计 513.95; its parts sum to 513.96, and the ledger shows what the parts give.
    XCTAssertEqual(try table(changji, ["--income", "--by", "source"])["合计"]?[2], "513.96")
    let kind = try table(changji, ["--by", "kind"])
    XCTAssertEqual(kind["basic"]?[2], "151.14")
    XCTAssertEqual(kind["project"]?[2], "362.81")
    XCTAssertEqual(kind["合计"]?[2], "513.95")
    let projects = try table(changji, ["--by", "project"])
    XCTAssertEqual(projects["合计"]?[1], "294.58")
    XCTAssertEqual(projects["合计"]?[2], "254.73")
    XCTAssertEqual(projects["政策信息咨询服务项目"], ["12", "12", "6", "-50.00%", "50.00%", "0.00"])
    XCTAssertEqual(projects["2023 年度单位运转类项目资金"], ["36.58", "36.58", "4.57", "-87.51%", "12.49%", "0.00"])
    XCTAssertEqual(projects["自治区中小企业发展专项资金"], ["30", "30", "28.3", "-5.67%", "94.33%", "10.00"])
    // Budget vs final: 年初预算 152.16, 决算 292.54, 预决算差异率 92.26%.
    XCTAssertEqual(
      try table(changji, ["--by", "source"])["一般公共预算拨款"], ["152.16", "", "292.54", "92.26%", ""],
      "no 全年预算 line, so no 执行率")
  }

  func testRollupsByCodeEqualTheirParts() throws {
    let functional = try table(changji, ["--by", "functional"])
    XCTAssertEqual(functional["201"]?[2], "119.13")
    XCTAssertEqual(functional["208"]?[2], "21.58")
    XCTAssertEqual(functional["20805"]?[2], "21.58")
    XCTAssertEqual(functional["210"]?[2], "6.98")
    XCTAssertEqual(functional["215"]?[2], "136.4")
    XCTAssertEqual(functional["2150805"]?[2], "28.3")
    XCTAssertEqual(functional["合计"]?[2], "292.53", "the 类 totals sum to 292.53; the seed's total is 292.54")
    let center2 = try table(center, ["--by", "functional"])
    XCTAssertEqual(center2["215"]?[0], "1073.85")
    XCTAssertEqual(center2["21508"]?[0], "1073.85")
    XCTAssertEqual(center2["2150899"]?[0], "823.85")
    XCTAssertEqual(center2["合计"]?[0], "1214.63")
    let kind = try table(center, ["--by", "kind"])
    XCTAssertEqual(kind["basic"]?[0], "495.83")
    XCTAssertEqual(kind["project"]?[0], "718.8")
    let income = try table(center, ["--income", "--by", "source"])
    XCTAssertEqual(income["合计"]?[0], "1214.63")
    XCTAssertEqual(income["一般公共预算拨款"]?[0], "628.97")
    XCTAssertEqual(income["单位资金"]?[0], "585.66")
    let economic = try table(center, ["--by", "economic"])
    XCTAssertEqual(economic["302"]?[0], "25.55", "表6 prints 25.55 for 302; its items sum to 25.53, and a note says so")
    XCTAssertEqual(economic["301"]?[0], "347.4")
    XCTAssertEqual(economic["合计"]?[0], "378.97")
    XCTAssertEqual(economic["303"]?[0], "6.02")
    XCTAssertEqual(economic["30211"]?[0], "8.21")
  }

  func testPrintedFiguresStandAndDifferencesWithTheirPartsAreSaid() throws {
    let run = try Binary.run(["budget", "--by", "economic"], ledger: center)
    XCTAssertTrue(run.stdout.contains("302 商品和服务支出: printed 25.55, its parts sum to 25.53 (initial)"), run.stdout)
    XCTAssertTrue(run.stdout.contains("301 工资福利支出: printed 347.4, its parts sum to 347.41 (initial)"), run.stdout)
  }

  func testAuditShowsTheDocumentsMeasureExecutionDifferently() throws {
    let run = try Binary.run(["audit", "--format", "csv"], ledger: changji)
    XCTAssertEqual(run.code, 0, run.stderr)
    XCTAssertTrue(
      run.stdout.contains("自治区中小企业发展专项资金 here: 28.3 of 30 万元 (94.33%); 昌吉回族自治州 in xinjiang-sme-2023.jsonl"), run.stdout)
    XCTAssertTrue(run.stdout.contains("executed 190 万元 (100.00%): the documents measure execution differently"))
    let center = try Binary.run(["audit", "--format", "csv"], ledger: self.center)
    XCTAssertTrue(
      center.stdout.contains("250 万元 budgeted for 2024; 自治区中小企业服务中心 in xinjiang-sme-2023.jsonl"), center.stdout)
  }

  /// A book line that names a program moves no money between holders: `history` leaves it out (it used to
  /// look up a counterpart that a line does not have).
  func testHistoryLeavesOutBookLinesThatNameAProgram() throws {
    let directory = Binary.temporaryDirectory()
    let ledger = directory + "/dept.jsonl"
    try FileManager.default.copyItem(atPath: changji, toPath: ledger)
    let lines = [
      #"{"id":"p1","type":"define","date":"2024-01-02","program":"sme","name":"中小企业发展专项","source":"regional"}"#,
      #"{"id":"l1","type":"line","date":"2024-01-02","holder":"changji-sme-bureau","budget_year":2023,"direction":"expenditure","phase":"final","amount_fen":100,"program":"sme"}"#,
    ]
    let append = try Binary.run(["append", "-"], ledger: ledger, input: lines.joined(separator: "\n") + "\n")
    XCTAssertEqual(append.code, 0, append.stderr)
    let history = try Binary.run(["history", "changji-sme-bureau", "--format", "csv"], ledger: ledger)
    XCTAssertEqual(history.code, 0, history.stderr)
    XCTAssertFalse(history.stdout.contains("l1"), history.stdout)
  }

  func testBadDepartmentInput() throws {
    let directory = Binary.temporaryDirectory()
    let ledger = directory + "/dept.jsonl"
    try FileManager.default.copyItem(atPath: changji, toPath: ledger)
    let before = try Data(contentsOf: URL(fileURLWithPath: ledger))
    let cases: [(String, String)] = [
      (
        #"{"id":"x1","type":"line","date":"2024-01-02","holder":"changji-sme-bureau","budget_year":2023,"direction":"expenditure","phase":"final","amount_fen":1,"functional":"2159999"}"#,
        "functional code 2159999 must exist"
      ),
      (
        #"{"id":"x2","type":"line","date":"2024-01-02","holder":"changji-sme-bureau","budget_year":2023,"direction":"expenditure","phase":"final","amount_fen":1,"functional":"21A"}"#,
        "must be digits"
      ),
      (
        #"{"id":"x3","type":"classify","date":"2024-01-02","system":"economic","code":"3021101","name":"x"}"#,
        "must be digits: 类 3 or 款 5"
      ),
      (
        #"{"id":"x4","type":"classify","date":"2024-01-02","system":"functional","code":"22299","name":"x"}"#,
        "needs its parent 222"
      ),
      (
        #"{"id":"x5","type":"line","date":"2024-01-02","holder":"changji-sme-bureau","budget_year":2023,"direction":"expenditure","phase":"final","amount_fen":60000000,"project":"政策信息咨询服务项目"}"#,
        "must not be executed beyond its full-year budget"
      ),
      (
        #"{"id":"x6","type":"line","date":"2024-01-02","holder":"nobody","budget_year":2023,"direction":"expenditure","phase":"final","amount_fen":1}"#,
        "holder \"nobody\" must exist"
      ),
      (
        #"{"id":"x7","type":"line","date":"2024-01-02","holder":"changji-sme-bureau","budget_year":2023,"direction":"sideways","phase":"final","amount_fen":1}"#,
        "expected one of income, expenditure"
      ),
    ]
    for (line, message) in cases {
      let run = try Binary.run(["append", "-"], ledger: ledger, input: line + "\n")
      XCTAssertEqual(run.code, 2, line)
      XCTAssertTrue(run.stderr.contains(message), "\(line): \(run.stderr)")
    }
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: ledger)), before)
    let wrong = try Binary.run(["budget", "--by", "colour"], ledger: ledger)
    XCTAssertEqual(wrong.code, 2)
  }
}
