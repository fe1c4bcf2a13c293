import Foundation
import XCTest

@testable import FundLedgerCLI

/// The core commands run end to end on the built binary: output text and exit codes.
final class CoreCLITests: XCTestCase {
  var directory = ""
  var ledger = ""

  override func setUpWithError() throws {
    directory = Binary.temporaryDirectory()
    ledger = directory + "/l.jsonl"
    XCTAssertEqual(try Binary.run(["init", ledger], ledger: ledger).code, 0)
  }

  func record(_ arguments: [String]) throws -> Binary.Run { try Binary.run(["record"] + arguments, ledger: ledger) }

  func seedWorld() throws {
    let setup: [[String]] = [
      ["open", "--id", "h1", "--date", "2022-10-01", "--holder", "mof", "--name", "财政部", "--level", "central"],
      [
        "open", "--id", "h2", "--date", "2022-10-01", "--holder", "xj", "--name", "新疆维吾尔自治区", "--level", "province",
        "--parent", "财政部",
      ],
      [
        "open", "--id", "h3", "--date", "2022-10-01", "--holder", "urumqi", "--name", "乌鲁木齐市", "--level", "prefecture",
        "--parent", "xj", "--alias", "乌市",
      ],
      [
        "open", "--id", "h4", "--date", "2022-10-01", "--holder", "firm-a", "--name", "新疆金雪驰科技股份有限公司", "--level",
        "recipient", "--parent", "urumqi",
      ],
      ["define", "--id", "p1", "--date", "2022-10-01", "--program", "sg", "--name", "专精特新小巨人", "--source", "central"],
      [
        "allocate", "--id", "a1", "--date", "2022-11-30", "--date-precision", "month", "--from", "财政部", "--to",
        "新疆维吾尔自治区", "--program", "专精特新小巨人", "--budget-year", "2023", "--amount", "1200", "--doc", "财建〔2022〕393号",
      ],
      [
        "redistribute", "--id", "r1", "--date", "2022-12-20", "--from", "xj", "--to", "乌市", "--program", "sg",
        "--budget-year", "2023", "--amount", "720",
      ],
      [
        "disburse", "--id", "d1", "--date", "2023-02-21", "--from", "urumqi", "--to", "firm-a", "--program", "sg",
        "--budget-year", "2023", "--amount-yuan", "1200000",
      ],
    ]
    for arguments in setup {
      let run = try record(arguments)
      XCTAssertEqual(run.code, 0, run.stderr)
    }
  }

  func testRecordLogAndVerify() throws {
    try seedWorld()
    let log = try Binary.run(["log", "--type", "allocate", "--type", "disburse"], ledger: ledger)
    XCTAssertEqual(log.code, 0, log.stderr)
    let lines = log.stdout.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.count, 5)
    XCTAssertTrue(lines[2].contains("2022-11 "), "month precision prints as the month: \(lines[2])")
    XCTAssertTrue(lines[2].contains("财建〔2022〕393号"))
    XCTAssertTrue(lines[2].contains("1200"))
    XCTAssertTrue(lines[3].contains("新疆金雪驰科技股份有限公司"))
    XCTAssertTrue(lines[3].hasSuffix("d1"))
    XCTAssertEqual(lines[4], "2 of 8 events; ledger \(ledger), chain verified to seq 8")

    let csv = try Binary.run(["log", "--holder", "乌鲁木齐市", "--format", "csv"], ledger: ledger)
    XCTAssertEqual(
      csv.stdout.components(separatedBy: "\r\n").first,
      "seq,date,type,from_id,from,to_id,to,program,budget_year,amount_fen,amount,doc,id")
    XCTAssertTrue(
      csv.stdout.contains("7,2022-12-20,redistribute,xj,新疆维吾尔自治区,urumqi,乌鲁木齐市,sg,2023,720000000,720,,r1\r\n"))

