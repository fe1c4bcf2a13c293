#if canImport(Glibc)
  import Glibc
#endif

/// A holder's register read through a register snapshot: its postings' lines read from the log by offset,
/// then the log's tail after the snapshot, with no state built.
public struct RegisterHistory {
  public var holderID: String
  public var holderName: String
  /// The register's entries in log order, through the bound.
  public var entries: [HistoryEntry]
  /// The seq of the last event within the bound (any holder's).
  public var lastSeq: Int64

  /// What reading through register snapshots gave.
  public enum Outcome {
    case served(RegisterHistory)
    /// No holder had that id, name or alias by the bound.
    case unknownHolder
    /// No usable register snapshot: build the register from a full snapshot or a replay instead.
    case unavailable
  }
}

extension SnapshotStore {
  /// Register snapshot files of this ledger, newest seq first.
  public func listRegisters() -> [(seq: Int64, path: String)] { files(".register") }

  /// The register snapshot beside a snapshot file.
  func registerPath(_ snapshotPath: String) -> String { String(snapshotPath.dropLast(5)) + ".register" }

  /// Whether the register snapshot at `path` holds exactly the bytes a replay of the log to `seq` writes
  /// (what `snapshot --check` asks of it).
  public func registerMatchesReplay(_ path: String, seq: Int64) throws -> Bool {
    let loaded = try ledger.load(bound: ReplayBound(seqMax: seq))
    guard loaded.state.lastSeq == seq,
      let parts = RegisterSnapshot.encode(
        loaded.state, next: loaded.next, lastLineOffset: loaded.lastLineOffset,
        firstLineHash: try firstLineHash() ?? LedgerState.genesisHash),
      let file = MappedFile(path: path), file.bytes.count == parts.reduce(0, { $0 + $1.count })
    else { return false }
    var offset: Int64 = 0
    for part in parts {
      guard let written = file.slice(offset, part.count), part.elementsEqual(written) else { return false }
      offset += Int64(part.count)
    }
    return true
  }

  /// The register of holder `key` (id, name or alias) through events dated on or before `through`, from
  /// the newest usable register snapshot and the log after it.
  ///
  /// A register snapshot is trusted as the other snapshots are: its last line is re-hashed against the
  /// log. Each line it points at must still be a whole line holding a movement (or correction) of this
  /// holder with the counterpart the snapshot names, in seq order; else the file is refused as stale.
  /// The tail after it is read through `LogReader` (framing, seq and the hash chain are checked; `verify`
  /// checks the invariants too). A damaged log throws, as any read of it does.
  public func history(holder key: String, through: LedgerDate?) throws -> (
    outcome: RegisterHistory.Outcome, refusals: [(path: String, reason: Snapshot.Refusal)]
  ) {
    var refusals: [(String, Snapshot.Refusal)] = []
    for (_, path) in listRegisters() {
      do {
        let file = try RegisterFile(path: path)
        if let refusal = pointRefusal(
          firstLineHash: file.firstLineHash, lastLineOffset: file.lastLineOffset, next: file.next,
          lastSeq: file.lastSeq)
        {
          throw refusal
        }
        return (try history(file, key: key, through: through), refusals)
      } catch let refusal as Snapshot.Refusal {
        refusals.append((path, refusal))
      }
    }
    return (.unavailable, refusals)
  }

