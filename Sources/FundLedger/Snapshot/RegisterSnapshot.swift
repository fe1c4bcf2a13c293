/// A companion of a full snapshot for `history`: for every holder, where in the log the lines of its
/// register are, and each holder's opening seq, id, name and aliases.
///
/// A holder's register needs a few thousand of the log's lines, but loading the full snapshot that holds
/// every event record takes seconds at 10M events. This file is read in pieces: a checksummed header, the
/// names (checksummed as a whole, since finding a holder by name reads them all), and only the asked
/// holder's postings (each holder's list has its own checksum). The lines themselves are read from the
/// log by offset and decoded; their money fields are the event's own, so a posting is 12 bytes.
///
/// Layout: magic, header checksum (8 bytes), header length (8), header; then the name offsets and names;
/// the postings table (where each holder's list starts, then each list's checksum); the postings.
public enum RegisterSnapshot {
  public static let magic = Array("FUNDLEDGER-REGISTER-SNAPSHOT\n".utf8)
  public static let formatVersion: Int64 = 1
  /// A posting: the line's offset and length packed in 64 bits, the counterpart's holder index in 32.
  static let postingBytes = 12
  /// Bits of a posting's first word that hold the line's length (without its newline).
  static let lengthBits: UInt64 = 21

  /// The file's parts, written one after another (the postings of a 10M-event ledger are 240 MB, so
  /// they are not copied into one array). Nil when a record has no line offset (a state not read from
  /// the log), since the file would then have nothing to point at.
  public static func encode(_ s: LedgerState, next: LogReader.Start, lastLineOffset: Int64, firstLineHash: String)
    -> [[UInt8]]?
  {
    let holderCount = s.holders.count
    // Where each holder's list starts: count, then sum.
    var starts = [Int](repeating: 0, count: holderCount + 1)
    for record in s.records where HistoryQuery.isShown(record) {
      starts[Int(record.from) + 1] += 1
      if record.to != record.from { starts[Int(record.to) + 1] += 1 }
    }
    for h in 0..<holderCount { starts[h + 1] += starts[h] }
    let postingCount = starts[holderCount]
    var postings = [UInt8](repeating: 0, count: postingCount * postingBytes)
    var cursor = starts
    var days = ByteWriter()
    var dayCount: Int32 = 0
    let ok = postings.withUnsafeMutableBytes { out -> Bool in
      for (index, record) in s.records.enumerated() {
        if index + 1 == s.records.count || s.records[index + 1].date != record.date {
          // The day table: the last seq of each day, so an as-of date finds its seq without the log.
          days.int32(record.date.dayNumber)
          days.int64(s.seq(ofRecord: index))
          dayCount += 1
        }
        guard HistoryQuery.isShown(record) else { continue }
        let end = index + 1 < s.records.count ? s.records[index + 1].lineOffset : next.offset
        let length = end - 1 - record.lineOffset
        guard record.lineOffset >= 0, length > 0, length <= Int64(LineScanner.lineBytesMax) else { return false }
        let word = UInt64(record.lineOffset) << lengthBits | UInt64(length)
        func post(_ holder: Int32, _ counterpart: Int32) {
          let at = cursor[Int(holder)] * postingBytes
          out.storeBytes(of: word.littleEndian, toByteOffset: at, as: UInt64.self)
          out.storeBytes(of: UInt32(bitPattern: counterpart).littleEndian, toByteOffset: at + 8, as: UInt32.self)
          cursor[Int(holder)] += 1
        }
        post(record.from, record.to)
        if record.to != record.from { post(record.to, record.from) }
      }
      return true
    }
    guard ok else { return nil }
    var table = ByteWriter()
    for start in starts { table.int64(Int64(start)) }
    postings.withUnsafeBytes { all in
      for h in 0..<holderCount {
        let list = UnsafeRawBufferPointer(rebasing: all[(starts[h] * postingBytes)..<(starts[h + 1] * postingBytes)])
        table.int64(Int64(bitPattern: listChecksum(list, holder: h, start: starts[h], end: starts[h + 1])))
      }
    }
    // Names: an offset for each holder (relative to the first entry), then the entries. Holders are
    // opened in the order of their `open` records, so the k-th `open` gives holder k's opening seq.
    let openSeqs = s.records.indices.lazy.filter { s.records[$0].type == .open }.map(s.seq(ofRecord:))
    guard openSeqs.count == s.holders.count else { return nil }
    var entries = ByteWriter()
    var offsets = ByteWriter()
    for (h, openSeq) in zip(s.holders, openSeqs) {
      offsets.int64(Int64(entries.bytes.count))
      entries.int64(openSeq)
      entries.string(h.id)
      entries.string(h.name)
      entries.int32(Int32(h.aliases.count))
      for a in h.aliases { entries.string(a) }
    }
    offsets.int64(Int64(entries.bytes.count))
    let names = offsets.bytes + entries.bytes
    let namesSum = names.withUnsafeBytes { Checksum64.of($0) }

    func header(namesOffset: Int64) -> [UInt8] {
      var w = ByteWriter()
      Snapshot.writePoint(
        &w, version: formatVersion, firstLineHash: firstLineHash, next: next, lastLineOffset: lastLineOffset, state: s)
      w.int32(Int32(holderCount))
      w.int32(dayCount)
      w.bytes += days.bytes
      w.int64(namesOffset)
      w.int64(Int64(names.count))
      w.int64(Int64(bitPattern: namesSum))
      w.int64(namesOffset + Int64(names.count))
      w.int64(namesOffset + Int64(names.count) + Int64(table.bytes.count))
      w.int64(Int64(postingCount))
      return w.bytes
    }
    let headerLength = header(namesOffset: 0).count
    let body = header(namesOffset: Int64(magic.count + 16 + headerLength))
    var front = ByteWriter()
    front.bytes = magic
    front.int64(Int64(bitPattern: body.withUnsafeBytes { Checksum64.of($0) }))
    front.int64(Int64(body.count))
    return [front.bytes + body, names, table.bytes, postings]
  }

  /// The checksum of one holder's list, bound to the holder and the list's place, so that a damaged
  /// table entry cannot pass off another part of the file as this holder's list.
  static func listChecksum(_ list: UnsafeRawBufferPointer, holder: Int, start: Int, end: Int) -> UInt64 {
    var bound = [Checksum64.of(list), UInt64(holder), UInt64(start), UInt64(end)]
    return bound.withUnsafeMutableBytes { Checksum64.of(UnsafeRawBufferPointer($0)) }
  }
}
