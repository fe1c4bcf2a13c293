import FundLedger

/// `fundledger generate`: a synthetic, valid national year written through the normal append path.
enum GenerateCommand {
  static let command = Command(
    name: "generate", summary: "write a synthetic national ledger (valid by construction) for benchmarks",
    usage: "generate --events N --seed S --out LEDGER [--hledger JOURNAL] [--batch N]",
    options: [
      OptionSpec("events", value: "N", help: "number of events"),
      OptionSpec("seed", value: "S", help: "random seed (the same seed gives the same ledger)"),
      OptionSpec("out", value: "LEDGER", help: "the ledger file to create (must not exist)"),
      OptionSpec("hledger", value: "JOURNAL", help: "also write the money movements as an hledger journal"),
      OptionSpec("batch", value: "N", help: "events per write and fsync (default 50000)"),
      OptionSpec("small", help: "a small world (3 provinces) instead of 31 provinces × 12 prefectures"),
    ]
  ) { context, args in
    guard let countText = args.value("events"), let count = Int(countText), count > 0 else {
      throw UsageError("--events: expected a positive whole number")
    }
    guard let seedText = args.value("seed"), let seed = UInt64(seedText) else {
      throw UsageError("--seed: expected a whole number")
    }
    guard let out = args.value("out") else { throw UsageError("--out: the ledger to write is required") }
    let batch = Int(args.value("batch") ?? "50000") ?? 50_000
    try Ledger.create(path: out)
    let ledger = Ledger(path: out)
    let writer = try LedgerWriter(ledger: ledger, snapshots: SnapshotStore(ledger: ledger))
    defer { writer.close() }
    var journal: JournalWriter?
    if let path = args.value("hledger") { journal = try JournalWriter(path: path) }
    var generator =
      args.has("small") ? Generator.small(eventCount: count, seed: seed) : Generator(eventCount: count, seed: seed)
    var staged = 0
    var failure: Error?
    generator.run(
      state: { writer.state },
      propose: { event in
        // Commit at each month end of effective date, so the writer can leave a query snapshot there.
        if failure == nil, let last = writer.state.lastDate, last.parts.month != event.date.parts.month {
          do { try writer.commit(atMonthEnd: true) } catch { failure = error }
        }
        guard failure == nil, case .staged(let stamped) = writer.stage(event) else { return false }
        journal?.record(stamped, state: writer.state)
        staged += 1
        if staged % batch == 0 {
          do {
            try writer.commit()
            try journal?.flush()
          } catch {
            failure = error
          }
        }
        return true
      })
    if let failure { throw failure }
    try writer.commit()
    try journal?.flush()
    context.print("wrote \(staged) events to \(out), seq \(writer.state.lastSeq), head \(writer.state.lastHash)")
    return .ok
  }
}
