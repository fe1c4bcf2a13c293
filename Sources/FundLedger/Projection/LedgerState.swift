/// The projection of a ledger: everything queries need, rebuilt from the log by `apply` alone.
///
/// `apply` is the only way state moves forward. Appends call it to validate (an event that yields reasons is
/// not written), replay calls it again on every line read back, and snapshots store what it produced.
public struct LedgerState: Equatable, Sendable {
  public internal(set) var holders: [Holder] = []
  public internal(set) var programs: [Program] = []
  public internal(set) var accounts = AccountTable()
  public internal(set) var lots: [Lot] = []
  public internal(set) var pieces: [ReturnPiece] = []
  public internal(set) var records: [EventRecord] = []
  /// Id, name and alias of every holder to its index.
  public internal(set) var holderIndex = NameIndex()
  /// Id and name of every program to its index.
  public internal(set) var programIndex = NameIndex()
  /// Event id to record index.
  public internal(set) var recordIndex = RecordIndex()
  /// Department budget and final-accounts lines, in log order.
  public internal(set) var bookLines: [BookLine] = []
  /// Classification codes defined by `classify` events.
  public internal(set) var classification = Classification()
  /// Audit events with their claims and payload, in log order.
  public internal(set) var audits: [AuditRecord] = []
  /// Every document number events carry, once each; a record keeps its slot here (`doc(of:)`).
  public internal(set) var docs: [String] = []
  /// Document number to its slot in `docs`.
  var docSlots: [String: Int32] = [:]
  /// For each slot of `docs`, the record indices of the events that carry it.
  var docRecords: [[Int32]] = []

  /// Seqs that have no record, in order: lines that were read and refused, which only `verify` and
  /// `snapshot` go on past (see `seq(ofRecord:)`). Empty for a ledger without violations.
  public internal(set) var skippedSeqs: [Int64] = []

  /// The last applied event's seq, date, recorded time (ms) and line hash.
  public internal(set) var lastSeq: Int64 = 0
  public internal(set) var lastDate: LedgerDate?
  public internal(set) var lastRecordedMillis: Int64 = 0
  public internal(set) var lastDigest = Digest.zero
  /// `lastDigest` in hex, as the log and the reports write it.
  public var lastHash: String { lastDigest.hex }

  /// The `prev` of the first line.
  public static let genesisHash = String(repeating: "0", count: 64)

  public init() {}

  // MARK: Lookup

  /// A holder by id, Chinese name or alias.
  public func holder(named key: String) -> Int32? {
    if holderIndex.isEmpty && !holders.isEmpty {
      // A state read from a query snapshot has no holder index (see `rebuildIndexes(holders:)`).
      return holders.firstIndex { $0.id == key || $0.name == key || $0.aliases.contains(key) }.map(Int32.init)
    }
    return holderIndex[key]
  }

  /// A program by id or name.
  public func program(named key: String) -> Int32? { programIndex[key] }

  /// The account (holder, program, budget year) that holds `lot`.
  public func account(of lot: Lot) -> AccountKey { accounts.keys[Int(lot.accountSlot)] }

  /// The document number `record` carries, if any.
  public func doc(of record: EventRecord) -> String? { record.docSlot < 0 ? nil : docs[Int(record.docSlot)] }

  /// The record indices of the events that carry document number `doc`, in log order.
  public func records(doc: String) -> [Int32] { docSlots[doc].map { docRecords[Int($0)] } ?? [] }

  /// Notes that record `record` carries `doc`, and returns the document's slot in `docs`.
  mutating func noteDoc(_ doc: String, record: Int32) -> Int32 {
    if let slot = docSlots[doc] {
      docRecords[Int(slot)].append(record)
      return slot
    }
    let slot = Int32(docs.count)
    docs.append(doc)
    docSlots[doc] = slot
    docRecords.append([record])
    return slot
  }

  /// The seq of record `number`. A record does not store it (8 bytes on each of 10M records): `apply` takes
  /// events in seq order, so record i is the event of seq i + 1, unless lines were refused before it.
  public func seq(ofRecord number: Int) -> Int64 {
    var seq = Int64(number) + 1
    for skipped in skippedSeqs {
      guard skipped <= seq else { break }
      seq += 1
    }
    return seq
  }

  public func record(id: String) -> EventRecord? { recordNumber(id: id).map { records[Int($0)] } }

  /// The record number of the event with `id`, or nil.
  public func recordNumber(id: String) -> Int32? { recordIndex.find(id, in: records) }

  /// True when `holder` is `ancestor` or below it.
  public func isDescendant(_ holder: Int32, of ancestor: Int32) -> Bool {
    var current = holder
    while current >= 0 {
      if current == ancestor { return true }
      current = holders[Int(current)].parent
    }
    return false
  }

  /// For a state loaded from a summary snapshot: its holders are those that are not final recipients,
  /// with per-(program, year) figure rows instead of accounts, and how many recipients sit directly
  /// under each (a report that would list them needs the query snapshot instead). Empty otherwise.
  public internal(set) var figureGroups: [Figures.Group] = []
  public internal(set) var recipientChildCounts: [Int32] = []

