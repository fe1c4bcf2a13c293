import FundLedger

/// `fundledger snapshot`: saves the projection at the current seq so later reads can start there.
enum SnapshotCommand {
  static let command = Command(
    name: "snapshot", summary: "save the projection at the current seq (or check the saved ones)",
    usage: "snapshot [--snapshots DIR] [--check]",
    options: [
      OptionSpec("snapshots", value: "DIR", help: "snapshot directory"),
      OptionSpec(
        "check", help: "check every saved snapshot (and register snapshot) against a full replay instead of writing one"
      ),
    ]
  ) { context, args in
    guard args.positionals.isEmpty else { throw UsageError("snapshot takes no positional arguments") }
    let store = QuerySupport.store(context, args)
    if args.has("check") {
      var problems = 0
      for (seq, path) in store.list() {
        do {
          let snapshot = try store.open(path)
          let reference = try stateAt(context.ledger, seq: seq)
          if reference == snapshot.state {
            context.print("ok: \(path) equals a full replay to seq \(seq)")
          } else {
            problems += 1
            context.printError("\(path): differs from a full replay to seq \(seq)")
          }
        } catch let refusal as Snapshot.Refusal {
          problems += 1
          context.printError("\(path): refused: \(refusal)")
        }
      }
      for (seq, path) in store.listRegisters() {
        if try store.registerMatchesReplay(path, seq: seq) {
          context.print("ok: \(path) equals the register a full replay to seq \(seq) writes")
        } else {
          problems += 1
          context.printError("\(path): differs from the register a full replay to seq \(seq) writes")
        }
      }
      return problems == 0 ? .ok : .findings
    }
    let loaded = try store.load(bound: .end).loaded
    let path = try store.write(loaded)
    context.print("wrote \(path) at seq \(loaded.state.lastSeq), head \(loaded.state.lastHash)")
    return .ok
  }

  /// The state after a full replay of the first `seq` events.
  static func stateAt(_ ledger: Ledger, seq: Int64) throws -> LedgerState {
    var state = LedgerState()
    try LogReader.read(path: ledger.path) { frame in
      guard frame.event.seq! <= seq else { return false }
      _ = state.apply(frame.event, lineDigest: frame.digest, lineOffset: frame.offset)
      return true
    }
    return state
  }
}
