import Foundation
import FundLedger
import XCTest

/// The sample ledger reproduces the seed documents' tables, run through the CLI.
final class SampleLedgerTests: XCTestCase {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
  let ledger = SampleLedgerTests.root + "/events/xinjiang-sme-2023.jsonl"

  func csvRows(_ arguments: [String], snapshots: Bool = false) throws -> [[String]] {
    let run = try Binary.run(arguments + ["--format", "csv"] + (snapshots ? [] : ["--no-snapshots"]), ledger: ledger)
    XCTAssertEqual(run.code, 0, run.stderr)
    return run.stdout.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }.map {
      $0.components(separatedBy: ",")
    }
  }

  /// holder name → (budgeted, arrived, paid, execution rate) in 万元 strings, from `status --format csv`.
  func statusTable(_ program: String, at date: String = "2023-12-31") throws -> [String: [String]] {
    var table: [String: [String]] = [:]
    for row in try csvRows(["status", "--program", program, "--at", date]) {
      // holder_id,holder,budgeted_fen,budgeted,arrived_fen,arrived,passed_down_fen,passed_down,paid_fen,paid,held_fen,held,arrival_rate,execution_rate,…
      table[row[1]] = [row[3], row[5], row[9], row[13]]
    }
    return table
  }

  func testItVerifies() throws {
    let run = try Binary.run(["verify"], ledger: ledger)
    XCTAssertEqual(run.code, 0, run.stderr)
    XCTAssertTrue(run.stdout.hasPrefix("ok: "))
  }

  func testTheRegionsAllocationTable() throws {
    // Seed 000, 自治区分解下达预算情况: 11 prefectures × 4 directions.
    let expected: [(String, String?, String?, String?, String?)] = [
      ("乌鲁木齐市", "720", "60.3", "480", "105"), ("伊犁哈萨克自治州", "120", "53.48", "80", nil),
      ("塔城地区", "120", "16.06", "80", nil), ("阿勒泰地区", nil, "18.44", nil, nil),
      ("博尔塔拉蒙古自治州", nil, "32.26", nil, nil), ("昌吉回族自治州", "240", "27.45", "160", nil),
      ("哈密市", nil, "6.93", nil, nil), ("巴音郭楞蒙古自治州", nil, "33.75", nil, nil),
      ("阿克苏地区", nil, "37.5", nil, nil), ("喀什地区", nil, "12.06", nil, nil), ("和田地区", nil, "5.77", nil, nil),
    ]
    // The 60% column is what had arrived by the end of 2022; the 40% column is the rest of the year.
    let early = try statusTable("cs-little-giant", at: "2022-12-31")
    let little = try statusTable("cs-little-giant")
    let guarantee = try statusTable("cs-guarantee")
    let digital = try statusTable("cs-digital")
    var sums = [Int64](repeating: 0, count: 4)
    func fen(_ text: String) -> Int64 { try! Money.parse(text) }
    for (name, sixty, fee, forty, digi) in expected {
      XCTAssertEqual(early[name]?[1], sixty, name)
      if let sixty, let forty {
        XCTAssertEqual(fen(little[name]![1]) - fen(early[name]![1]), fen(forty), name)
        sums[0] += fen(sixty)
        sums[2] += fen(forty)
      } else {
        XCTAssertNil(little[name], name)
      }
      XCTAssertEqual(guarantee[name]?[1], fee, name)
      sums[1] += fee.map(fen) ?? 0
      XCTAssertEqual(digital[name]?[1], digi, name)
      sums[3] += digi.map(fen) ?? 0
    }
    XCTAssertEqual(sums, [1_200_000_000, 304_000_000, 800_000_000, 105_000_000])
    XCTAssertEqual(early["合计"]?[1], "1200")
    XCTAssertEqual(guarantee["合计"]?[1], "304")
    XCTAssertEqual(try statusTable("central-sme")["合计"]?[1], "2409")
  }

  func testTheCentralFundsExecutionTables() throws {
    let little = try statusTable("cs-little-giant")
    for (name, amount) in [("乌鲁木齐市", "1200"), ("伊犁哈萨克自治州", "200"), ("塔城地区", "200"), ("昌吉回族自治州", "400"), ("合计", "2000")]
    {
      XCTAssertEqual(little[name], [amount, amount, amount, "100.00%"], name)
    }
    XCTAssertEqual(little.count, 5)
    XCTAssertEqual(try statusTable("cs-digital")["乌鲁木齐市"], ["105", "105", "105", "100.00%"])
    let guarantee = try statusTable("cs-guarantee")
    XCTAssertEqual(guarantee.count, 12)
    XCTAssertEqual(guarantee["昌吉回族自治州"], ["27.45", "27.45", "27.45", "100.00%"])
    XCTAssertEqual(guarantee["合计"], ["304", "304", "304", "100.00%"])
  }

  func testTheRegionalFund() throws {
    let table = try statusTable("regional-sme")
    let allocation: [String: String] = [
      "乌鲁木齐市": "557", "伊犁哈萨克自治州": "139", "塔城地区": "83", "阿勒泰地区": "88", "克拉玛依市": "111",
      "博尔塔拉蒙古自治州": "100", "昌吉回族自治州": "190", "哈密市": "65", "吐鲁番市": "65", "巴音郭楞蒙古自治州": "94",
      "阿克苏地区": "115", "克孜勒苏柯尔克孜自治州": "75", "喀什地区": "98", "和田地区": "120",
    ]
    for (name, amount) in allocation where name != "哈密市" {
      XCTAssertEqual(table[name], [amount, amount, amount, "100.00%"], name)
    }
    XCTAssertEqual(table["哈密市"], ["65", "65", "39", "60.00%"])
    XCTAssertEqual(table["自治区本级"], ["5000", "5000", "4999.9983", "99.99%"])
    XCTAssertEqual(table["新疆再担保（集团）有限责任公司"], ["1000", "1000", "1000", "100.00%"])
    XCTAssertEqual(table["合计"], ["7900", "7900", "7873.9983", "99.67%"])
    XCTAssertEqual(table.count, 17)
    let service = try statusTable("rs-service")
    XCTAssertEqual(service["合计"], ["1900", "1900", "1874", "98.63%"])
  }

  func testUrumqisSixFirms() throws {
    let firms = [
      "新疆金雪驰科技股份有限公司", "新疆德安环保科技股份有限公司", "新疆新研牧神科技有限公司", "新疆中科曙光云计算有限公司",
      "德蓝水技术股份有限公司", "乌鲁木齐市华泰隆化学助剂有限公司",
    ]
    for firm in firms {
      let rows = try csvRows(["history", firm], snapshots: true)
      XCTAssertEqual(
        rows.map { [$0[1], $0[2], $0[8]] }, [["2023-02-21", "disburse", "120"], ["2023-08-24", "disburse", "80"]], firm)
      XCTAssertEqual(rows.last?[12], "200", "\(firm) holds 200 in all")
    }
    let urumqi = try statusTable("cs-little-giant")["乌鲁木齐市"]
    XCTAssertEqual(urumqi?[3], "100.00%")
  }

  func testTraceDownAccountsForAll1200() throws {
    let run = try Binary.run(["trace", "--down", "财建〔2022〕393号", "--format", "json", "--no-snapshots"], ledger: ledger)
    XCTAssertEqual(run.code, 0, run.stderr)
    let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    let trees = object["trees"] as! [[String: Any]]
    XCTAssertEqual(trees.count, 1)
    func leaves(_ node: [String: Any]) -> Int {
      let children = node["children"] as! [[String: Any]]
      return (node["held_fen"] as! Int) + children.map(leaves).reduce(0, +)
    }
    XCTAssertEqual(trees[0]["in_fen"] as? Int, 1_200_000_000)
    XCTAssertEqual(leaves(trees[0]), 1_200_000_000)
    XCTAssertTrue(run.stdout.contains("\"date\":\"2022-11\""), "a month-precision date prints as the month")
  }

  func testReplayOfBudgetYear2023AndAliases() throws {
    let replay = try Binary.run(["replay", "--year", "2023"], ledger: ledger)
    XCTAssertEqual(replay.code, 0)
    XCTAssertTrue(replay.stdout.contains("chain verified to seq"))
    XCTAssertTrue(replay.stdout.contains("7900              7900   7873.9983     26.0017   99.67%"), replay.stdout)
    for alias in ["伊犁州", "博州", "昌吉州", "巴州", "克州", "昌吉回族自治区"] {
      let run = try Binary.run(["history", alias, "--format", "csv"], ledger: ledger)
      XCTAssertEqual(run.code, 0, "\(alias): \(run.stderr)")
    }
    let snapshotCheck = try Binary.run(["snapshot", "--check"], ledger: ledger)
    XCTAssertEqual(snapshotCheck.code, 0, snapshotCheck.stderr)
    XCTAssertTrue(snapshotCheck.stdout.contains("equals a full replay"))
  }
}

