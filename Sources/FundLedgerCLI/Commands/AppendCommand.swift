import Dispatch
import FundLedger

#if canImport(Glibc)
  import Glibc
#endif

/// `fundledger append [FILE|-]`: appends a batch of JSON lines, all or nothing.
enum AppendCommand {
  static let command = Command(
    name: "append", summary: "append a batch of JSON-lines events, all or nothing",
    usage: "append [FILE|-] [--expect-seq N]",
    options: [CommonOptions.expectSeq]
  ) { context, args in
    guard args.positionals.count <= 1 else { throw UsageError("append takes one input file (or - for stdin)") }
    let source = args.positionals.first ?? "-"
    let expectSeq = try CommonOptions.expectSeq(args)
    let bytes: [UInt8]
    if source == "-" {
      bytes = context.readStandardInput()
    } else {
      guard let read = FileBytes.read(source) else { throw UsageError("cannot read input file \(source)") }
      bytes = read
    }
    let lines = split(bytes)
    // Lines are decoded a window ahead of staging, on another thread, and staged as they come: the whole
    // input is never held as events (at 1M events, half a gigabyte). Any bad line stops staging (the staged
    // events are dropped with the writer, nothing is written) while decoding goes on to name every one.
    var errors: [String] = []
    let outcome: Ledger.AppendOutcome
    do {
      outcome = try context.ledger.append(
        expectedEvents: lines.count, expectSeq: expectSeq, snapshots: SnapshotStore(ledger: context.ledger)
      ) { pass, stage in
        decodeInWindows(lines, pass: pass) { window in
          errors.append(contentsOf: window.errors)
          guard errors.isEmpty else { return }
          stage(window.events, window.hints)
        }
        if !errors.isEmpty { throw InputRejected() }
      }
    } catch is InputRejected {
      context.printError("nothing was appended:\n" + errors.map { "  " + $0 }.joined(separator: "\n"))
      return .badInput
    }
    report(outcome, context)
    return .ok
  }

  /// Thrown from the feed when input lines did not decode, to abandon the append.
  private struct InputRejected: Error {}

  /// What one window of input lines decoded to: events with their line numbers, and errors naming theirs.
  struct DecodedWindow: Sendable {
    var events: [(line: Int, event: Event)] = []
    var errors: [String] = []
    /// What staging the events will look up (`StagingPass`).
    var hints = StagingPass.Hints.none
  }

  /// Input lines per window: small enough that a window's events are a few megabytes, large enough that
  /// handing one over is rare.
  static let windowLines = 16_384

  /// Decodes `lines` window by window on another thread, one window ahead of `body`, which gets the
  /// windows in order on the calling thread; with a `pass`, each window's hints are worked out there too
  /// (the windows are decoded one after another, so the pass sees them in order). Decoding is about a
  /// seventh of staging's work, so one thread keeps ahead; the calling thread only applies.
  static func decodeInWindows(
    _ lines: [ArraySlice<UInt8>], windowLines: Int = windowLines, pass: StagingPass? = nil,
    _ body: (DecodedWindow) throws -> Void
  ) rethrows {
    final class Pending: @unchecked Sendable {
      var window = DecodedWindow()
      let done = DispatchSemaphore(value: 0)
    }
    func start(_ range: Range<Int>) -> Pending {
      let pending = Pending()
      DispatchQueue.global().async {
        var window = decode(lines, range)
        if let pass, window.errors.isEmpty { window.hints = pass.hints(for: window.events) }
        pending.window = window
        pending.done.signal()
      }
      return pending
    }
    var lower = 0
    var next = start(0..<min(windowLines, lines.count))
    while true {
      next.done.wait()
      let current = next.window
      lower += windowLines
      let more = lower < lines.count
      if more { next = start(lower..<min(lower + windowLines, lines.count)) }
      try body(current)
      if !more { return }
    }
  }

  /// Decodes `lines[range]`; blank lines are skipped, and every error names its line (1-based).
  static func decode(_ lines: [ArraySlice<UInt8>], _ range: Range<Int>) -> DecodedWindow {
    var window = DecodedWindow()
    window.events.reserveCapacity(range.count)
    for index in range {
      let line = lines[index]
      let lineNumber = index + 1
      if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
      if line.count > LineScanner.lineBytesMax {
        window.errors.append("input line \(lineNumber): longer than the limit of \(LineScanner.lineBytesMax) bytes")
        continue
      }
      do {
        // The fast decoder takes the plain flat lines; anything else, and every error, is the reference's.
        let fast = line.withUnsafeBytes { FastEventDecoder.decodeInput($0) }
        window.events.append((lineNumber, try fast ?? EventCodec.decode(Array(line), mode: .input)))
      } catch {
        window.errors.append("input line \(lineNumber): \(error)")
      }
    }
    return window
  }

  static func split(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
    if lines.last?.isEmpty == true { lines.removeLast() }
    return lines
  }

  static func report(_ outcome: Ledger.AppendOutcome, _ context: Context) {
    if let seqs = outcome.writtenSeqs {
      context.print("appended \(outcome.writtenCount) event(s), seq \(seqs.lowerBound)–\(seqs.upperBound)")
    }
    if !outcome.alreadyPresent.isEmpty {
      context.print(
        "\(outcome.alreadyPresent.count) event(s) already in the ledger with identical content, not written again: "
          + outcome.alreadyPresent.prefix(5).joined(separator: ", ")
          + (outcome.alreadyPresent.count > 5 ? ", …" : ""))
    }
  }
}

/// Reads a whole (input) file; ledgers themselves are read line by line by `LineScanner`.
enum FileBytes {
  static func read(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var out: [UInt8] = []
    // Sized from the file when it has a size (a pipe or FIFO reports 0 and grows as it is read).
    var info = stat()
    if fstat(fileno(file), &info) == 0, info.st_size > 0 { out.reserveCapacity(Int(info.st_size) + 1) }
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress!, 1, $0.count, file) }
      if count > 0 { out.append(contentsOf: chunk[0..<count]) }
      if count < chunk.count { break }
    }
    return ferror(file) == 0 ? out : nil
  }
}
