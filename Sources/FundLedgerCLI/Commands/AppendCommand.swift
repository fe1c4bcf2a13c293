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
    // The input's bytes are dropped once decoded: the events own their strings, and a large batch would
    // otherwise hold both while it is appended.
    let (events, errors) = try { () throws -> (events: [(line: Int, event: Event)], errors: [String]) in
      if source == "-" { return decodeInput(split(context.readStandardInput())) }
      guard let bytes = FileBytes.read(source) else { throw UsageError("cannot read input file \(source)") }
      return decodeInput(split(bytes))
    }()
    if !errors.isEmpty {
      context.printError("nothing was appended:\n" + errors.map { "  " + $0 }.joined(separator: "\n"))
      return .badInput
    }
    let outcome = try context.ledger.append(
      events, expectSeq: expectSeq, snapshots: SnapshotStore(ledger: context.ledger))
    report(outcome, context)
    return .ok
  }

  /// Decodes every input line, on all cores: lines are independent until they are applied, and decoding
  /// was an eighth of a large import. Errors come back in line order, each naming its line.
  static func decodeInput(_ lines: [ArraySlice<UInt8>]) -> (events: [(line: Int, event: Event)], errors: [String]) {
    let parts = Parallel.map(count: lines.count, partCountMin: 2_048) { range in
      var events: [(line: Int, event: Event)] = []
      var errors: [String] = []
      events.reserveCapacity(range.count)
      for index in range {
        let line = lines[index]
        let lineNumber = index + 1
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
        if line.count > LineScanner.lineBytesMax {
          errors.append("input line \(lineNumber): longer than the limit of \(LineScanner.lineBytesMax) bytes")
          continue
        }
        do {
          // The fast decoder takes the plain flat lines; anything else, and every error, is the reference's.
          let fast = line.withUnsafeBytes { FastEventDecoder.decodeInput($0) }
          events.append((lineNumber, try fast ?? EventCodec.decode(Array(line), mode: .input)))
        } catch {
          errors.append("input line \(lineNumber): \(error)")
        }
      }
      return (events: events, errors: errors)
    }
    var events: [(line: Int, event: Event)] = []
    events.reserveCapacity(lines.count)
    var errors: [String] = []
    for part in parts {
      events.append(contentsOf: part.events)
      errors.append(contentsOf: part.errors)
    }
    return (events, errors)
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