/// `audit` on the sample ledger, and recording an audit that then replays to the same findings.
final class AuditCLITests: XCTestCase {
  func testTheSampleLedgersAuditFindsHamiAndTheRoundedReport() throws {
    let ledger = SampleLedgerTests.root + "/events/xinjiang-sme-2023.jsonl"
    let run = try Binary.run(["audit", "--format", "csv"], ledger: ledger)
    XCTAssertEqual(run.code, 0, run.stderr)
    XCTAssertTrue(
      run.stdout.contains("warning,year-end-execution,hami,rs-service,,哈密市 executed 39 万元 of 65 万元 arrived (60.00%)"),
      run.stdout)
    XCTAssertTrue(
      run.stdout.contains(
        "claims 自治区资金 执行 = 7874 (新疆维吾尔自治区, as of 2023-12-31); the ledger gives 7873.9983 万元: matches after the report's rounding, difference 0.0017 万元"
      ))
    XCTAssertTrue(
      run.stdout.contains(
        "claims 自治区资金 执行率 = 99.67% (新疆维吾尔自治区, as of 2023-12-31); the ledger gives 99.6708%: matches after the report's rounding"
      ))
    XCTAssertTrue(
      run.stdout.contains("cannot be decided: 新疆维吾尔自治区 moved 720 万元 on ≤2022-12-20 after it arrived 2022-11"))
    XCTAssertFalse(run.stdout.contains("error,"))
  }