  /// For a state loaded from a query snapshot (no lots): each account's oldest held arrival.
  /// By account slot; empty for a state built by `apply`.
  public internal(set) var oldestHeldSummary: [HeldSince?] = []
  /// The slots movements changed, for a writer's day-end summaries (see `ChangedSlots`).
  var changedSlots = ChangedSlots()

  /// When an account's oldest held money arrived.
  public struct HeldSince: Sendable, Equatable {
    public var date: LedgerDate
    public var approximate: Bool
  }

  /// The arrival date of the oldest money still held in the account at `slot`, and whether that date is
  /// known only approximately (to the month, year or as a bound): from the lots, or from a query
  /// snapshot's summary. Read in place (no copy of the lot queue).
  public func oldestHeld(slot: Int) -> (LedgerDate, Bool)? {
    guard accounts.values[slot].heldFen > 0 else { return nil }
    if lots.isEmpty, slot < oldestHeldSummary.count {
      return oldestHeldSummary[slot].map { ($0.date, $0.approximate) }
    }
    return accounts.values[slot].lotQueue.withUnsafeBufferPointer { queue in
      var position = Int(accounts.values[slot].head)
      while position < queue.count {
        let lot = lots[Int(queue[position])]
        if lot.heldFen > 0 { return (lot.date, records[Int(lot.record)].datePrecision != .day) }
        position += 1
      }
      return nil
    }
  }

  /// Each holder's direct children, in the order they were opened.
  public func holderChildren() -> [[Int32]] {
    var children: [[Int32]] = Array(repeating: [], count: holders.count)
    for (index, holder) in holders.enumerated() where holder.parent >= 0 {
      children[Int(holder.parent)].append(Int32(index))
    }
    return children
  }

  /// True when `program` is `ancestor` or below it.
  public func isSubprogram(_ program: Int32, of ancestor: Int32) -> Bool {
    var current = program
    while current >= 0 {
      if current == ancestor { return true }
      current = programs[Int(current)].parent
    }
    return false
  }

  /// Replaces holder and program names or aliases in `event` with their ids, so the log stores ids only.
  public func canonicalize(_ event: Event) -> Event { canonicalizeResolving(event).event }

  /// As `canonicalize`, with the numbers a movement's names resolved to (for `apply`).
  func canonicalizeResolving(_ event: Event) -> (event: Event, resolved: ResolvedNames) {
    var resolved = ResolvedNames()
    var copy = event
    // Each field is written only when it changes: input that already names ids (nearly all) then shares
    // the event's storage instead of copying it.
    @discardableResult
    func holderID(_ key: String?, _ set: (inout Event, String) -> Void) -> Int32? {
      guard let key, let index = holderIndex[key] else { return nil }
      let id = holders[Int(index)].id
      if id != key { set(&copy, id) }
      return index
    }
    @discardableResult
    func programID(_ key: String?, _ set: (inout Event, String) -> Void) -> Int32? {
      guard let key, let index = programIndex[key] else { return nil }
      let id = programs[Int(index)].id
      if id != key { set(&copy, id) }
      return index
    }
    switch event.type {
    case .open: holderID(event.parent) { $0.parent = $1 }
    case .define: programID(event.parent) { $0.parent = $1 }
    case .budget:
      holderID(event.holder) { $0.holder = $1 }
      programID(event.program) { $0.program = $1 }
    case .allocate, .redistribute, .disburse, .return:
      resolved.from = holderID(event.from) { $0.from = $1 }
      resolved.to = holderID(event.to) { $0.to = $1 }
      resolved.program = programID(event.program) { $0.program = $1 }
    case .line:
      holderID(event.holder) { $0.holder = $1 }
      programID(event.program) { $0.program = $1 }
      copy.functional = event.functional.map { $0.filter { $0 != " " } }
      copy.economic = event.economic.map { $0.filter { $0 != " " } }
    case .classify: copy.code = event.code.map { $0.filter { $0 != " " } }
    case .correct, .audit: break
    }
    return (copy, resolved)
  }

  /// Makes room for about `events` more events at once: growing the records and lots by doubling copies
  /// them, and during that copy both the old and the new arrays are resident, which was the peak of a
  /// 10M-event replay. Reserving more than is used costs only address space: untouched pages stay unmapped.
  public mutating func reserveCapacity(events: Int) {
    guard events > 4_096 else { return }
    records.reserveCapacity(records.count + events)
    lots.reserveCapacity(lots.count + Self.lotsMax(events: events))
    recordIndex.reserveCapacity(records.count + events, records: records)
    // Grown by doubling, the accounts' arrays were a sixth of a replay's page faults (each copy touches
    // the new arrays afresh).
    accounts.reserveEntries(accounts.count + Self.accountsMax(events: events))
  }

  /// Room in the lots for `events` more events (a movement makes a lot for each arrival it draws on, so
  /// a quarter more than the events), shared by `reserveCapacity` and a snapshot loaded for a tail.
  static func lotsMax(events: Int) -> Int { events + events / 4 }