    let verify = try Binary.run(["verify"], ledger: ledger)
    XCTAssertEqual(verify.code, 0)
    XCTAssertTrue(verify.stdout.hasPrefix("ok: 8 events, chain verified to seq 8, head "))
  }

  /// The commands that load a whole state hand it to their result, which the executable holds until it
  /// exits (`Context.keepUntilExit`); in process, it goes with the result, and the output is unchanged.
  func testLoadedStatesGoWithTheResult() throws {
    try seedWorld()
    for command in ["verify", "replay"] {
      let inProcess = CLI.run(
        ["--ledger", ledger, command], environment: [:], standardInput: { [] }, stderrIsTerminal: false)
      XCTAssertEqual(inProcess.exitCode, .ok, inProcess.stderr)
      XCTAssertEqual(inProcess.kept.values.count, 1, command)
      let binary = try Binary.run([command], ledger: ledger)
      XCTAssertEqual(binary.code, 0)
      let stable = { (text: String) in text.split(separator: "\n").filter { !$0.hasPrefix("took ") } }
      XCTAssertEqual(stable(binary.stdout), stable(inProcess.stdout), command)
    }
    let help = CLI.run(["--help"], environment: [:], standardInput: { [] }, stderrIsTerminal: false)
    XCTAssertTrue(help.kept.values.isEmpty)
  }

  func testBadInputExitsTwoAndChangesNothing() throws {
    try seedWorld()
    let before = try Data(contentsOf: URL(fileURLWithPath: ledger))
    let cases: [([String], String)] = [
      (
        [
          "disburse", "--date", "2023-03-01", "--from", "urumqi", "--to", "firm-a", "--program", "sg", "--budget-year",
          "2023", "--amount", "601",
        ], "amount must not exceed the balance"
      ),
      (
        [
          "disburse", "--date", "2023-03-01", "--from", "urumqi", "--to", "firm-a", "--program", "sg", "--budget-year",
          "2023", "--amount", "1e3",
        ], "exponent"
      ),
      (
        [
          "disburse", "--date", "2023-03-01", "--from", "urumqi", "--to", "firm-a", "--program", "sg", "--budget-year",
          "2023", "--amount", "0.0000001",
        ], "finer than one fen"
      ),
      (
        [
          "disburse", "--date", "2023-03-01", "--from", "urumqi", "--to", "firm-a", "--program", "sg", "--budget-year",
          "2023", "--amount", "-5",
        ], "must be greater than zero"
      ),
      (
        [
          "disburse", "--date", "2023-03-01", "--from", "urumqi", "--to", "firm-a", "--program", "sg", "--budget-year",
          "2023", "--amount", "",
        ], "empty"
      ),
      (
        [
          "disburse", "--date", "2023-03-01", "--from", "urumqi", "--to", "firm-a", "--program", "sg", "--budget-year",
          "2023", "--amount", "1234567890123456789012345",
        ], "too large"
      ),
      (
        [
          "disburse", "--date", "2023-02-30", "--from", "urumqi", "--to", "firm-a", "--program", "sg", "--budget-year",
          "2023", "--amount", "1",
        ], "real calendar date"
      ),
      (
        [
          "disburse", "--date", "2023-03-01", "--from", "nobody", "--to", "firm-a", "--program", "sg", "--budget-year",
          "2023", "--amount", "1",
        ], "holder \"nobody\" must exist"
      ),
      (
        [
          "disburse", "--id", "d1", "--date", "2023-03-01", "--from", "urumqi", "--to", "firm-a", "--program", "sg",
          "--budget-year", "2023", "--amount", "2",
        ], "id must be unique"
      ),
      (["transfer", "--date", "2023-03-01"], "unknown event type"),
      (["disburse", "--date", "2023-03-01", "--colour", "red"], "unknown option --colour"),
    ]
    for (arguments, message) in cases {
      let run = try record(arguments)
      XCTAssertEqual(run.code, 2, "\(arguments)")
      XCTAssertTrue(run.stderr.contains(message), "\(arguments): \(run.stderr)")
    }
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: ledger)), before)
  }

  func testAppendBatchIsAllOrNothingAndNamesLinesAndFields() throws {
    try seedWorld()
    let good =
      #"{"id":"d2","type":"disburse","date":"2023-03-01","from":"urumqi","to":"firm-a","program":"sg","budget_year":2023,"amount_fen":100}"#
    let bad =
      #"{"id":"d3","type":"disburse","date":"2023-03-01","from":"urumqi","to":"firm-a","program":"sg","budget_year":2023,"amount_fen":"1e3"}"#
    let unknown =
      #"{"id":"d4","type":"disburse","date":"2023-03-01","from":"urumqi","to":"firm-a","program":"sg","budget_year":2023,"amount_fen":1,"colour":"red"}"#
    let seqGiven =
      #"{"seq":9,"id":"d5","type":"disburse","date":"2023-03-01","from":"urumqi","to":"firm-a","program":"sg","budget_year":2023,"amount_fen":1}"#
    let run = try Binary.run(
      ["append", "-"], ledger: ledger, input: [good, bad, unknown, seqGiven, "{oops"].joined(separator: "\n") + "\n")
    XCTAssertEqual(run.code, 2)
    XCTAssertTrue(
      run.stderr.contains("input line 2: field \"amount_fen\": expected an integer, got a string"), run.stderr)
    XCTAssertTrue(run.stderr.contains("input line 3: field \"colour\" is not a field of a disburse event"), run.stderr)
    XCTAssertTrue(run.stderr.contains("input line 4: field \"seq\" is assigned by the ledger"), run.stderr)
    XCTAssertTrue(run.stderr.contains("input line 5: not valid JSON at byte 2"), run.stderr)
    XCTAssertEqual(try Binary.run(["verify"], ledger: ledger).stdout.prefix(11), "ok: 8 event")

    let ok = try Binary.run(["append", "-", "--expect-seq", "8"], ledger: ledger, input: good + "\n")
    XCTAssertEqual(ok.stdout, "appended 1 event(s), seq 9–9\n")
    let stale = try Binary.run(
      ["append", "-", "--expect-seq", "8"], ledger: ledger,
      input: good.replacingOccurrences(of: "d2", with: "d9") + "\n")
    XCTAssertEqual(stale.code, 2)
    XCTAssertTrue(stale.stderr.contains("--expect-seq 8, but the ledger's last seq is 9"))
    let empty = try Binary.run(["append", "-"], ledger: ledger, input: "")
    XCTAssertEqual(empty.code, 2)
    XCTAssertTrue(empty.stderr.contains("the input holds no events"))
  }

  /// An input line that fits the limit can still make a ledger line that does not (the ledger adds seq,
  /// recorded and prev); that is found once the line is made, after the event was applied, and the batch
  /// is refused naming the input line, with exit code 2 and the ledger as it was.
  func testAnEventWhoseLedgerLineWouldBeTooLongIsRefused() throws {
    try seedWorld()
    let before = try Data(contentsOf: URL(fileURLWithPath: ledger))
    let good =
      #"{"id":"d2","type":"disburse","date":"2023-03-01","from":"urumqi","to":"firm-a","program":"sg","budget_year":2023,"amount_fen":100}"#
    let head =
      #"{"id":"d3","type":"disburse","date":"2023-03-02","from":"urumqi","to":"firm-a","program":"sg","budget_year":2023,"amount_fen":100,"note":""#
    let tail = #""}"#
    let filler = String(repeating: "a", count: (1 << 20) - head.utf8.count - tail.utf8.count - 10)
    let long = head + filler + tail
    XCTAssertLessThanOrEqual(long.utf8.count, 1 << 20)
    let run = try Binary.run(
      ["append", "-"], ledger: ledger, input: [good, long, good].joined(separator: "\n") + "\n")
    XCTAssertEqual(run.code, 2)
    XCTAssertTrue(
      run.stderr.contains("input line 2 (id d3): the event's line must fit the limit of 1048576 bytes"), run.stderr)
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: ledger)), before)
  }

  /// A large batch is decoded on several cores; its errors still come back in line order, one per bad line,
  /// and its good lines are appended in input order.
  /// A batch longer than several decode windows (`AppendCommand.windowBytes`): bad lines in the first and
  /// last windows are both named, in order; a refusal in a later window leaves the ledger as it was; a good
  /// batch keeps its line order.
  func testALargeBatchIsDecodedInPartsAndKeepsLineOrder() throws {
    try seedWorld()
    let count = 80_000
    XCTAssertGreaterThan(count * line(count).utf8.count, 2 * AppendCommand.windowBytes)
    func line(_ n: Int, amountFen: Int = 1) -> String {
      #"{"id":"big-\#(n)","type":"disburse","date":"2023-03-01","from":"urumqi","to":"firm-a","program":"sg","budget_year":2023,"amount_fen":\#(amountFen)}"#
    }
    let before = try Data(contentsOf: URL(fileURLWithPath: ledger))
    var lines = (1...count).map { line($0) }
    lines[9] = lines[9].replacingOccurrences(of: #""amount_fen":1"#, with: #""amount_fen":"1""#)
    lines[count - 1] = "{oops"
    let refused = try Binary.run(["append", "-"], ledger: ledger, input: lines.joined(separator: "\n") + "\n")
    XCTAssertEqual(refused.code, 2)
    let first = try XCTUnwrap(refused.stderr.range(of: "input line 10: field \"amount_fen\""), refused.stderr)
    let last = try XCTUnwrap(refused.stderr.range(of: "input line \(count): not valid JSON"), refused.stderr)
    XCTAssertLessThan(first.lowerBound, last.lowerBound)
    XCTAssertEqual(refused.stderr.components(separatedBy: "input line ").count - 1, 2)
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: ledger)), before)

    // Every line decodes; one in the third window overdraws urumqi (720万元 held, less what it disbursed).
    lines = (1...count).map { line($0) }
    lines[75_000 - 1] = line(75_000, amountFen: 72_000_000_000)
    let overdrawn = try Binary.run(["append", "-"], ledger: ledger, input: lines.joined(separator: "\n") + "\n")
    XCTAssertEqual(overdrawn.code, 2, overdrawn.stderr)
    XCTAssertTrue(overdrawn.stderr.contains("line 75000"), overdrawn.stderr)
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: ledger)), before)
    XCTAssertEqual(try Binary.run(["verify"], ledger: ledger).stdout.prefix(11), "ok: 8 event")

    lines = (1...count).map { line($0) }
    let appended = try Binary.run(["append", "-"], ledger: ledger, input: lines.joined(separator: "\n") + "\n")
    XCTAssertEqual(appended.stdout, "appended \(count) event(s), seq 9–\(count + 8)\n", appended.stderr)
    let text = try String(contentsOfFile: ledger, encoding: .utf8)
    let ids = text.split(separator: "\n").suffix(count).map { $0.split(separator: ",")[2] }
    XCTAssertEqual(ids, (1...count).map { Substring(#""id":"big-\#($0)""#) })
  }

  /// Windows reach the body in order and cover every line once, numbered as in the input, with a window
  /// of any size, from a file or from memory, with or without a last newline, with blank lines.
  func testInputWindowsComeInOrderAndCoverEveryLine() throws {
    let lines = (1...1_000).map { n -> String in
      n % 97 == 0
        ? "not json \(n)"
        : n % 89 == 0
          ? " \r"
          : #"{"id":"o\#(n)","type":"open","date":"2023-01-01","holder":"h\#(n)","name":"名\#(n)","level":"central"}"#
    }
    let expectedEvents = (1...1_000).filter { $0 % 97 != 0 && $0 % 89 != 0 }
    let expectedErrors = (1...1_000).filter { $0 % 97 == 0 }.map { "input line \($0)" }
    let path = NSTemporaryDirectory() + "fundledger-input-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: path) }
    for ending in ["", "\n"] {
      let bytes = Array((lines.joined(separator: "\n") + ending).utf8)
      try Data(bytes).write(to: URL(fileURLWithPath: path))
      for windowBytes in [1, 7, 97, 1_000, 4_096, 1 << 20] {
        for input in [InputReader(bytes: bytes), try XCTUnwrap(InputReader(path: path))] {
          var seen: [Int] = []
          var errorLines: [String] = []
          var names: [String] = []
          AppendCommand.decodeInWindows(input, windowBytes: windowBytes) { window in
            seen += window.events.map(\.line)
            names += window.events.map { $0.event.name ?? "" }
            errorLines += window.errors.map { String($0.split(separator: ":")[0]) }
          }
          XCTAssertEqual(seen, expectedEvents, "window \(windowBytes)")
          XCTAssertEqual(names, expectedEvents.map { "名\($0)" })
          XCTAssertEqual(errorLines, expectedErrors, "window \(windowBytes)")
        }
      }
      let estimate = try XCTUnwrap(InputReader(path: path)).estimatedLines()
      XCTAssertGreaterThanOrEqual(estimate, 1_000)
      XCTAssertLessThan(estimate, 1_200)
    }
    XCTAssertNil(InputReader(path: path + ".missing"))
  }

  func testDamageExitsThreeAndRepairKeepsWholeEvents() throws {
    try seedWorld()
    let url = URL(fileURLWithPath: ledger)
    let whole = try Data(contentsOf: url)
    try (whole + Data(#"{"v":1,"seq":9,"id":"x","#.utf8)).write(to: url)
    let verify = try Binary.run(["verify"], ledger: ledger)
    XCTAssertEqual(verify.code, 3)
    XCTAssertTrue(verify.stderr.contains("line 9: torn last line at byte offset \(whole.count)"), verify.stderr)
    let repair = try Binary.run(["repair"], ledger: ledger)
    XCTAssertEqual(repair.code, 0)
    XCTAssertTrue(repair.stdout.contains("kept 8 whole event(s)"))
    XCTAssertEqual(try Data(contentsOf: url), whole)

    var text = String(decoding: whole, as: UTF8.self)
    text = text.replacingOccurrences(of: "720000000", with: "720000009")
    try Data(text.utf8).write(to: url)
    let changed = try Binary.run(["verify"], ledger: ledger)
    XCTAssertEqual(changed.code, 3)
    XCTAssertTrue(changed.stderr.contains("line 7: its bytes hash to"), changed.stderr)
    XCTAssertTrue(changed.stderr.contains("chain is verified up to seq 6"), changed.stderr)
  }

  func testFourProcessesAppendingAtOnceGiveAValidChain() throws {
    try seedWorld()
    // Four shell processes, each running fundledger 50 times in a row, all four at once.
    var workers: [(Process, Pipe)] = []
    for worker in 0..<4 {
      let script = """
        for i in $(seq 0 49); do
          "\(Binary.path)" --ledger "\(ledger)" record audit --id w\(worker)-$i --date 2023-03-01 \\
            --auditor 审计\(worker) --scope 并发 >/dev/null || echo "worker \(worker) event $i failed"
        done
        """
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments = ["-c", script]
      let pipe = Pipe()
      process.standardOutput = pipe
      process.standardError = pipe
      try process.run()
      workers.append((process, pipe))
    }
    for (process, pipe) in workers {
      let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      XCTAssertEqual(output, "")
    }
    let verify = try Binary.run(["verify"], ledger: ledger)
    XCTAssertEqual(verify.code, 0, verify.stderr)
    XCTAssertTrue(verify.stdout.hasPrefix("ok: 208 events, chain verified to seq 208"), verify.stdout)
    let audits = try Binary.run(["log", "--type", "audit", "--format", "csv"], ledger: ledger)
    XCTAssertEqual(audits.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 201)
  }

  func testHelpAndUnknownCommand() throws {
    let help = try Binary.run(["--help"], ledger: ledger)
    XCTAssertEqual(help.code, 0)
    XCTAssertTrue(help.stdout.contains("Exit codes: 0 ok, 1 a check found problems"))
    let recordHelp = try Binary.run(["record", "--help"], ledger: ledger)
    XCTAssertTrue(recordHelp.stdout.contains("--amount 万元"))
    let unknown = try Binary.run(["frobnicate"], ledger: ledger)
    XCTAssertEqual(unknown.code, 2)
    XCTAssertTrue(unknown.stderr.contains("unknown command \"frobnicate\""))
    let missing = try Binary.run(["verify"], ledger: directory + "/none.jsonl")
    XCTAssertEqual(missing.code, 2)
    XCTAssertTrue(missing.stderr.contains("not found"))
  }
}
