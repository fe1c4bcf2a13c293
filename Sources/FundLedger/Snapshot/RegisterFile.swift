#if canImport(Glibc)
  import Glibc
#endif

/// A register snapshot opened for reading: the header and names checked when opened, one holder's
/// postings checked when asked for; the file is mapped, so nothing else of it is read. Nothing changes
/// after `init`, so the register's lines may be resolved on several threads at once.
public final class RegisterFile: @unchecked Sendable {
  public let path: String
  private let file: MappedFile
  public let firstLineHash: String
  public let next: LogReader.Start
  public let lastLineOffset: Int64
  public let lastSeq: Int64
  public let lastDate: LedgerDate?
  /// The last seq of each day of effective date, in log order.
  private let days: [(day: Int32, seq: Int64)]
  public let holderCount: Int
  /// Each holder's entry offset (relative to `entriesStart`), then the entries: opening seq, id, name,
  /// aliases.
  private let names: UnsafeRawBufferPointer
  private let entriesStart: Int
  private let tableOffset: Int64
  private let postingsOffset: Int64
  private let postingCount: Int

  /// Where one line of a holder's register is in the log, and who the other holder of it is.
  public struct Posting: Equatable, Sendable {
    public var lineOffset: Int64
    /// Without the newline.
    public var lineLength: Int
    public var counterpart: Int32
  }

  /// Opens `path`, refusing it when it is not a register snapshot, of another format, or damaged.
  public init(path: String) throws(Snapshot.Refusal) {
    self.path = path
    guard let file = MappedFile(path: path) else { throw .unreadable(path) }
    self.file = file
    let magic = RegisterSnapshot.magic
    guard let start = file.slice(0, magic.count), Array(start) == magic else { throw .notASnapshot }
    do {
      guard let front = file.slice(Int64(magic.count), 16) else { throw Snapshot.Refusal.damaged }
      let headerSum = front.loadUnaligned(fromByteOffset: 0, as: UInt64.self).littleEndian
      let headerLength = Int64(littleEndian: front.loadUnaligned(fromByteOffset: 8, as: Int64.self))
      guard headerLength > 0, headerLength < 1 << 30,
        let header = file.slice(Int64(magic.count + 16), Int(headerLength))
      else { throw Snapshot.Refusal.damaged }
      guard Checksum64.of(header) == headerSum else { throw Snapshot.Refusal.damaged }
      var r = ByteReader(Array(header))
      let point = try Snapshot.readPoint(&r, version: RegisterSnapshot.formatVersion)
      (firstLineHash, next, lastLineOffset) = (point.firstLineHash, point.next, point.lastLineOffset)
      (lastSeq, lastDate) = (point.state.lastSeq, point.state.lastDate)
      holderCount = Int(try r.int32())
      let dayCount = Int(try r.int32())
      guard holderCount >= 0, dayCount >= 0, dayCount <= header.count / 12 else { throw Snapshot.Refusal.damaged }
      var days: [(day: Int32, seq: Int64)] = []
      days.reserveCapacity(dayCount)
      for _ in 0..<dayCount { days.append((try r.int32(), try r.int64())) }
      self.days = days
      let namesOffset = try r.int64()
      let namesLength = try r.int64()
      let namesSum = UInt64(bitPattern: try r.int64())
      tableOffset = try r.int64()
      postingsOffset = try r.int64()
      postingCount = Int(try r.int64())
      guard r.index == header.count, namesLength >= Int64(holderCount + 1) * 8, namesLength < 1 << 40,
        postingCount >= 0, let names = file.slice(namesOffset, Int(namesLength)),
        file.slice(tableOffset, (2 * holderCount + 1) * 8) != nil,
        file.slice(postingsOffset, postingCount * RegisterSnapshot.postingBytes) != nil
      else { throw Snapshot.Refusal.damaged }
      guard Checksum64.of(names) == namesSum else { throw Snapshot.Refusal.damaged }
      self.names = names
      entriesStart = (holderCount + 1) * 8
    } catch let refusal as Snapshot.Refusal {
      throw refusal
    } catch {
      throw .damaged
    }
  }

  // MARK: Names

  /// The byte range of holder `index`'s entry within `names`.
  private func entryRange(_ index: Int) -> Range<Int>? {
    guard index >= 0, index < holderCount else { return nil }
    let start = Int(Int64(littleEndian: names.loadUnaligned(fromByteOffset: index * 8, as: Int64.self)))
    let end = Int(Int64(littleEndian: names.loadUnaligned(fromByteOffset: index * 8 + 8, as: Int64.self)))
    guard start >= 0, start <= end, end <= names.count - entriesStart else { return nil }
    return (entriesStart + start)..<(entriesStart + end)
  }

  /// The string written at `i` (a 32-bit length, then UTF-8) within `range`, and where the next field
  /// starts; nil if it does not fit.
  private func string(at i: Int, in range: Range<Int>) -> (UnsafeRawBufferPointer, next: Int)? {
    guard i + 4 <= range.upperBound else { return nil }
    let count = Int(Int32(littleEndian: names.loadUnaligned(fromByteOffset: i, as: Int32.self)))
    guard count >= 0, i + 4 + count <= range.upperBound else { return nil }
    return (UnsafeRawBufferPointer(rebasing: names[(i + 4)..<(i + 4 + count)]), i + 4 + count)
  }