  /// Room in the accounts for `events` more events: a generated national ledger opens about one account
  /// for five events (a recipient's first payment under a program and year); more only costs address space.
  static func accountsMax(events: Int) -> Int { events / 4 }

  /// Sets the line offsets of the records from `first` on: `base` plus each line's start (an append
  /// applies events before their lines are made; see `LineEncoder`).
  mutating func setLineOffsets(fromRecord first: Int, base: Int64, starts: [Int]) {
    precondition(first + starts.count == records.count, "one line per staged record")
    for (index, start) in starts.enumerated() { records[first + index].lineOffset = base + Int64(start) }
  }

  // MARK: Apply

  /// Validates `event` against the state and, when no reason stands against it, applies it.
  ///
  /// Returns the reasons it was refused; the state is unchanged in that case. `lineDigest` is the SHA-256
  /// of the event's line, which the next line's `prev` must name.
  @discardableResult
  public mutating func apply(_ event: Event, lineDigest: Digest? = nil, lineOffset: Int64 = -1) -> [Reason] {
    apply(event, lineDigest: lineDigest, lineOffset: lineOffset, resolved: nil)
  }

  /// As `apply`, with numbers already found for a movement's names (by `canonicalizeResolving` when staging,
  /// by a `NameMirror` when reading a log): hints, which debug builds check against the lookup.
  mutating func apply(_ event: Event, lineDigest: Digest?, lineOffset: Int64, resolved: ResolvedNames?) -> [Reason] {
    var reasons: [Reason] = []
    let idHash = TaggedSlots.hash(event.id)
    if recordIndex.find(event.id, hash: idHash, in: records) != nil { reasons.append(.idMustBeUnique(id: event.id)) }
    if let lastDate, event.date < lastDate {
      reasons.append(.dateMustNotPrecedeLatestEvent(latest: lastDate.description))
    }
    // Records follow seq (`seq(ofRecord:)`). The readers check seq before they get here and the writer
    // stamps it, so an event out of order is a bug; so is applying to a view, which holds no records.
    let seq = event.seq ?? lastSeq + 1
    precondition(
      seq > lastSeq && lastSeq == Int64(records.count + skippedSeqs.count),
      "apply: event \(event.id) has seq \(seq) after seq \(lastSeq) with \(records.count) records")
    var record = EventRecord(
      id: event.id, type: event.type, date: event.date, datePrecision: event.datePrecision, lineOffset: lineOffset)
    var commit: ((inout LedgerState, inout EventRecord) -> Void)?
    // Movements, most of a ledger's events, commit through a plain value instead of a closure: a closure's
    // captures are a heap object made and freed per event.
    var movement: Movement?

    switch event.type {
    case .open: commit = checkOpen(event, &reasons)
    case .define: commit = checkDefine(event, &reasons)
    case .budget: commit = checkBudget(event, &record, &reasons)
    case .allocate, .redistribute, .disburse, .return:
      movement = checkMovement(event, &record, &reasons, resolved: resolved)
    case .correct: commit = checkCorrection(event, &record, &reasons)
    case .audit: commit = checkAudit(event, &reasons)
    case .classify: commit = checkClassify(event, &reasons)
    case .line: commit = checkLine(event, &record, &reasons)
    }
    guard reasons.isEmpty, commit != nil || movement != nil else { return reasons }

    let recordNumber = Int32(records.count)
    let lotsBefore = Int32(lots.count)
    let piecesBefore = Int32(pieces.count)
    if let movement {
      commitMovement(movement)
    } else {
      commit!(&self, &record)
    }
    // The record keeps one range: a return makes pieces and no lots, every other event no pieces.
    precondition(
      event.type == .return ? Int32(lots.count) == lotsBefore : Int32(pieces.count) == piecesBefore,
      "event \(event.id) made both lots and return pieces")
    (record.lotStart, record.lotEnd) = (lotsBefore, Int32(lots.count))
    (record.pieceStart, record.pieceEnd) = (piecesBefore, Int32(pieces.count))
    if let doc = event.doc { record.docSlot = noteDoc(doc, record: recordNumber) }
    if seq > lastSeq + 1 { skippedSeqs.append(contentsOf: (lastSeq + 1)..<seq) }
    records.append(record)
    recordIndex.insert(recordNumber, hash: idHash, in: records)
    lastSeq = seq
    lastDate = event.date
    if let time = event.recordedTime { lastRecordedMillis = time.millis }
    if let lineDigest { lastDigest = lineDigest }
    return []
  }

  /// The keys an `open` event makes its holder found by: id, name and aliases, each once.
  static func holderKeys(_ event: Event) -> [String] {
    ([event.holder!, event.name!] + event.aliases).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
  }

  /// The keys a `define` event makes its program found by: id and name.
  static func programKeys(_ event: Event) -> [String] {
    event.program! == event.name! ? [event.program!] : [event.program!, event.name!]
  }

