#if canImport(Glibc)
  import Glibc
#endif

/// A register snapshot opened for reading: the header and names checked when opened, one holder's
/// postings read and checked when asked for; nothing else of the file is read.
public final class RegisterFile {
  public let path: String
  private let fd: Int32
  public let firstLineHash: String
  public let next: LogReader.Start
  public let lastLineOffset: Int64
  public let lastSeq: Int64
  public let lastDate: LedgerDate?
  /// The last seq of each day of effective date, in log order.
  private let days: [(day: Int32, seq: Int64)]
  public let holderCount: Int
  /// Each holder's entry offset (relative to `entriesStart`), then the entries: id, name, aliases.
  private let names: [UInt8]
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
    fd = Glibc.open(path, O_RDONLY)
    guard fd >= 0 else { throw .unreadable(path) }
    do {
      let magic = RegisterSnapshot.magic
      let opened = fd
      var start = [UInt8](repeating: 0, count: magic.count)
      let read = start.withUnsafeMutableBytes { pread(opened, $0.baseAddress!, $0.count, 0) }
      guard read == magic.count, start == magic else { throw Snapshot.Refusal.notASnapshot }
      let front = try RegisterFile.read(fd, at: 0, count: magic.count + 16)
      var r = ByteReader(front)
      r.index = magic.count
      let headerSum = UInt64(bitPattern: try r.int64())
      let headerLength = try r.int64()
      guard headerLength > 0, headerLength < 1 << 30 else { throw Snapshot.Refusal.damaged }
      let header = try RegisterFile.read(fd, at: Int64(front.count), count: Int(headerLength))
      guard header.withUnsafeBytes({ Checksum64.of($0) }) == headerSum else { throw Snapshot.Refusal.damaged }
      r = ByteReader(header)
      let version = try r.int64()
      guard version == RegisterSnapshot.formatVersion else { throw Snapshot.Refusal.unsupportedVersion(version) }
      firstLineHash = try r.string()
      next = LogReader.Start(offset: try r.int64(), line: Int(try r.int64()), seq: try r.int64(), hash: try r.string())
      lastLineOffset = try r.int64()
      lastSeq = try r.int64()
      let day = try r.int32()
      lastDate = day == Int32.min ? nil : LedgerDate(dayNumber: day)
      _ = try r.int64()  // last recorded time
      _ = try r.string()  // last hash (the point's line is checked against the log instead)
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
      guard r.index == header.count, namesLength >= Int64(holderCount + 1) * 8, postingCount >= 0 else {
        throw Snapshot.Refusal.damaged
      }
      names = try RegisterFile.read(fd, at: namesOffset, count: Int(namesLength))
      guard names.withUnsafeBytes({ Checksum64.of($0) }) == namesSum else { throw Snapshot.Refusal.damaged }
      entriesStart = (holderCount + 1) * 8
    } catch let refusal as Snapshot.Refusal {
      Glibc.close(fd)
      throw refusal
    } catch {
      Glibc.close(fd)
      throw .damaged
    }
  }

  deinit { Glibc.close(fd) }

  /// Exactly `count` bytes at `offset`, or `.damaged` (the file is shorter than its header says).
  static func read(_ fd: Int32, at offset: Int64, count: Int) throws(Snapshot.Refusal) -> [UInt8] {
    guard offset >= 0, count >= 0 else { throw .damaged }
    var failed = false
    let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
      var done = 0
      while done < count {
        let n = pread(fd, buffer.baseAddress! + done, count - done, off_t(offset) + off_t(done))
        if n <= 0 { break }
        done += n
      }
      failed = done != count
      initialized = done
    }
    guard !failed else { throw .damaged }
    return bytes
  }

  // MARK: Names

  /// The byte range of holder `index`'s entry within `names`.
  private func entryRange(_ index: Int) -> Range<Int>? {
    guard index >= 0, index < holderCount else { return nil }
    return names.withUnsafeBytes { raw in
      let start = Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 8, as: Int64.self)))
      let end = Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 8 + 8, as: Int64.self)))
      guard start >= 0, start <= end, entriesStart + end <= raw.count else { return nil }
      return (entriesStart + start)..<(entriesStart + end)
    }
  }

  /// Holder `index`'s opening seq, id and name; nil for an index the file does not hold.
  public func holder(at index: Int32) -> (openSeq: Int64, id: String, name: String)? {
    guard let range = entryRange(Int(index)) else { return nil }
    var r = ByteReader(Array(names[range]))
    guard let openSeq = try? r.int64(), let id = try? r.string(), let name = try? r.string() else { return nil }
    return (openSeq, id, name)
  }

  /// The holder whose id, name or one of whose aliases is `key` (keys are unique across holders: `open`
  /// refuses a taken one). The names are compared as bytes, none decoded into a string.
  public func holder(named key: String) -> Int32? {
    let wanted = Array(key.utf8)
    return names.withUnsafeBytes { raw -> Int32? in
      func length(at i: Int) -> Int? {
        guard i + 4 <= raw.count else { return nil }
        return Int(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: Int32.self)))
      }
      func matches(at i: Int, count: Int) -> Bool {
        count == wanted.count && wanted.withUnsafeBytes { memcmp(raw.baseAddress! + i, $0.baseAddress!, count) == 0 }
      }
      for index in 0..<holderCount {
        guard let range = entryRange(index) else { return nil }
        var i = range.lowerBound + 8
        // Whether the string at `i` is the key (nil if malformed); moves past it.
        func nextMatches() -> Bool? {
          guard let count = length(at: i), count >= 0, i + 4 + count <= range.upperBound else { return nil }
          defer { i += 4 + count }
          return matches(at: i + 4, count: count)
        }
        guard let id = nextMatches(), let name = nextMatches(), let aliases = length(at: i), aliases >= 0 else {
          return nil
        }
        if id || name { return Int32(index) }
        i += 4
        for _ in 0..<aliases {
          guard let alias = nextMatches() else { return nil }
          if alias { return Int32(index) }
        }
      }
      return nil
    }
  }

  /// The names of the holders whose ids are in `ids` (one pass over the names, for the few counterparts a
  /// register's tail names).
  public func names(ofIDs ids: Set<String>) -> [String: String] {
    var found: [String: String] = [:]
    guard !ids.isEmpty else { return found }
    for index in 0..<holderCount {
      guard let range = entryRange(index) else { break }
      var r = ByteReader(Array(names[range]))
      guard (try? r.int64()) != nil, let id = try? r.string(), ids.contains(id), let name = try? r.string() else {
        continue
      }
      found[id] = name
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
    guard h >= 0, h < holderCount else { throw .damaged }
    let bounds = try RegisterFile.read(fd, at: tableOffset + Int64(h) * 8, count: 16)
    let sumBytes = try RegisterFile.read(fd, at: tableOffset + Int64(holderCount + 1 + h) * 8, count: 8)
    var r = ByteReader(bounds + sumBytes)
    guard let start = try? Int(r.int64()), let end = try? Int(r.int64()), let sum = try? r.int64(),
      start >= 0, start <= end, end <= postingCount
    else { throw .damaged }
    let size = RegisterSnapshot.postingBytes
    let list = try RegisterFile.read(fd, at: postingsOffset + Int64(start * size), count: (end - start) * size)
    let intact = list.withUnsafeBytes {
      RegisterSnapshot.listChecksum($0, holder: h, start: start, end: end) == UInt64(bitPattern: sum)
    }
    guard intact else { throw .damaged }
    return list.withUnsafeBytes { raw -> [Posting] in
      let lengthMask: UInt64 = (1 << RegisterSnapshot.lengthBits) - 1
      return (0..<(end - start)).map { i in
        let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * size, as: UInt64.self))
        let counterpart = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * size + 8, as: UInt32.self))
        return Posting(
          lineOffset: Int64(word >> RegisterSnapshot.lengthBits), lineLength: Int(word & lengthMask),
          counterpart: Int32(bitPattern: counterpart))
      }
    }
  }
}