  /// Holder `index`'s opening seq, id and name; nil for an index the file does not hold.
  public func holder(at index: Int32) -> (openSeq: Int64, id: String, name: String)? {
    guard let range = entryRange(Int(index)), range.count >= 8,
      let (id, afterID) = string(at: range.lowerBound + 8, in: range),
      let (name, _) = string(at: afterID, in: range)
    else { return nil }
    let openSeq = Int64(littleEndian: names.loadUnaligned(fromByteOffset: range.lowerBound, as: Int64.self))
    return (openSeq, String(decoding: id, as: UTF8.self), String(decoding: name, as: UTF8.self))
  }

  /// The holder whose id, name or one of whose aliases is `key` (keys are unique across holders: `open`
  /// refuses a taken one). The names are compared as bytes, none decoded into a string.
  public func holder(named key: String) -> Int32? {
    let wanted = Array(key.utf8)
    func matches(_ bytes: UnsafeRawBufferPointer) -> Bool {
      guard bytes.count == wanted.count else { return false }
      return bytes.count == 0 || wanted.withUnsafeBytes { memcmp(bytes.baseAddress!, $0.baseAddress!, $0.count) == 0 }
    }
    for index in 0..<holderCount {
      guard let range = entryRange(index), let (id, afterID) = string(at: range.lowerBound + 8, in: range),
        let (name, afterName) = string(at: afterID, in: range), afterName + 4 <= range.upperBound
      else { return nil }
      if matches(id) || matches(name) { return Int32(index) }
      let aliases = Int(Int32(littleEndian: names.loadUnaligned(fromByteOffset: afterName, as: Int32.self)))
      var i = afterName + 4
      for _ in 0..<max(0, aliases) {
        guard let (alias, next) = string(at: i, in: range) else { return nil }
        if matches(alias) { return Int32(index) }
        i = next
      }
    }
    return nil
  }

  /// The names of the holders whose ids are in `ids` (one pass over the names, for the few counterparts a
  /// register's tail names).
  ///
  /// The ids are compared as bytes, sorted by length first: at national scale the pass covers half a
  /// million holders, and making each one's id a string to look it up in a set was a seventh of a
  /// 24,000-row `history`.
  public func names(ofIDs ids: Set<String>) -> [String: String] {
    var found: [String: String] = [:]
    guard !ids.isEmpty else { return found }
    let lengthMax = ids.map(\.utf8.count).max()!
    var byLength = [[[UInt8]]](repeating: [], count: lengthMax + 1)
    for id in ids { byLength[id.utf8.count].append(Array(id.utf8)) }
    for index in 0..<holderCount {
      guard let range = entryRange(index), let (idBytes, afterID) = string(at: range.lowerBound + 8, in: range)
      else { break }
      func isWanted(_ wanted: [UInt8]) -> Bool {
        idBytes.isEmpty || wanted.withUnsafeBytes { memcmp($0.baseAddress!, idBytes.baseAddress!, idBytes.count) == 0 }
      }
      guard idBytes.count <= lengthMax, byLength[idBytes.count].contains(where: isWanted),
        let (name, _) = string(at: afterID, in: range)
      else { continue }
      found[String(decoding: idBytes, as: UTF8.self)] = String(decoding: name, as: UTF8.self)
      if found.count == ids.count { break }
    }
    return found
  }

  /// The seq of the last event dated on or before `date` (0 if none), from the day table.
  public func lastSeq(through date: LedgerDate) -> Int64 {
    var low = 0
    var high = days.count
    while low < high {
      let middle = (low + high) / 2
      if days[middle].day <= date.dayNumber { low = middle + 1 } else { high = middle }
    }
    return low == 0 ? 0 : days[low - 1].seq
  }

  // MARK: Postings

  /// Holder `holder`'s postings, in log order; `.damaged` when its list fails its checksum.
  public func postings(of holder: Int32) throws(Snapshot.Refusal) -> [Posting] {
    let h = Int(holder)
    guard h >= 0, h < holderCount, let table = file.slice(tableOffset, (2 * holderCount + 1) * 8) else {
      throw .damaged
    }
    let start = Int(Int64(littleEndian: table.loadUnaligned(fromByteOffset: h * 8, as: Int64.self)))
    let end = Int(Int64(littleEndian: table.loadUnaligned(fromByteOffset: h * 8 + 8, as: Int64.self)))
    let sum = table.loadUnaligned(fromByteOffset: (holderCount + 1 + h) * 8, as: UInt64.self).littleEndian
    let size = RegisterSnapshot.postingBytes
    guard start >= 0, start <= end, end <= postingCount,
      let list = file.slice(postingsOffset + Int64(start * size), (end - start) * size),
      RegisterSnapshot.listChecksum(list, holder: h, start: start, end: end) == sum
    else { throw .damaged }
    let lengthMask: UInt64 = (1 << RegisterSnapshot.lengthBits) - 1
    return (0..<(end - start)).map { i in
      let word = UInt64(littleEndian: list.loadUnaligned(fromByteOffset: i * size, as: UInt64.self))
      let counterpart = UInt32(littleEndian: list.loadUnaligned(fromByteOffset: i * size + 8, as: UInt32.self))
      return Posting(
        lineOffset: Int64(word >> RegisterSnapshot.lengthBits), lineLength: Int(word & lengthMask),
        counterpart: Int32(bitPattern: counterpart))
    }
  }
}