  private func checkOpen(_ event: Event, _ reasons: inout [Reason]) -> ((inout LedgerState, inout EventRecord) -> Void)?
  {
    let id = event.holder!
    let name = event.name!
    let level = event.level!
    let keys = LedgerState.holderKeys(event)
    for key in keys where holderIndex[key] != nil { reasons.append(.holderMustBeNew(value: key)) }
    var parentIndex: Int32 = -1
    if let parent = event.parent {
      if let index = holderIndex[parent] {
        parentIndex = index
        let parentLevel = holders[Int(index)].level
        // A budget unit may sit under another (a department's subordinate institutions, 二级预算单位).
        if level < parentLevel || (level == parentLevel && level != .unit) {
          reasons.append(.levelMustBeBelowParent(level: level.rawValue, parentLevel: parentLevel.rawValue))
        }
      } else {
        reasons.append(.parentMustExist(value: parent))
      }
    }
    return { state, _ in
      let index = Int32(state.holders.count)
      state.holders.append(Holder(id: id, name: name, level: level, parent: parentIndex, aliases: event.aliases))
      for key in keys { state.holderIndex[key] = index }
    }
  }

  private func checkDefine(_ event: Event, _ reasons: inout [Reason]) -> (
    (inout LedgerState, inout EventRecord) -> Void
  )? {
    let id = event.program!
    let name = event.name!
    let source = event.source!
    let keys = LedgerState.programKeys(event)
    for key in keys where programIndex[key] != nil { reasons.append(.programMustBeNew(value: key)) }
    var parentIndex: Int32 = -1
    if let parent = event.parent {
      if let index = programIndex[parent] {
        parentIndex = index
        if programs[Int(index)].source != source {
          reasons.append(.parentProgramMustHaveSameSource(parent: parent))
        }
      } else {
        reasons.append(.parentMustExist(value: parent))
      }
    }
    return { state, _ in
      let index = Int32(state.programs.count)
      state.programs.append(Program(id: id, name: name, source: source, parent: parentIndex))
      for key in keys { state.programIndex[key] = index }
    }
  }

  private func checkClassify(_ event: Event, _ reasons: inout [Reason]) -> (
    (inout LedgerState, inout EventRecord) -> Void
  )? {
    let system = event.system!
    let code = event.code!
    let name = event.name!
    guard code.allSatisfy({ $0.isASCII && $0.isNumber }), Classification.lengths(system).contains(code.count) else {
      reasons.append(.codeMustBeWellFormed(system: system, code: code))
      return nil
    }
    if classification.names(system)[code] != nil { reasons.append(.codeMustBeNew(system: system, code: code)) }
    if let parent = Classification.parent(code), classification.names(system)[parent] == nil {
      reasons.append(.codeParentMustExist(system: system, code: code, parent: parent))
    }
    return { state, _ in
      if system == "functional" {
        state.classification.functional[code] = name
      } else {
        state.classification.economic[code] = name
      }
    }
  }

  private func checkLine(_ event: Event, _ record: inout EventRecord, _ reasons: inout [Reason])
    -> ((inout LedgerState, inout EventRecord) -> Void)?
  {
    let holder = resolveHolder("holder", event.holder!, &reasons)
    var program: Int32 = -1
    if let key = event.program {
      if let index = programIndex[key] {
        program = index
      } else {
        reasons.append(.programMustExist(field: "program", value: key))
      }
    }
    for (system, value) in [("functional", event.functional), ("economic", event.economic)] {
      guard let code = value else { continue }
      if !code.allSatisfy({ $0.isASCII && $0.isNumber }) || !Classification.lengths(system).contains(code.count) {
        reasons.append(.codeMustBeWellFormed(system: system, code: code))
      } else if classification.names(system)[code] == nil {
        reasons.append(.codeMustExist(system: system, code: code))
      }
    }
    guard let holder, reasons.isEmpty else { return nil }
    let line = BookLine(
      record: Int32(records.count), holder: holder, budgetYear: Int32(event.budgetYear!), direction: event.direction!,
      phase: event.phase!, amountFen: event.amountFen!, source: event.fundSource, kind: event.kind,
      functional: event.functional,
      economic: event.economic, item: event.item, project: event.project, program: program, link: event.link)
    // A project's final (决算) may not exceed its full-year budget (全年预算) once that budget is recorded.
    if let project = line.project, line.direction == "expenditure", line.phase == "final" {
      let live = bookLines.filter {
        records[Int($0.record)].correctedBy < 0 && $0.holder == holder && $0.budgetYear == line.budgetYear
          && $0.project == project && $0.direction == "expenditure"
      }
      let budget = live.filter { $0.phase == "adjusted" }.map(\.amountFen).reduce(0, +)
      let spent = live.filter { $0.phase == "final" }.map(\.amountFen).reduce(0, +) + line.amountFen
      if live.contains(where: { $0.phase == "adjusted" }) && spent > budget {
        reasons.append(.projectMustNotExceedItsBudget(project: project, budgetFen: budget, finalFen: spent))
        return nil
      }
    }
    record.to = holder
    record.budgetYear = line.budgetYear
    record.amountFen = line.amountFen
    record.program = program
    return { state, _ in state.bookLines.append(line) }
  }

