import FundLedger

#if canImport(Glibc)
  import Glibc
#endif

/// `fundledger replay`: rebuilds the projection from the log and prints a per-program summary.
enum ReplayCommand {
  static let command = Command(
    name: "replay", summary: "rebuild from the log; summary per program with how long it took",
    usage: "replay [--year Y] [--until DATE] [--from-snapshot]",
    options: [
      OptionSpec(
        "year", value: "Y", help: "one budget year (budget year 2023 begins with the advance issues of late 2022)"),
      OptionSpec("until", value: "DATE", help: "stop after the events dated DATE"),
      OptionSpec("from-snapshot", help: "start from the newest valid snapshot instead of the first line"),
      OptionSpec("snapshots", value: "DIR", help: "snapshot directory"),
    ] + CommonOptions.output
  ) { context, args in
    guard args.positionals.isEmpty else { throw UsageError("replay takes no positional arguments") }
    let year = try CommonOptions.year(args)
    let bound = ReplayBound(date: try CommonOptions.date(args, "until"))
    let store = QuerySupport.store(context, args)
    var size: Int64 = 0
    var info = stat()
    if stat(context.ledgerPath, &info) == 0 { size = Int64(info.st_size) }
    let showProgress = context.stderrIsTerminal && size > 32 << 20
    let started = ContinuousClock.now
    let view = try store.load(bound: bound, useSnapshots: args.has("from-snapshot")) { offset in
      guard showProgress else { return }
      let filled = Int(offset * 40 / max(size, 1))
      ProcessEnvironment.write(
        "\r[" + String(repeating: "#", count: filled) + String(repeating: " ", count: 40 - filled)
          + "] \(offset * 100 / max(size, 1))%",
        to: 2)
    }
    if showProgress { ProcessEnvironment.write("\r" + String(repeating: " ", count: 50) + "\r", to: 2) }
    let elapsed = ContinuousClock.now - started
    context.keepUntilExit(view)
    for (path, reason) in view.refusals { context.printError("warning: snapshot \(path) refused: \(reason)") }
    let state = view.loaded.state
    var report = ReplayQuery.run(state, year: year)
    let (seconds, attoseconds) = elapsed.components
    let millis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
    report.title =
      "replay: \(view.loaded.eventsApplied) events read and applied"
      + (view.snapshotPath.map { " after snapshot \($0)" } ?? "")
      + ", chain verified to seq \(state.lastSeq)" + (year.map { ", budget year \($0)" } ?? "")
      + (bound.date.map { ", until \($0)" } ?? "")
    report.notes.append("took \(millis) ms; head \(state.lastHash)")
    try CommonOptions.render(context, report, args)
    return .ok
  }
}