  func testARecordedAuditReplaysToTheSameFindings() throws {
    let directory = Binary.temporaryDirectory()
    let ledger = directory + "/copy.jsonl"
    try FileManager.default.copyItem(atPath: SampleLedgerTests.root + "/events/xinjiang-sme-2023.jsonl", toPath: ledger)
    let rules = directory + "/rules.json"
    try Data(
      #"{"version":"strict-1","rules":[{"id":"year-end-execution","threshold":"99.5%","severity":"error"},{"id":"reported-figures"}]}"#
        .utf8
    )
    .write(to: URL(fileURLWithPath: rules))
    let first = try Binary.run(
      ["audit", "--at", "2023-12-31", "--rules", rules, "--record", "--auditor", "审计处"], ledger: ledger)
    XCTAssertEqual(first.code, 1, "Hami's 60% is an error under these rules")
    XCTAssertTrue(first.stderr.contains("recorded audit fundledger-audit-"), first.stderr)
    let log = try Binary.run(["log", "--type", "audit", "--format", "csv"], ledger: ledger)
    XCTAssertTrue(log.stdout.contains("审计处"), log.stdout)
    // More events after the audit do not change what it saw.
    let more = #"{"id":"later","type":"audit","date":"2026-12-31","auditor":"x","scope":"y"}"#
    XCTAssertEqual(try Binary.run(["append", "-"], ledger: ledger, input: more + "\n").code, 0)
    let check = try Binary.run(["audit", "--check-recorded"], ledger: ledger)
    XCTAssertEqual(check.code, 0, check.stderr)
    XCTAssertTrue(check.stdout.contains("replays to the same"), check.stdout)
    // A rules file with an unknown rule is bad input.
    try Data(#"{"version":"x","rules":[{"id":"magic"}]}"#.utf8).write(to: URL(fileURLWithPath: rules))
    let bad = try Binary.run(["audit", "--rules", rules], ledger: ledger)
    XCTAssertEqual(bad.code, 2)
    XCTAssertTrue(bad.stderr.contains("unknown rule \"magic\""), bad.stderr)
  }
}

/// `score` reproduces seed 001's evaluation from the sample ledger.
final class ScoreCLITests: XCTestCase {
  func testSeed001ScoresEightyTwoPointThree() throws {
    let ledger = SampleLedgerTests.root + "/events/xinjiang-sme-2023.jsonl"
    let run = try Binary.run(["score", "evaluation-urumqi-2023-central-sme", "--format", "csv"], ledger: ledger)
    XCTAssertEqual(run.code, 0, run.stderr)
    let rows = run.stdout.components(separatedBy: "\r\n").map { $0.components(separatedBy: ",") }
    func row(_ group: String, _ indicator: String) -> [String]? {
      rows.first { $0.count > 4 && $0[0] == group && $0[1] == indicator }
    }
    XCTAssertEqual(row("决策", "小计")?[4], "16.39")
    XCTAssertEqual(row("过程", "小计")?[4], "20.41")
    XCTAssertEqual(row("产出", "小计")?[4], "31")
    XCTAssertEqual(row("效益", "小计")?[4], "14.5")
    XCTAssertEqual(row("综合", "总分")?[4], "82.3")
    XCTAssertEqual(row("综合", "总分")?[6], "等级 良")
    XCTAssertEqual(row("过程", "预算执行率")?[6], "预算执行率 100.00% from the ledger (1200 / 1200 万元)")
    XCTAssertEqual(
      row("产出", "研发经费支出占营业收入比重（%）")?[6],
      "3 of 6 units missed their target (3 or more: no points): 新疆金雪驰科技股份有限公司、新疆新研牧神科技有限公司、乌鲁木齐市华泰隆化学助剂有限公司")
    XCTAssertEqual(row("效益", "上市计划佐证资料")?[6], "1 of 6 units missed their target: 新疆德安环保科技股份有限公司")
    let table = try Binary.run(["score", "evaluation-urumqi-2023-central-sme"], ledger: ledger)
    XCTAssertTrue(table.stdout.contains("the report states 82.3 (良): the rules give the same"), table.stdout)
    let list = try Binary.run(["score"], ledger: ledger)
    XCTAssertTrue(list.stdout.contains("evaluation-urumqi-2023-central-sme"))
    XCTAssertTrue(list.stdout.contains("self-eval-regional-service"))
    let unknown = try Binary.run(["score", "nope"], ledger: ledger)
    XCTAssertEqual(unknown.code, 2)
  }
}