  private func checkAudit(_ event: Event, _ reasons: inout [Reason]) -> (
    (inout LedgerState, inout EventRecord) -> Void
  )? {
    let parsed = LedgerState.parseAudit(event.details, state: self, date: event.date, eventID: event.id)
    reasons.append(contentsOf: parsed.reasons)
    guard parsed.reasons.isEmpty else { return nil }
    return { state, _ in
      state.audits.append(
        AuditRecord(
          record: Int32(state.records.count), claims: parsed.claims, evaluation: parsed.evaluation,
          detailsJSON: parsed.json))
    }
  }

  /// Reads an audit event's payload: its claims (checked against the registry) and its canonical JSON.
  static func parseAudit(_ details: [(String, JSONValue)], state: LedgerState, date: LedgerDate, eventID: String)
    -> (claims: [Claim], evaluation: Evaluation?, json: [UInt8], reasons: [Reason])
  {
    var claims: [Claim] = []
    var reasons: [Reason] = []
    var asOf = date
    if let value = details.first(where: { $0.0 == "as_of" })?.1 {
      if let text = value.stringValue, let parsed = LedgerDate(text) {
        asOf = parsed
      } else {
        reasons.append(.claimMustBeWellFormed(index: 0, problem: "\"as_of\" must be a date YYYY-MM-DD"))
      }
    }
    if let value = details.first(where: { $0.0 == "claims" })?.1 {
      if case .array(let items) = value {
        for (index, item) in items.enumerated() {
          switch Claim.parse(item, index: index, state: state, defaultAsOf: asOf) {
          case .success(let claim): claims.append(claim)
          case .failure(let reason): reasons.append(reason)
          }
        }
      } else {
        reasons.append(.claimMustBeWellFormed(index: 0, problem: "\"claims\" must be an array"))
      }
    }
    var evaluation: Evaluation?
    if let value = details.first(where: { $0.0 == "evaluation" })?.1 {
      do {
        evaluation = try Evaluation.parse(value, state: state, date: asOf, eventID: eventID)
      } catch {
        reasons.append(error)
      }
    }
    var writer = JSONWriter()
    writer.value(.object(details))
    return (claims, evaluation, writer.bytes, reasons)
  }

  private func resolveHolder(_ field: String, _ value: String, _ reasons: inout [Reason]) -> Int32? {
    guard let index = holderIndex[value] else {
      reasons.append(.holderMustExist(field: field, value: value))
      return nil
    }
    return index
  }

  private func resolveProgram(_ value: String, _ reasons: inout [Reason]) -> Int32? {
    guard let index = programIndex[value] else {
      reasons.append(.programMustExist(field: "program", value: value))
      return nil
    }
    return index
  }

  private func checkBudgetYear(_ event: Event, _ reasons: inout [Reason]) {
    let year = Int64(event.date.parts.year)
    if let budgetYear = event.budgetYear, abs(budgetYear - year) > 1 {
      reasons.append(.budgetYearMustBeNearDate(budgetYear: budgetYear, date: event.dateText))
    }
  }

  private func checkBudget(_ event: Event, _ record: inout EventRecord, _ reasons: inout [Reason])
    -> ((inout LedgerState, inout EventRecord) -> Void)?
  {
    let holder = resolveHolder("holder", event.holder!, &reasons)
    let program = resolveProgram(event.program!, &reasons)
    checkBudgetYear(event, &reasons)
    guard let holder, let program else { return nil }
    let key = AccountKey(holder: holder, program: program, budgetYear: Int32(event.budgetYear!))
    let amount = event.amountFen!
    if (accounts.slot(of: key).map { accounts.values[$0].budgetedFen } ?? 0).addingReportingOverflow(amount).overflow {
      reasons.append(.amountMustNotOverflow)
    }
    record.to = holder
    record.program = program
    record.budgetYear = key.budgetYear
    record.amountFen = amount
    return { state, _ in state.accounts.values[state.accounts.slotOpening(key)].budgetedFen += amount }
  }

  /// What a validated movement changes, applied by `commitMovement`.
  private struct Movement {
    var type: EventType
    var fromKey: AccountKey
    var toKey: AccountKey
    var amountFen: Int64
    var date: LedgerDate
    var toIsRecipient: Bool
    /// The lots the outflow spends, and how much of each.
    var plan: LotPlan
    /// The accounts' slots when the check found them (nil for an account the commit opens): a movement
    /// looked each of its two accounts up five or six times between its check and its lots.
    var fromSlot: Int?
    var toSlot: Int?
  }

