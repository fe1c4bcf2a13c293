/// Event id to record number, as an open-addressing table of record numbers over the records themselves.
///
/// Every event id is indexed (idempotent appends, corrections and `funded_by` find events by id). A
/// `[String: Int32]` keeps a second copy of every id and hashes it with SipHash; this table keeps eight
/// bytes per entry at most three quarters full (the record number and 32 bits of the id's hash, so that most probes
/// never touch the records) and compares against the id the record already holds.
public struct RecordIndex: Sendable {
  /// A power-of-two number of entries, each `hash bits << 32 | record number`, or `empty`.
  private var table: [UInt64] = []
  private static let empty = UInt64.max
  private var count = 0

  public init() {}

  /// The record number of `id` among `records`, or nil.
  func find(_ id: String, in records: [EventRecord]) -> Int32? {
    guard !table.isEmpty else { return nil }
    let mask = table.count - 1
    let hash = RecordIndex.hash(id)
    let tag = UInt64(UInt32(truncatingIfNeeded: hash >> 32)) << 32
    var position = hash & mask
    while true {
      let entry = table[position]
      if entry == RecordIndex.empty { return nil }
      if entry & 0xFFFF_FFFF_0000_0000 == tag {
        let number = Int32(truncatingIfNeeded: entry)
        if records[Int(number)].id == id { return number }
      }
      position = (position + 1) & mask
    }
  }

  /// Indexes `records[number]`, whose id is not yet indexed.
  mutating func insert(_ number: Int32, in records: [EventRecord]) {
    if (count + 1) * 4 > table.count * 3 { rebuild(size: max(64, table.count * 2), records: records, upTo: count) }
    place(number, id: records[Int(number)].id)
    count += 1
  }

  /// Indexes every record, in one pass sized for them (after a snapshot is read).
  mutating func rebuild(records: [EventRecord]) {
    var size = 64
    while size * 3 < records.count * 4 { size <<= 1 }
    count = 0
    rebuild(size: size, records: records, upTo: 0)
    for number in records.indices {
      place(Int32(number), id: records[number].id)
      count += 1
    }
  }

  /// Room for `capacity` ids without rehashing.
  mutating func reserveCapacity(_ capacity: Int, records: [EventRecord]) {
    var size = 64
    while size * 3 < capacity * 4 { size <<= 1 }
    if size > table.count { rebuild(size: size, records: records, upTo: count) }
  }

  /// A new table of `size` entries holding the first `indexed` records.
  private mutating func rebuild(size: Int, records: [EventRecord], upTo indexed: Int) {
    table = Array(repeating: RecordIndex.empty, count: size)
    for number in 0..<indexed { place(Int32(number), id: records[number].id) }
  }

  private mutating func place(_ number: Int32, id: String) {
    let mask = table.count - 1
    let hash = RecordIndex.hash(id)
    var position = hash & mask
    while table[position] != RecordIndex.empty { position = (position + 1) & mask }
    table[position] = UInt64(UInt32(truncatingIfNeeded: hash >> 32)) << 32 | UInt64(UInt32(bitPattern: number))
  }

  /// FNV-1a over the id's UTF-8 bytes, then a shift and a multiply to spread them: the low bits choose the
  /// position, the high 32 are kept as the tag.
  @inline(__always)
  static func hash(_ id: String) -> Int {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    if let done: Void = id.utf8.withContiguousStorageIfAvailable({ bytes in
      for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
    }) {
      _ = done
    } else {
      for byte in id.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
    }
    let mixed = (h ^ (h >> 29)) &* 0x9E37_79B9_7F4A_7C15
    return Int(truncatingIfNeeded: mixed >> 1)
  }
}

extension RecordIndex: Equatable {
  /// Always equal: the index is derived from the records, which the state compares itself; two states that
  /// hold the same records may have tables of different sizes.
  public static func == (_: RecordIndex, _: RecordIndex) -> Bool { true }
}
