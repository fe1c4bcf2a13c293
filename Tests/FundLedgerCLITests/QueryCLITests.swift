import Foundation
import XCTest

/// balance, status, history, replay and snapshot run end to end on a small ledger.
final class QueryCLITests: XCTestCase {
  var directory = ""
  var ledger = ""

  override func setUpWithError() throws {
    directory = Binary.temporaryDirectory()
    ledger = directory + "/q.jsonl"
    XCTAssertEqual(try Binary.run(["init", ledger], ledger: ledger).code, 0)
    let lines = [
      #"{"id":"h1","type":"open","date":"2022-10-01","holder":"mof","name":"财政部","level":"central"}"#,
      #"{"id":"h2","type":"open","date":"2022-10-01","holder":"xj","name":"新疆维吾尔自治区","level":"province","parent":"mof"}"#,
      #"{"id":"h3","type":"open","date":"2022-10-01","holder":"urumqi","name":"乌鲁木齐市","level":"prefecture","parent":"xj"}"#,
      #"{"id":"h4","type":"open","date":"2022-10-01","holder":"hami","name":"哈密市","level":"prefecture","parent":"xj"}"#,
      #"{"id":"h5","type":"open","date":"2022-10-01","holder":"firm","name":"新疆金雪驰科技股份有限公司","level":"recipient","parent":"urumqi"}"#,
      #"{"id":"h6","type":"open","date":"2022-10-01","holder":"hf","name":"哈密市 重点企业（名称未公开）","level":"recipient","parent":"hami"}"#,
      #"{"id":"p1","type":"define","date":"2022-10-01","program":"rf","name":"自治区中小企业发展专项资金","source":"regional"}"#,
      #"{"id":"b1","type":"budget","date":"2022-12-15","holder":"urumqi","program":"rf","budget_year":2023,"amount_fen":557000000}"#,
      #"{"id":"b2","type":"budget","date":"2022-12-15","holder":"hami","program":"rf","budget_year":2023,"amount_fen":65000000}"#,
      #"{"id":"a1","type":"allocate","date":"2022-12-15","from":"xj","to":"urumqi","program":"rf","budget_year":2023,"amount_fen":557000000,"doc":"新财企〔2022〕73号"}"#,
      #"{"id":"a2","type":"allocate","date":"2022-12-15","from":"xj","to":"hami","program":"rf","budget_year":2023,"amount_fen":65000000,"doc":"新财企〔2022〕73号"}"#,
      #"{"id":"d1","type":"disburse","date":"2023-06-01","from":"urumqi","to":"firm","program":"rf","budget_year":2023,"amount_fen":557000000}"#,
      #"{"id":"d2","type":"disburse","date":"2023-06-01","from":"hami","to":"hf","program":"rf","budget_year":2023,"amount_fen":39000000}"#,
    ]
    let run = try Binary.run(["append", "-"], ledger: ledger, input: lines.joined(separator: "\n") + "\n")
    XCTAssertEqual(run.code, 0, run.stderr)
  }

  func testStatusReproducesAnExecutionTableWithAlignedChineseColumns() throws {
    let run = try Binary.run(["status", "--at", "2023-12-31"], ledger: ledger)
    XCTAssertEqual(run.code, 0, run.stderr)
    let lines = run.stdout.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines[0], "新疆维吾尔自治区 以下, 截至 2023-12-31")
    XCTAssertEqual(lines[1], "单位        预算(万元)  到位(万元)  下达(万元)  执行(万元)  结存(万元)   到位率   执行率  滞留天数  状态")
    XCTAssertEqual(
      lines[3], "乌鲁木齐市         557         557           0         557           0  100.00%  100.00%            已执行完毕")
    XCTAssertEqual(
      lines[4], "哈密市              65          65           0          39          26  100.00%   60.00%  381       资金滞留")
    XCTAssertEqual(
      lines[6], "合计               622         622           0         596          26  100.00%   95.81%  381       资金滞留"
    )