  private func checkMovement(
    _ event: Event, _ record: inout EventRecord, _ reasons: inout [Reason], resolved: ResolvedNames?
  ) -> Movement? {
    // A number handed in is the one the lookup would find (debug builds check it): a reader's or a
    // `StagingPass`'s mirror of the names, trusted until an `open` or `define` is refused.
    assert(resolved?.from.map { $0 == holderIndex[event.from!] } ?? true, "hint for \(event.from!)")
    assert(resolved?.to.map { $0 == holderIndex[event.to!] } ?? true, "hint for \(event.to!)")
    assert(resolved?.program.map { $0 == programIndex[event.program!] } ?? true, "hint for \(event.program!)")
    let from = resolved?.from ?? resolveHolder("from", event.from!, &reasons)
    let to = resolved?.to ?? resolveHolder("to", event.to!, &reasons)
    let program = resolved?.program ?? resolveProgram(event.program!, &reasons)
    checkBudgetYear(event, &reasons)
    guard let from, let to, let program else { return nil }
    if from == to { reasons.append(.moneyMustMoveToAnotherHolder) }
    // Levels only: copying a `Holder` retains its id, name and aliases, twice per movement; the ids are
    // read only when a reason needs them.
    let fromLevel = holders[Int(from)].level
    let toLevel = holders[Int(to)].level
    let year = Int32(event.budgetYear!)
    let amount = event.amountFen!
    let fromKey = AccountKey(holder: from, program: program, budgetYear: year)
    let toKey = AccountKey(holder: to, program: program, budgetYear: year)
    record.from = from
    record.to = to
    record.program = program
    record.budgetYear = year
    record.amountFen = amount
    let toSlot = accounts.slot(of: toKey)
    let fromSlot = accounts.slot(of: fromKey)
    let arrivedFen = toSlot.map { accounts.values[$0].arrivedFen } ?? 0
    let issuedFen = fromSlot.map { accounts.values[$0].issuedFen } ?? 0
    if arrivedFen.addingReportingOverflow(amount).overflow || issuedFen.addingReportingOverflow(amount).overflow {
      reasons.append(.amountMustNotOverflow)
    }

    var plan = LotPlan()
    switch event.type {
    case .allocate:
      if fromLevel > .province { reasons.append(.issuerMustBeCentralOrProvince(holder: holders[Int(from)].id)) }
      let source = programs[Int(program)].source
      if (source == .central) != (fromLevel == .central) && fromLevel <= .province {
        reasons.append(.issuerMustMatchProgramSource(source: source.rawValue, level: fromLevel.rawValue))
      }
      if !event.fundedBy.isEmpty { reasons.append(.fundedByMustCoverAmount(availableFen: 0, neededFen: amount)) }
    case .redistribute, .disburse, .return:
      if event.type != .return && fromLevel == .recipient {
        reasons.append(.recipientMustNotPassMoneyOn(holder: holders[Int(from)].id))
      }
      if event.type == .redistribute && (toLevel == .recipient || from == to || !isDescendant(to, of: from)) {
        reasons.append(.redistributionMustGoBelowSender(from: holders[Int(from)].id, to: holders[Int(to)].id))
      }
      if event.type == .disburse && toLevel != .recipient {
        reasons.append(.disbursementMustGoToRecipient(to: holders[Int(to)].id))
      }
      plan = consumptionPlan(event, fromKey, slot: fromSlot, toHolder: to, &reasons)
    default: break
    }
    guard reasons.isEmpty else { return nil }
    return Movement(
      type: event.type, fromKey: fromKey, toKey: toKey, amountFen: amount, date: event.date,
      toIsRecipient: toLevel == .recipient, plan: plan, fromSlot: fromSlot, toSlot: toSlot)
  }

  /// Applies a movement `checkMovement` found valid.
  private mutating func commitMovement(_ movement: Movement) {
    let (fromKey, toKey, amount, date) = (movement.fromKey, movement.toKey, movement.amountFen, movement.date)
    let recordNumber = Int32(records.count)
    // The sender's account before the receiver's, when either is opened here: the order slots are given in.
    let fromSlot = movement.fromSlot ?? accounts.slotOpening(fromKey)
    switch movement.type {
    case .allocate:
      accounts.values[fromSlot].issuedFen += amount
      if movement.toIsRecipient { accounts.values[fromSlot].issuedPaidFen += amount }
      let toSlot = movement.toSlot ?? accounts.slotOpening(toKey)
      noteChanged(fromSlot, toSlot)
      addLot(slot: toSlot, record: recordNumber, parent: -1, amount: amount, date: date)
      accounts.values[toSlot].arrivedFen += amount
    case .redistribute, .disburse:
      let toSlot = movement.toSlot ?? accounts.slotOpening(toKey)
      noteChanged(fromSlot, toSlot)
      for (lot, part) in movement.plan {
        take(lot, part)
        addLot(slot: toSlot, record: recordNumber, parent: lot, amount: part, date: date)
      }
      if movement.type == .redistribute {
        accounts.values[fromSlot].passedDownFen += amount
      } else {
        accounts.values[fromSlot].paidFen += amount
      }
      accounts.values[toSlot].arrivedFen += amount
    case .return:
      for (lot, part) in movement.plan {
        let parent = lots[Int(lot)].parent
        take(lot, part)
        lots[Int(lot)].returnedFen += part
        restore(parent, part)
        pieces.append(ReturnPiece(child: lot, parent: parent, amountFen: part))
      }
      accounts.values[fromSlot].returnedOutFen += amount
      let toSlot = movement.toSlot ?? accounts.slotOpening(toKey)
      noteChanged(fromSlot, toSlot)
      accounts.values[toSlot].returnedInFen += amount
    default: break
    }
  }

