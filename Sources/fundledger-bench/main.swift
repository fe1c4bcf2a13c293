import Foundation
import FundLedger

#if canImport(Glibc)
  import Glibc
#endif

// fundledger-bench: times whole fundledger commands on a generated ledger, as a user waits for them, and
// the machine's floors on the same file. Medians of several runs, with peak memory (max RSS).
//
//   swift run -c release fundledger-bench [--events N] [--runs R] [--singles N] [--dir DIR]

var eventCount = 100_000
var runs = 3
var singles = 20
var directory = NSTemporaryDirectory() + "fundledger-bench"
var arguments = Array(CommandLine.arguments.dropFirst())
while !arguments.isEmpty {
  let flag = arguments.removeFirst()
  guard let value = arguments.first else { fatalError("\(flag) needs a value") }
  arguments.removeFirst()
  switch flag {
  case "--events": eventCount = Int(value)!
  case "--runs": runs = max(1, Int(value)!)
  case "--dir": directory = value
  case "--singles": singles = max(1, Int(value)!)
  default: fatalError("unknown option \(flag); expected --events N --runs R --singles N --dir DIR")
  }
}
let binDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
  .path
let fundledger = binDirectory + "/fundledger"
guard FileManager.default.isExecutableFile(atPath: fundledger) else {
  fatalError("\(fundledger) not found: build it first")
}

/// Runs a command, returning wall seconds and peak memory in KiB.
///
/// The peak is read through `/usr/bin/time` when it is there: a child spawned straight from this process
/// is charged this process's resident memory at its exec (Linux keeps the larger high-water mark), so
/// `wait4`'s figure would show the benchmark's own size rather than the command's.
func measure(_ argv: [String], stdin: String? = nil) -> (seconds: Double, maxRSSKiB: Int, status: Int32) {
  let timeTool = "/usr/bin/time"
  guard FileManager.default.isExecutableFile(atPath: timeTool) else { return spawn(argv, stdin: stdin) }
  let report = NSTemporaryDirectory() + "fundledger-bench-time-\(getpid())"
  let result = spawn([timeTool, "-f", "%M", "-o", report] + argv, stdin: stdin)
  let text = (try? String(contentsOfFile: report, encoding: .utf8)) ?? ""
  let kib = text.split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
  return (result.seconds, kib ?? result.maxRSSKiB, result.status)
}

func spawn(_ argv: [String], stdin: String? = nil) -> (seconds: Double, maxRSSKiB: Int, status: Int32) {
  var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
  if let stdin { posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0) }
  let cArgs = argv.map { strdup($0) } + [nil]
  defer { for arg in cArgs { free(arg) } }
  let start = DispatchTime.now()
  var pid: pid_t = 0
  guard posix_spawn(&pid, argv[0], &actions, nil, cArgs, environ) == 0 else { fatalError("cannot run \(argv[0])") }
  var status: Int32 = 0
  var usage = rusage()
  wait4(pid, &status, 0, &usage)
  let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
  return (seconds, Int(usage.ru_maxrss), (status >> 8) & 0xff)
}

struct Row {
  var name: String
  var seconds: [Double] = []
  var rss: [Int] = []
  var perSecond: Int?
  var note = ""
}

func median<T: Comparable>(_ values: [T]) -> T { values.sorted()[values.count / 2] }

try? FileManager.default.removeItem(atPath: directory)
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
let ledger = directory + "/national.jsonl"
let journal = directory + "/national.journal"
print("generating \(eventCount) events in \(directory) …")
let generated = measure([
  fundledger, "generate", "--events", String(eventCount), "--seed", "1", "--out", ledger, "--hledger", journal,
])
precondition(generated.status == 0, "generate failed")

// The same events as append input: the ledger's lines without the fields the ledger assigns.
let input = directory + "/input.jsonl"
do {
  var out = [UInt8]()
  try LineScanner.scan(path: ledger) { item in
    if case .line(_, _, let bytes, _) = item {
      var event = try EventCodec.decode(bytes, mode: .stored)
      event.seq = nil
      event.recorded = nil
      event.prev = nil
      out += EventCodec.encode(event) + [0x0A]
    }
    return true
  }
  precondition(FileManager.default.createFile(atPath: input, contents: Data(out)), "cannot write \(input)")
}
let size = (try FileManager.default.attributesOfItem(atPath: ledger)[.size] as? Int) ?? 0
let state = try Ledger(path: ledger).load().state
let firstDate = state.records.first!.date
let midDate = LedgerDate(dayNumber: (firstDate.dayNumber + state.lastDate!.dayNumber) / 2)
let largest = state.records.filter { $0.type == .allocate }.max { $0.amountFen < $1.amountFen }!.id
let prefecture = state.holders.first { $0.level == .prefecture }!.id
let recipient = state.holders.first { $0.level == .recipient }!.id
var rows: [Row] = []