    let json = try Binary.run(["status", "--at", "2023-12-31", "--format", "json"], ledger: ledger)
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
    let rows = object["rows"] as! [[String: Any]]
    XCTAssertEqual(rows[1]["paid_fen"] as? Int, 39_000_000)
    XCTAssertEqual(rows[1]["paid"] as? String, "39")
    XCTAssertEqual(rows[1]["execution_rate"] as? String, "60.00%")
    XCTAssertEqual((rows[1]["holder"] as? [String: Any])?["name"] as? String, "哈密市")
    XCTAssertEqual(rows[1]["status"] as? String, "资金滞留")
  }

  func testBalanceHistoryReplayAndUnits() throws {
    let before = try Binary.run(
      ["balance", "--at", "2023-05-31", "--holder", "哈密市", "--format", "csv", "--unit", "元"], ledger: ledger)
    XCTAssertEqual(before.code, 0, before.stderr)
    XCTAssertTrue(
      before.stdout.contains("hami,哈密市,prefecture,rf,2023,65000000,650000,65000000,650000,0,0\r\n"), before.stdout)
    let history = try Binary.run(["history", "hami"], ledger: ledger)
    XCTAssertTrue(history.stdout.contains("2023-06-01  disburse"), history.stdout)
    let lastRow = history.stdout.split(separator: "\n")[4]
    XCTAssertTrue(lastRow.contains("39          26"), String(lastRow))
    // From the records (with a snapshot) and while replaying the log, the same register.
    XCTAssertEqual(try Binary.run(["snapshot"], ledger: ledger).code, 0)
    for holder in ["hami", "xj", "urumqi", "firm"] {
      for range in [[], ["--from", "2023-01-01"], ["--to", "2022-12-31"]] {
        let fromRecords = try Binary.run(["history", holder] + range, ledger: ledger)
        let replayed = try Binary.run(["history", holder, "--no-snapshots"] + range, ledger: ledger)
        XCTAssertEqual(fromRecords.code, 0, fromRecords.stderr)
        XCTAssertEqual(fromRecords.stdout, replayed.stdout, "\(holder) \(range)")
      }
    }
    let replay = try Binary.run(["replay", "--year", "2023"], ledger: ledger)
    XCTAssertTrue(
      replay.stdout.hasPrefix("replay: 13 events read and applied, chain verified to seq 13, budget year 2023"),
      replay.stdout)
    XCTAssertTrue(
      replay.stdout.contains("自治区中小企业发展专项资金  2023         622               622         596          26  95.81%"),
      replay.stdout)
  }

  func testSnapshotIsUsedAndADamagedOneIsRefusedLoudly() throws {
    let write = try Binary.run(["snapshot"], ledger: ledger)
    XCTAssertEqual(write.code, 0, write.stderr)
    let path = ledger + ".snapshots/q-0000000013.snap"
    XCTAssertTrue(FileManager.default.fileExists(atPath: path))
    // status (whose rows are prefectures) reads the summary snapshot; balance, which lists the firms, the
    // query snapshot; trace the full one. Each prints what a full replay prints.
    let status = try Binary.run(["status"], ledger: ledger)
    XCTAssertTrue(status.stdout.contains("from snapshot \(ledger).snapshots/q-0000000013.summary"), status.stdout)
    let fullStatus = try Binary.run(["status", "--no-snapshots"], ledger: ledger)
    XCTAssertEqual(status.stdout.split(separator: "\n").dropLast(), fullStatus.stdout.split(separator: "\n").dropLast())
    let byProgram = try Binary.run(["status", "--by", "program"], ledger: ledger)
    XCTAssertTrue(byProgram.stdout.contains(".summary"), byProgram.stdout)
    XCTAssertEqual(
      byProgram.stdout.split(separator: "\n").dropLast(),
      try Binary.run(["status", "--by", "program", "--no-snapshots"], ledger: ledger).stdout
        .split(separator: "\n").dropLast())
    let underUrumqi = try Binary.run(["status", "--holder", "乌鲁木齐市"], ledger: ledger)
    XCTAssertTrue(underUrumqi.stdout.contains("q-0000000013.query"), underUrumqi.stdout)
    XCTAssertTrue(underUrumqi.stdout.contains("新疆金雪驰科技股份有限公司"), underUrumqi.stdout)
    let balance = try Binary.run(["balance"], ledger: ledger)
    XCTAssertTrue(balance.stdout.contains("from snapshot \(ledger).snapshots/q-0000000013.query"), balance.stdout)
    let shallow = try Binary.run(["balance", "--depth", "1"], ledger: ledger)
    XCTAssertTrue(shallow.stdout.contains("q-0000000013.summary"), shallow.stdout)
    var summary = try Data(contentsOf: URL(fileURLWithPath: ledger + ".snapshots/q-0000000013.summary"))
    summary[summary.count - 1] ^= 0xFF
    try summary.write(to: URL(fileURLWithPath: ledger + ".snapshots/q-0000000013.summary"))
    let summaryRefused = try Binary.run(["status"], ledger: ledger)
    XCTAssertTrue(summaryRefused.stderr.contains("summary snapshot"), summaryRefused.stderr)
    XCTAssertTrue(summaryRefused.stdout.contains("q-0000000013.query"), summaryRefused.stdout)
    let trace = try Binary.run(["trace", "--idle"], ledger: ledger)
    XCTAssertTrue(trace.stdout.contains("from snapshot \(path)"), trace.stdout)
    let check = try Binary.run(["snapshot", "--check"], ledger: ledger)
    XCTAssertEqual(check.code, 0, check.stderr)
    XCTAssertTrue(check.stdout.contains("q-0000000013.register equals the register a full replay"), check.stdout)
    // A damaged register snapshot: `history` says so and serves the same register from the full snapshot;
    // `snapshot --check` reports it.
    let registerPath = ledger + ".snapshots/q-0000000013.register"
    let register = try Data(contentsOf: URL(fileURLWithPath: registerPath))
    var damaged = register
    damaged[damaged.count - 1] ^= 0xFF
    try damaged.write(to: URL(fileURLWithPath: registerPath))
    var refusedRegisters = 0
    for holder in ["mof", "xj", "urumqi", "hami", "firm", "hf"] {
      let history = try Binary.run(["history", holder], ledger: ledger)
      XCTAssertEqual(history.code, 0, history.stderr)
      XCTAssertEqual(history.stdout, try Binary.run(["history", holder, "--no-snapshots"], ledger: ledger).stdout)
      if history.stderr.contains("register snapshot \(registerPath) refused: the snapshot's checksum") {
        refusedRegisters += 1
      }
    }
    XCTAssertEqual(refusedRegisters, 1, "the last posting belongs to one holder's list")
    let registerCheck = try Binary.run(["snapshot", "--check"], ledger: ledger)
    XCTAssertEqual(registerCheck.code, 1)
    XCTAssertTrue(registerCheck.stderr.contains("q-0000000013.register: differs"), registerCheck.stderr)
    try register.write(to: URL(fileURLWithPath: registerPath))
    var query = try Data(contentsOf: URL(fileURLWithPath: ledger + ".snapshots/q-0000000013.query"))
    query[query.count - 1] ^= 0xFF
    try query.write(to: URL(fileURLWithPath: ledger + ".snapshots/q-0000000013.query"))
    let queryRefused = try Binary.run(["status", "--format", "csv"], ledger: ledger)
    XCTAssertTrue(queryRefused.stderr.contains("query snapshot"), queryRefused.stderr)
    XCTAssertTrue(queryRefused.stderr.contains("(damaged)"), queryRefused.stderr)
    var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    bytes[bytes.count - 1] ^= 0xFF
    try bytes.write(to: URL(fileURLWithPath: path))
    let refused = try Binary.run(["status", "--format", "csv"], ledger: ledger)
    XCTAssertEqual(refused.code, 0)
    XCTAssertTrue(
      refused.stderr.contains("refused: the snapshot's checksum does not match its contents (damaged)"), refused.stderr)
    XCTAssertEqual(
      refused.stdout, try Binary.run(["status", "--format", "csv", "--no-snapshots"], ledger: ledger).stdout)
    XCTAssertEqual(try Binary.run(["snapshot", "--check"], ledger: ledger).code, 1)
  }

  func testBadQueryInput() throws {
    let cases: [([String], String)] = [
      (["balance", "--at", "2023-13-01"], "--at: expected a real calendar date"),
      (["status", "--holder", "火星"], "unknown holder \"火星\""),
      (["status", "--program", "nothing"], "unknown program"),
      (["balance", "--known-at", "yesterday"], "--known-at: expected"),
      (["status", "--by", "city"], "--by: expected region or program"),
      (["history", "nobody"], "unknown holder"),
      (["status", "--format", "xml"], "--format: expected table, csv or json"),
    ]
    for (arguments, message) in cases {
      let run = try Binary.run(arguments, ledger: ledger)
      XCTAssertEqual(run.code, 2, "\(arguments)")
      XCTAssertTrue(run.stderr.contains(message), "\(arguments): \(run.stderr)")
    }
    let early = try Binary.run(["status", "--at", "2000-01-01"], ledger: ledger)
    XCTAssertEqual(early.code, 0)
    XCTAssertTrue(early.stdout.contains("the ledger has no holders yet"), early.stdout)
    let emptyLedger = directory + "/empty.jsonl"
    _ = try Binary.run(["init", emptyLedger], ledger: emptyLedger)
    let empty = try Binary.run(["balance"], ledger: emptyLedger)
    XCTAssertEqual(empty.code, 0)
    XCTAssertTrue(empty.stdout.contains("seq 0"), empty.stdout)
  }
}