  /// Notes a movement's two slots, when a writer asked for them (`ChangedSlots`).
  @inline(__always)
  private mutating func noteChanged(_ fromSlot: Int, _ toSlot: Int) {
    guard changedSlots.isNoting else { return }
    changedSlots.slots.append(Int32(fromSlot))
    changedSlots.slots.append(Int32(toSlot))
  }

  /// Which lots an outflow spends: those named by `funded_by` if any, else first in, first out.
  /// `slot` is the account's, when the caller has found it (nil: the account does not exist).
  private func consumptionPlan(
    _ event: Event, _ key: AccountKey, slot: Int?, toHolder: Int32, _ reasons: inout [Reason]
  ) -> LotPlan {
    let amount = event.amountFen!
    guard let accountSlot = slot else {
      reasons.append(
        .amountMustNotExceedBalance(
          holder: holders[Int(key.holder)].id, program: programs[Int(key.program)].id,
          budgetYear: Int64(key.budgetYear), heldFen: 0, neededFen: amount))
      return LotPlan()
    }
    // The account's scalars only: copying the account would retain its lot queue on every outflow.
    let head = Int(accounts.values[accountSlot].head)
    let accountHeldFen = accounts.values[accountSlot].heldFen
    // Resolve funded_by references to record indices.
    var named: Set<Int32> = []
    for ref in event.fundedBy {
      var matches: [Int32] = []
      if let index = recordNumber(id: ref) { matches.append(index) }
      matches.append(contentsOf: records(doc: ref))
      matches = matches.filter { records[Int($0)].type.movesMoney }
      if matches.isEmpty {
        reasons.append(.fundedByMustExist(ref: ref))
        continue
      }
      let sameProgram = matches.filter {
        records[Int($0)].program == key.program && records[Int($0)].budgetYear == key.budgetYear
      }
      if sameProgram.isEmpty {
        reasons.append(.fundedByMustMatchProgram(ref: ref))
        continue
      }
      named.formUnion(sameProgram)
    }
    let isReturn = event.type == .return
    func eligible(_ lotIndex: Int32) -> Bool {
      let lot = lots[Int(lotIndex)]
      if lot.heldFen == 0 { return false }
      if isReturn {
        guard lot.parent >= 0, self.account(of: lots[Int(lot.parent)]).holder == toHolder else { return false }
      }
      if named.isEmpty { return true }
      var current = lotIndex
      while current >= 0 {
        if named.contains(lots[Int(current)].record) { return true }
        current = lots[Int(current)].parent
      }
      return false
    }
    var plan = LotPlan()
    var remaining = amount
    var available: Int64 = 0
    accounts.values[accountSlot].lotQueue.withUnsafeBufferPointer { queue in
      var position = head
      // Stop as soon as the amount is covered: scanning the whole queue would make every outflow O(lots).
      while remaining > 0 && position < queue.count {
        let lotIndex = queue[position]
        position += 1
        guard eligible(lotIndex) else { continue }
        let part = min(lots[Int(lotIndex)].heldFen, remaining)
        plan.append((lotIndex, part))
        remaining -= part
      }
      // Only a refusal needs the total available, for its message.
      if remaining > 0 {
        for position in head..<queue.count where eligible(queue[position]) {
          available += lots[Int(queue[position])].heldFen
        }
      }
    }
    if !event.fundedBy.isEmpty && reasons.isEmpty {
      if remaining > 0, available == 0, let ref = event.fundedBy.first {
        reasons.append(.fundedByMustReachHolder(ref: ref, holder: holders[Int(key.holder)].id))
      } else if remaining > 0 {
        reasons.append(.fundedByMustCoverAmount(availableFen: available, neededFen: amount))
      }
    } else if remaining > 0 {
      if isReturn && accountHeldFen >= amount {
        reasons.append(
          .returnMustGoUpThePath(from: holders[Int(key.holder)].id, to: holders[Int(toHolder)].id))
      } else {
        reasons.append(
          .amountMustNotExceedBalance(
            holder: holders[Int(key.holder)].id, program: programs[Int(key.program)].id,
            budgetYear: Int64(key.budgetYear), heldFen: isReturn ? available : accountHeldFen, neededFen: amount))
      }
    }
    return plan
  }

