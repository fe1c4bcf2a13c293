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
    let input: InputReader
    if source == "-" {
      input = InputReader(bytes: context.readStandardInput())
    } else if let file = InputReader(path: source) {
      input = file
    } else {
      // Not a regular file (a pipe or FIFO, which has no size to read by): read whole.
      guard let read = FileBytes.read(source) else { throw UsageError("cannot read input file \(source)") }
      input = InputReader(bytes: read)
    }
    guard let expectedEvents = try? input.estimatedLines() else {
      throw UsageError("cannot read input file \(source)")
    }
    // Lines are decoded a window ahead of staging, on another thread, and staged as they come: the whole
    // input is never held as events (at 1M events, half a gigabyte). Any bad line stops staging (the staged
    // events are dropped with the writer, nothing is written) while decoding goes on to name every one.
    var errors: [String] = []
    let outcome: Ledger.AppendOutcome
    do {
      outcome = try context.ledger.append(
        expectedEvents: expectedEvents, expectSeq: expectSeq, snapshots: SnapshotStore(ledger: context.ledger)
      ) { pass, stage in
        decodeInWindows(input, pass: pass) { window in
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
    /// How many input lines the window held (blank ones included), to number the next window's.
    var lineCount = 0
  }

  /// Input bytes per window: a few megabytes of events, and handing one over is rare.
  static let windowBytes = 4 << 20

  /// Reads and decodes `input` window by window on another thread, one window ahead of `body`, which gets
  /// the windows in order on the calling thread; with a `pass`, each window's hints are worked out there
  /// too (the windows are read and decoded one after another, so the pass sees them in order). Decoding
  /// is about a seventh of staging's work, so one thread keeps ahead; the calling thread only applies.
  static func decodeInWindows(
    _ input: InputReader, windowBytes: Int = windowBytes, pass: StagingPass? = nil,
    _ body: (DecodedWindow) throws -> Void
  ) rethrows {
    final class Pending: @unchecked Sendable {
      var window: DecodedWindow?
      let done = DispatchSemaphore(value: 0)
    }
    func start(firstLine: Int) -> Pending {
      let pending = Pending()
      DispatchQueue.global().async {
        do throws(InputReader.InputError) {
          if let bytes = try input.next(windowBytes: windowBytes) {
            var window = decode(bytes, firstLine: firstLine)
            if let pass, window.errors.isEmpty { window.hints = pass.hints(for: window.events) }
            pending.window = window
          }
        } catch {
          var window = DecodedWindow()
          window.errors = ["input: cannot be read after line \(firstLine - 1) (errno \(error.errno))"]
          pending.window = window
        }
        pending.done.signal()
      }
      return pending
    }
    var next = start(firstLine: 1)
    var line = 1
    while true {
      next.done.wait()
      guard let current = next.window else { return }
      line += current.lineCount
      // An unreadable input ends with its error.
      let more = current.lineCount > 0
      if more { next = start(firstLine: line) }
      try body(current)
      if !more { return }
    }
  }

  /// Decodes the lines of `bytes`, the first numbered `firstLine`; blank lines are skipped, and every
  /// error names its line.
  static func decode(_ bytes: [UInt8], firstLine: Int) -> DecodedWindow {
    var window = DecodedWindow()
    window.events.reserveCapacity(bytes.count / 256 + 16)
    // One cache for the window: its lines share dates and programs in runs.
    var cache = FastEventDecoder.Cache()
    bytes.withUnsafeBytes { raw in
      var start = 0
      var lineNumber = firstLine
      while start < raw.count {
        // `memchr`, not `firstIndex(of:)`, which went byte by byte: a tenth of the decoding thread.
        let end =
          memchr(raw.baseAddress! + start, 0x0A, raw.count - start).map { UnsafeRawPointer($0) - raw.baseAddress! }
          ?? raw.count
        let line = UnsafeRawBufferPointer(rebasing: raw[start..<end])
        defer {
          start = end + 1
          lineNumber += 1
        }
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
        if line.count > LineScanner.lineBytesMax {
          window.errors.append("input line \(lineNumber): longer than the limit of \(LineScanner.lineBytesMax) bytes")
          continue
        }
        do {
          // The fast decoder takes the plain flat lines; anything else, and every error, is the reference's.
          let fast = FastEventDecoder.decodeInput(line, cache: &cache)
          window.events.append((lineNumber, try fast ?? EventCodec.decode(Array(line), mode: .input)))
        } catch {
          window.errors.append("input line \(lineNumber): \(error)")
        }
      }
      window.lineCount = lineNumber - firstLine
    }
    return window
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