@MainActor func time(
  _ name: String, perUnit: Int? = nil, note: String = "", setUp: (() -> Void)? = nil,
  _ argv: @autoclosure () -> [String], stdin: String? = nil
) {
  var row = Row(name: name, note: note)
  for _ in 0..<runs {
    setUp?()
    let result = measure(argv(), stdin: stdin)
    precondition(result.status == 0, "\(name) exited with \(result.status)")
    row.seconds.append(result.seconds)
    row.rss.append(result.maxRSSKiB)
  }
  if let perUnit { row.perSecond = Int(Double(perUnit) / median(row.seconds)) }
  rows.append(row)
  print("  \(name): \(String(format: "%.3f", median(row.seconds))) s")
}

let importTarget = directory + "/import.jsonl"
time(
  "batch import of \(eventCount) events (append FILE)", perUnit: eventCount,
  setUp: {
    try? FileManager.default.removeItem(atPath: importTarget)
    try? FileManager.default.removeItem(atPath: importTarget + ".snapshots")
    _ = measure([fundledger, "init", importTarget])
  }, [fundledger, "--ledger", importTarget, "append", input])

let singleLedger = directory + "/single.jsonl"
var singleRow = Row(name: "single appends with fsync (\(singles) processes, from a snapshot)")
for run in 0..<runs {
  try? FileManager.default.removeItem(atPath: singleLedger)
  try? FileManager.default.removeItem(atPath: singleLedger + ".snapshots")
  try FileManager.default.copyItem(atPath: ledger, toPath: singleLedger)
  _ = measure([fundledger, "--ledger", singleLedger, "snapshot"])
  var total = 0.0
  var peak = 0
  for i in 0..<singles {
    let r = measure([
      fundledger, "--ledger", singleLedger, "record", "audit", "--id", "bench-\(run)-\(i)", "--date", "2023-12-31",
      "--auditor", "bench", "--scope", "s",
    ])
    precondition(r.status == 0, "single append failed")
    total += r.seconds
    peak = max(peak, r.maxRSSKiB)
  }
  singleRow.seconds.append(total / Double(singles))
  singleRow.rss.append(peak)
}
singleRow.note = "seconds per append"
rows.append(singleRow)
print("  single appends: \(String(format: "%.2f", 1 / median(singleRow.seconds)))/s")

time(
  "verify (every line hashed, chain, seq, invariants)", perUnit: eventCount, [fundledger, "--ledger", ledger, "verify"])
time(
  "full replay", perUnit: eventCount, [fundledger, "--ledger", ledger, "replay", "--snapshots", directory + "/none"])
_ = measure([fundledger, "--ledger", ledger, "snapshot"])
time("replay from the newest snapshot plus tail", [fundledger, "--ledger", ledger, "replay", "--from-snapshot"])
time(
  "balance --at \(midDate) --depth 1 (fresh process)",
  [fundledger, "--ledger", ledger, "balance", "--at", midDate.description, "--depth", "1"])
time("status (fresh process)", [fundledger, "--ledger", ledger, "status"])
time(
  "status --at \(midDate) (fresh process)", [fundledger, "--ledger", ledger, "status", "--at", midDate.description])
time(
  "balance --at \(midDate), every holder (fresh process)",
  [fundledger, "--ledger", ledger, "balance", "--at", midDate.description])
time("trace --down \(largest) (fresh process)", [fundledger, "--ledger", ledger, "trace", "--down", largest])
time("history \(prefecture) (fresh process)", [fundledger, "--ledger", ledger, "history", prefecture])
time("history \(recipient) (fresh process)", [fundledger, "--ledger", ledger, "history", recipient])
time("floor: wc -l", perUnit: eventCount, ["/usr/bin/wc", "-l", ledger])
time("floor: coreutils sha256sum", perUnit: eventCount, ["/usr/bin/sha256sum", ledger])
if FileManager.default.isExecutableFile(atPath: "/usr/bin/hledger") {
  time("hledger bal -e \(midDate) (same flows)", ["/usr/bin/hledger", "-f", journal, "bal", "-e", midDate.description])
} else {
  print("  hledger not installed (apt-get install hledger): skipped")
}

func cpuModel() -> String {
  let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
  return text.split(separator: "\n").first { $0.hasPrefix("model name") }.map {
    String($0.split(separator: ":")[1]).trimmingCharacters(in: .whitespaces)
  } ?? "unknown"
}
print("")
print(
  "\(eventCount) events, \(size / 1_000_000) MB, \(runs) runs each, medians; machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpuModel())"
)
print("")
print("| what | median s | per second | peak RSS MiB |")
print("|---|---:|---:|---:|")
for row in rows {
  let perSecond =
    row.perSecond.map { String($0) }
    ?? (row.note == "seconds per append" ? String(format: "%.2f", 1 / median(row.seconds)) : "")
  print("| \(row.name) | \(String(format: "%.3f", median(row.seconds))) | \(perSecond) | \(median(row.rss) / 1024) |")
}