  private func checkCorrection(_ event: Event, _ record: inout EventRecord, _ reasons: inout [Reason])
    -> ((inout LedgerState, inout EventRecord) -> Void)?
  {
    let targetID = event.target!
    guard let targetIndex = recordNumber(id: targetID) else {
      reasons.append(.correctionTargetMustExist(target: targetID))
      return nil
    }
    let target = records[Int(targetIndex)]
    if target.correctedBy >= 0 {
      reasons.append(
        .correctionTargetMustNotBeCorrected(target: targetID, by: records[Int(target.correctedBy)].id))
      return nil
    }
    switch target.type {
    case .open, .define, .correct, .classify:
      reasons.append(.correctionTargetMustBeCorrectable(target: targetID, type: target.type.rawValue))
      return nil
    default: break
    }
    record.target = targetIndex
    record.from = target.from
    record.to = target.to
    record.program = target.program
    record.budgetYear = target.budgetYear
    record.amountFen = target.amountFen
    // Money a movement put somewhere must still be there to be taken back.
    if target.type == .return {
      for p in target.pieceStart..<target.pieceEnd {
        let piece = pieces[Int(p)]
        let held = lots[Int(piece.parent)].heldFen
        if held < piece.amountFen {
          reasons.append(
            .correctedMoneyMustStillBeHeld(
              target: targetID, holder: holders[Int(target.to)].id, heldFen: held, neededFen: piece.amountFen))
          return nil
        }
      }
    } else if target.type.movesMoney {
      var held: Int64 = 0
      for l in target.lotStart..<target.lotEnd { held += lots[Int(l)].heldFen }
      if held < target.amountFen {
        reasons.append(
          .correctedMoneyMustStillBeHeld(
            target: targetID, holder: holders[Int(target.to)].id, heldFen: held, neededFen: target.amountFen))
        return nil
      }
    }
    return { state, record in
      let recordNumber = Int32(state.records.count)
      state.records[Int(targetIndex)].correctedBy = recordNumber
      state.reverse(target)
    }
  }

  /// Undoes a target event's effect on accounts and lots, as of the correction's date.
  private mutating func reverse(_ target: EventRecord) {
    let year = target.budgetYear
    let amount = target.amountFen
    switch target.type {
    case .budget:
      accounts.values[accounts.slot(of: AccountKey(holder: target.to, program: target.program, budgetYear: year))!]
        .budgetedFen -= amount
    case .allocate, .redistribute, .disburse:
      let fromKey = AccountKey(holder: target.from, program: target.program, budgetYear: year)
      let toKey = AccountKey(holder: target.to, program: target.program, budgetYear: year)
      for l in target.lotStart..<target.lotEnd {
        let lot = lots[Int(l)]
        take(l, lot.heldFen)
        lots[Int(l)].reversed = true
        if lot.parent >= 0 { restore(lot.parent, lot.amountFen) }
      }
      let fromSlot = accounts.slot(of: fromKey)!
      accounts.values[accounts.slot(of: toKey)!].arrivedFen -= amount
      switch target.type {
      case .allocate:
        accounts.values[fromSlot].issuedFen -= amount
        if holders[Int(target.to)].level == .recipient { accounts.values[fromSlot].issuedPaidFen -= amount }
      case .redistribute: accounts.values[fromSlot].passedDownFen -= amount
      default: accounts.values[fromSlot].paidFen -= amount
      }
    case .return:
      for p in target.pieceStart..<target.pieceEnd {
        let piece = pieces[Int(p)]
        take(piece.parent, piece.amountFen)
        restore(piece.child, piece.amountFen)
        lots[Int(piece.child)].returnedFen -= piece.amountFen
        pieces[Int(p)].reversed = true
      }
      let fromKey = AccountKey(holder: target.from, program: target.program, budgetYear: year)
      let toKey = AccountKey(holder: target.to, program: target.program, budgetYear: year)
      accounts.values[accounts.slot(of: fromKey)!].returnedOutFen -= amount
      accounts.values[accounts.slot(of: toKey)!].returnedInFen -= amount
    default: break
    }
  }

  // MARK: Lots

  /// Adds an inflow lot to the account at `slot`.
  private mutating func addLot(slot: Int, record: Int32, parent: Int32, amount: Int64, date: LedgerDate) {
    let index = Int32(lots.count)
    let position = Int32(accounts.values[slot].lotQueue.count)
    lots.append(
      Lot(
        accountSlot: Int32(slot), record: record, parent: parent, amountFen: amount, heldFen: amount, date: date,
        queuePosition: position))
    // Mutate in place: copying the account out and back would copy its lot queue on every inflow.
    accounts.values[slot].lotQueue.append(index)
    accounts.values[slot].heldFen += amount
  }

  private mutating func take(_ lotIndex: Int32, _ amount: Int64) {
    lots[Int(lotIndex)].heldFen -= amount
    let slot = Int(lots[Int(lotIndex)].accountSlot)
    accounts.values[slot].heldFen -= amount
    // Advance the FIFO head past empty lots.
    var head = Int(accounts.values[slot].head)
    let queueCount = accounts.values[slot].lotQueue.count
    while head < queueCount, lots[Int(accounts.values[slot].lotQueue[head])].heldFen == 0 { head += 1 }
    accounts.values[slot].head = Int32(head)
  }

  private mutating func restore(_ lotIndex: Int32, _ amount: Int64) {
    let lot = lots[Int(lotIndex)]
    lots[Int(lotIndex)].heldFen += amount
    let slot = Int(lot.accountSlot)
    accounts.values[slot].heldFen += amount
    if lot.queuePosition < accounts.values[slot].head { accounts.values[slot].head = lot.queuePosition }
  }
}