  private func history(_ file: RegisterFile, key: String, through: LedgerDate?) throws -> RegisterHistory.Outcome {
    var holderID: String?
    var holderName = ""
    var entries: [HistoryEntry] = []
    if let index = file.holder(named: key) {
      guard let holder = file.holder(at: index) else { throw Snapshot.Refusal.damaged }
      // A holder opened after the bound is as unknown as in a replay to the bound.
      if through.map({ holder.openSeq <= file.lastSeq(through: $0) }) ?? true {
        (holderID, holderName) = (holder.id, holder.name)
        entries = try entriesBeforeTail(file, holder: index, holderID: holder.id, through: through)
      }
    }
    // The tail holds only events dated on or after the file's last date (the log is in date order).
    if let through, let last = file.lastDate, through < last {
      guard let holderID else { return .unknownHolder }
      return .served(
        RegisterHistory(
          holderID: holderID, holderName: holderName, entries: entries, lastSeq: file.lastSeq(through: through)))
    }
    var lastSeq = file.lastSeq
    var opened: [String: String] = [:]
    // Tail entries are named once the tail is read: a counterpart may be any holder.
    let tailStart = entries.count
    var byID: [String: Int] = [:]
    var indexed = 0
    try LogReader.read(path: ledger.path, from: file.next) { frame in
      let event = frame.event
      if let through, event.date > through { return false }
      lastSeq = event.seq ?? lastSeq
      switch event.type {
      case .open:
        guard let id = event.holder, let name = event.name else { break }
        opened[id] = name
        if holderID == nil, id == key || name == key || event.aliases.contains(key) {
          (holderID, holderName) = (id, name)
        }
      case .correct:
        guard let target = event.target else { break }
        SnapshotStore.index(entries, from: &indexed, into: &byID)
        if let at = byID[target] { entries.append(HistoryEntry(correction: event, of: entries[at])) }
      default:
        guard let holderID, let entry = HistoryEntry(movement: event, holderID: holderID, counterpartName: "") else {
          break
        }
        entries.append(entry)
      }
      return true
    }
    guard let holderID else { return .unknownHolder }
    // Counterparts opened in the tail are named by their `open`; the rest from the file, in one pass.
    let tail = tailStart..<entries.count
    let fromFile = file.names(ofIDs: Set(tail.map { entries[$0].counterpartID }.filter { opened[$0] == nil }))
    for i in tail {
      let id = entries[i].counterpartID
      entries[i].counterpartName = opened[id] ?? fromFile[id] ?? ""
    }
    return .served(
      RegisterHistory(
        holderID: holderID, holderName: holderName, entries: entries, lastSeq: lastSeq))
  }

  /// Adds the ids of `entries[indexed...]` to `byID` (a correction finds its target there).
  private static func index(_ entries: [HistoryEntry], from indexed: inout Int, into byID: inout [String: Int]) {
    while indexed < entries.count {
      byID[entries[indexed].id] = indexed
      indexed += 1
    }
  }

  /// The event on the line `posting` points at, read with `pread` (a mapping of a multi-gigabyte log was
  /// counted whole in the resident size on this kernel); nil unless it is one whole line that decodes.
  private static func event(_ fd: Int32, _ posting: RegisterFile.Posting) -> Event? {
    var cache = FastEventDecoder.Cache()
    return event(fd, posting, cache: &cache)
  }

  /// As `event(_:_:)`, with the decoder's cache kept across the lines one worker reads: a holder's lines
  /// in log order mostly come from the same appends and share their `recorded` time, parsed once then.
  private static func event(_ fd: Int32, _ posting: RegisterFile.Posting, cache: inout FastEventDecoder.Cache)
    -> Event?
  {
    // The byte before the line (a newline, unless the line is the first) and the line's own newline.
    let before = posting.lineOffset > 0 ? 1 : 0
    let count = posting.lineLength + 1 + before
    return withUnsafeTemporaryAllocation(byteCount: count, alignment: 1) { raw -> Event? in
      let read = pread(fd, raw.baseAddress!, count, off_t(posting.lineOffset - Int64(before)))
      guard read == count, raw[count - 1] == 0x0A, before == 0 || raw[0] == 0x0A else { return nil }
      let line = UnsafeRawBufferPointer(rebasing: raw[before..<(count - 1)])
      return FastEventDecoder.decode(line, cache: &cache) ?? (try? EventCodec.decode(line, mode: .stored))
    }
  }

  /// Linux's `O_NOATIME` (not exported by Swift's Glibc module): reads do not look at the access time.
  private static let openNoAccessTime: Int32 = 0o1_000_000

  /// Opens the log for reading a few thousand lines one `pread` each: without updating (or checking
  /// whether to update) its access time on every read, which was a tenth of the kernel's time per read.
  /// The flag is refused to anyone but the file's owner; the log is then opened as usual.
  private static func openForScatteredReads(_ path: String) -> Int32 {
    #if os(Linux)
      let fd = Glibc.open(path, O_RDONLY | openNoAccessTime)
      if fd >= 0 || errno != EPERM { return fd }
    #endif
    return Glibc.open(path, O_RDONLY)
  }

  /// What one posting's line gave, before corrections are matched to their targets.
  private enum Line {
    /// A movement of the holder's money, with the counterpart the file names.
    case movement(HistoryEntry)
    /// A correction: its target is found among the entries before it.
    case correction(Event, counterpartID: String)
    /// The line is not a whole line that decodes to an event of this holder with that counterpart.
    case stale
  }

