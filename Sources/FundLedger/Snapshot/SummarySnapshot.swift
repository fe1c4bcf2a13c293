/// The smallest companion of a snapshot: the holders that are not final recipients, with their figures
/// already summed per (program, budget year), own and rolled up — what `status` and a shallow `balance`
/// print.
///
/// At 10M events a query snapshot holds half a million recipients and takes a second or more to read.
/// Region and program tables, and a balance a few levels deep, only show provinces, prefectures and
/// counties, whose rolled-up rows already include every recipient below them: this file is a few hundred
/// kilobytes at any ledger size. A report that would list recipients themselves uses the query snapshot.
public enum SummarySnapshot {
  public static let magic = Array("FUNDLEDGER-SUMMARY-SNAPSHOT\n".utf8)
  public static let formatVersion: Int64 = 1

  public static func encode(_ s: LedgerState, next: LogReader.Start, lastLineOffset: Int64, firstLineHash: String)
    -> [UInt8]
  {
    var builder = SummaryBuilder()
    return assemble(
      body: encodeBody(s, builder: &builder), point: s, next: next, lastLineOffset: lastLineOffset,
      firstLineHash: firstLineHash)
  }

  /// Everything a summary holds after its log point: the registry without recipients and the figure
  /// groups, summed by `builder`, which carries them from one call to the next. An append takes one at
  /// every day end, before the lines up to there are made (`LineEncoder`), and adds the point once they
  /// are (`assemble`).
  static func encodeBody(_ s: LedgerState, builder: inout SummaryBuilder) -> [UInt8] {
    let groups = builder.groups(s)
    var reduced = LedgerState()
    reduced.programs = s.programs
    reduced.holders = builder.keptHolders
    var w = ByteWriter()
    Snapshot.writeRegistry(&w, state: reduced)
    for count in builder.recipientChildren { w.int32(count) }
    w.int32(Int32(groups.count))
    // Each holder's own row and what its subtree adds to it (the subtree minus the own row): for most
    // holders one of the two is all zero, which takes one byte.
    for group in groups {
      w.int32(group.program)
      w.int32(group.budgetYear)
      for (own, subtree) in zip(group.own, group.subtree) {
        writeRow(&w, own)
        writeRow(&w, subtree.subtracting(own))
      }
    }
    return w.bytes
  }

  /// The summary file: `body` (from `encodeBody`) after the log point, where `point` gives the last
  /// event's seq, date, recorded time and line hash.
  static func assemble(
    body: [UInt8], point: LedgerState, next: LogReader.Start, lastLineOffset: Int64, firstLineHash: String
  ) -> [UInt8] {
    var w = Snapshot.framedWriter(magic: magic)
    Snapshot.writePoint(
      &w, version: formatVersion, firstLineHash: firstLineHash, next: next, lastLineOffset: lastLineOffset,
      state: point)
    w.bytes.append(contentsOf: body)
    return Snapshot.seal(&w, magic: magic)
  }

  /// The reduced state (registry without recipients, figure groups) and where in the log it stands.
  public static func decode(_ bytes: [UInt8]) throws(Snapshot.Refusal) -> Snapshot.Companion {
    try decode(ByteSource(copying: bytes))
  }

  /// As `decode(_:)`, reading `source` in place.
  static func decode(_ source: ByteSource) throws(Snapshot.Refusal) -> Snapshot.Companion {
    let bytes = source.bytes
    var r = try Snapshot.unframe(source, magic: magic)
    do {
      let point = try Snapshot.readPointAndRegistry(&r, version: formatVersion)
      var s = point.state
      guard s.holders.allSatisfy({ $0.level != .recipient }) else { throw Snapshot.Refusal.damaged }
      s.recipientChildCounts = try s.holders.map { _ in try r.int32() }
      let groupCount = Int(try r.int32())
      guard groupCount >= 0 else { throw Snapshot.Refusal.damaged }
      for _ in 0..<groupCount {
        let program = try r.int32()
        let year = try r.int32()
        guard program >= 0, Int(program) < s.programs.count else { throw Snapshot.Refusal.damaged }
        var own: [Figures.Row] = []
        var subtree: [Figures.Row] = []
        own.reserveCapacity(s.holders.count)
        subtree.reserveCapacity(s.holders.count)
        for _ in s.holders {
          let mine = try readRow(&r)
          var below = try readRow(&r)
          own.append(mine)
          below.add(mine)
          subtree.append(below)
        }
        s.figureGroups.append(Figures.Group(program: program, budgetYear: year, own: own, subtree: subtree))
      }
      guard r.index == bytes.count else { throw Snapshot.Refusal.damaged }
      s.rebuildIndexes()
      return (s, point.next, point.lastLineOffset, point.firstLineHash)
    } catch let refusal as Snapshot.Refusal {
      throw refusal
    } catch {
      throw .damaged
    }
  }

  /// A row as a presence byte and, when not all zero, its nine sums as varints and the oldest held date.
  static func writeRow(_ w: inout ByteWriter, _ row: Figures.Row) {
    guard row != Figures.Row() else {
      w.uint8(0)
      return
    }
    // A flag, nine varints of at most ten bytes, a day and a flag.
    w.fields(maxBytes: 1 + 9 * 10 + 4 + 1) { f in
      f.uint8(1)
      for value in [
        row.budgetedFen, row.issuedFen, row.arrivedFen, row.passedDownFen, row.paidFen, row.returnedOutFen,
        row.returnedInFen, row.heldFen, row.receivedFen,
      ] { f.varint(value) }
      f.int32(row.oldestHeld?.dayNumber ?? Int32.min)
      f.uint8(row.oldestHeldIsApproximate ? 1 : 0)
    }
  }

  static func readRow(_ r: inout ByteReader) throws -> Figures.Row {
    var row = Figures.Row()
    guard try r.uint8() == 1 else { return row }
    row.budgetedFen = try r.varint()
    row.issuedFen = try r.varint()
    row.arrivedFen = try r.varint()
    row.passedDownFen = try r.varint()
    row.paidFen = try r.varint()
    row.returnedOutFen = try r.varint()
    row.returnedInFen = try r.varint()
    row.heldFen = try r.varint()
    row.receivedFen = try r.varint()
    let day = try r.int32()
    row.oldestHeld = day == Int32.min ? nil : LedgerDate(dayNumber: day)
    row.oldestHeldIsApproximate = try r.uint8() == 1
    return row
  }
}
