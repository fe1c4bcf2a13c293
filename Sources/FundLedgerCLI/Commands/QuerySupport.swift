import FundLedger

/// Loading the view a query command asks for: the bound from `--at` / `--known-at`, through snapshots.
enum QuerySupport {
  static let viewOptions = [
    OptionSpec("at", value: "DATE", help: "as of the end of DATE (default: the end of the log)"),
    OptionSpec("known-at", value: "TIME", help: "only events recorded by TIME (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)"),
    OptionSpec(
      "snapshots", value: "DIR", help: "snapshot directory (default: snapshots/ beside events/, else LEDGER.snapshots/)"
    ),
    OptionSpec("no-snapshots", help: "replay the whole log instead of starting from a snapshot"),
  ]

  static func bound(_ args: ParsedArguments) throws -> ReplayBound {
    var bound = ReplayBound()
    bound.date = try CommonOptions.date(args, "at")
    if let text = args.value("known-at") {
      guard let millis = Timestamp.parse(text) else {
        throw UsageError(
          "--known-at: expected a date YYYY-MM-DD or a UTC time YYYY-MM-DDTHH:MM:SS(.sss)Z, got \"\(text)\"")
      }
      // A bare date means the end of that day.
      bound.knownAtMillis = text.count == 10 ? millis + 86_399_999 : millis
    }
    return bound
  }

  static func store(_ context: Context, _ args: ParsedArguments) -> SnapshotStore {
    SnapshotStore(ledger: context.ledger, directory: args.value("snapshots"))
  }

  /// Loads the view, reporting refused snapshots on stderr (the full replay is used instead).
  static func view(
    _ context: Context, _ args: ParsedArguments, accountsOnly: Bool = false,
    summaryServes: ((LedgerState) -> Bool)? = nil,
    observe: ((LogReader.Frame, LedgerState) throws -> Void)? = nil
  ) throws -> (SnapshotStore.View, ReplayBound) {
    let bound = try bound(args)
    let store = store(context, args)
    // A report that shows no final recipient by name can be drawn from the summary snapshot (holders
    // above the recipients, figures already summed); `summaryServes` says whether this one can.
    if let summaryServes, !args.has("no-snapshots") {
      let summary = store.summaryView(bound: bound)
      for (path, reason) in summary.refusals {
        context.printError("warning: summary snapshot \(path) refused: \(reason); using the query snapshot instead")
      }
      if let view = summary.view, summaryServes(view.loaded.state) { return (view, bound) }
    }
    // Balance and status need only the registry and the accounts: a query snapshot serves them when it
    // covers the bound exactly.
    if accountsOnly, !args.has("no-snapshots") {
      let query = store.queryView(bound: bound)
      for (path, reason) in query.refusals {
        context.printError(
          "warning: query snapshot \(path) refused: \(reason); using the full snapshot or replay instead")
      }
      if let view = query.view { return (view, bound) }
    }
    let view = try store.load(bound: bound, useSnapshots: !args.has("no-snapshots") && observe == nil, observe: observe)
    context.keepUntilExit(view)
    for (path, reason) in view.refusals {
      context.printError("warning: snapshot \(path) refused: \(reason); replaying from the start instead")
    }
    return (view, bound)
  }

  /// The date a view stands at: `--at`, else the last event's date.
  static func date(_ view: SnapshotStore.View, _ bound: ReplayBound) -> LedgerDate {
    bound.date ?? view.loaded.state.lastDate ?? LedgerDate(year: 1970, month: 1, day: 1)!
  }

  static func holder(_ state: LedgerState, _ key: String?, option: String = "holder") throws -> Int32? {
    guard let key else { return nil }
    guard let index = state.holder(named: key) else {
      throw UsageError("--\(option): unknown holder \"\(key)\" (give an id, a Chinese name or an alias)")
    }
    return index
  }

  static func program(_ state: LedgerState, _ key: String?) throws -> Int32? {
    guard let key else { return nil }
    guard let index = state.program(named: key) else { throw UsageError("--program: unknown program \"\(key)\"") }
    return index
  }

  /// The line under every report: which ledger, up to which seq and hash, and from which snapshot.
  static func provenance(_ context: Context, _ view: SnapshotStore.View, _ bound: ReplayBound) -> String {
    let state = view.loaded.state
    var text = "ledger \(context.ledgerPath), seq \(state.lastSeq), head \(state.lastHash.prefix(16))…"
    if let date = bound.date { text += ", as of \(date)" }
    if let known = bound.knownAtMillis { text += ", as known at \(Timestamp.format(millis: known))" }
    if let snapshot = view.snapshotPath { text += ", from snapshot \(snapshot)" }
    if let date = bound.date, let first = state.lastDate, state.lastSeq == 0 || first > date {
      text += " (no events on or before that date)"
    }
    return text
  }
}