  /// The entries the file's postings give for `holder`, through `through`: each line read from the log by
  /// its offset, decoded and made an entry on all cores (the lines are independent), then checked in
  /// order (seq rising, within the file's point) and corrections matched to their targets.
  private func entriesBeforeTail(_ file: RegisterFile, holder: Int32, holderID: String, through: LedgerDate?) throws
    -> [HistoryEntry]
  {
    var postings = try file.postings(of: holder)
    let fd = SnapshotStore.openForScatteredReads(ledger.path)
    guard fd >= 0 else { throw LedgerError.io(path: ledger.path, operation: "open", errno: errno) }
    defer { Glibc.close(fd) }
    if let through, let last = file.lastDate, through < last {
      // Only the lines up to the bound's last seq (from the day table) are read: found by bisecting the
      // postings, one line decoded a step.
      let seqMax = file.lastSeq(through: through)
      var low = 0
      var high = postings.count
      while low < high {
        let middle = (low + high) / 2
        guard let seq = SnapshotStore.event(fd, postings[middle])?.seq else {
          throw Snapshot.Refusal.stale(seq: file.lastSeq)
        }
        if seq <= seqMax { low = middle + 1 } else { high = middle }
      }
      postings.removeSubrange(low...)
    }
    let lines = readLines(postings, fd: fd, file: file, holderID: holderID)
    var entries: [HistoryEntry] = []
    entries.reserveCapacity(postings.count)
    var byID: [String: Int] = [:]
    var indexed = 0
    var lastSeq: Int64 = 0
    let stale = Snapshot.Refusal.stale(seq: file.lastSeq)
    // Seqs must rise and stay within the file's point; false once past the bound (the log is in date
    // order, so every later line is past it too).
    func within(_ seq: Int64, _ date: LedgerDate) throws -> Bool {
      guard seq > lastSeq, seq <= file.lastSeq else { throw stale }
      lastSeq = seq
      return through.map { date <= $0 } ?? true
    }
    // The parts are read in place, not joined: a copy of every line's entry was a sixth of the pages a long
    // register touched.
    for line in lines.joined() {
      switch line {
      case .stale: throw stale
      case .movement(let entry):
        guard try within(entry.seq, entry.date) else { return entries }
        entries.append(entry)
      case .correction(let event, let counterpartID):
        guard try within(event.seq ?? 0, event.date) else { return entries }
        SnapshotStore.index(entries, from: &indexed, into: &byID)
        guard let target = event.target, let at = byID[target], entries[at].counterpartID == counterpartID else {
          throw stale
        }
        entries.append(HistoryEntry(correction: event, of: entries[at]))
      }
    }
    return entries
  }

  /// The lines `postings` point at, made entries, in parts (in order).
  private func readLines(_ postings: [RegisterFile.Posting], fd: Int32, file: RegisterFile, holderID: String)
    -> [[Line]]
  {
    let parts = Parallel.map(count: postings.count, partCountMin: 256) { range -> [Line] in
      var lines: [Line] = []
      lines.reserveCapacity(range.count)
      var cache = FastEventDecoder.Cache()
      // A holder deals with the same counterparts again and again (a prefecture's 24,338 lines name
      // 11,168), and each look-up in the file decodes two strings from pages touched for the first time.
      var counterparts: [Int32: (id: String, name: String)] = [:]
      for posting in postings[range] {
        let event = SnapshotStore.event(fd, posting, cache: &cache)
        var counterpart = counterparts[posting.counterpart]
        if counterpart == nil, let holder = file.holder(at: posting.counterpart) {
          counterpart = (holder.id, holder.name)
          counterparts[posting.counterpart] = counterpart
        }
        guard let event, event.seq != nil, let counterpart else {
          lines.append(.stale)
          continue
        }
        if event.type == .correct {
          lines.append(.correction(event, counterpartID: counterpart.id))
        } else if let entry = HistoryEntry(movement: event, holderID: holderID, counterpartName: counterpart.name),
          entry.counterpartID == counterpart.id
        {
          lines.append(.movement(entry))
        } else {
          lines.append(.stale)
        }
      }
      return lines
    }
    return parts
  }
}
