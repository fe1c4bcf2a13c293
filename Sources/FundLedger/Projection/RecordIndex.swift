/// Event id to record number, as an open-addressing table of record numbers over the records themselves.
///
/// Every event id is indexed (idempotent appends, corrections and `funded_by` find events by id). A
/// `[String: Int32]` keeps a second copy of every id and hashes it with SipHash; this table keeps eight
/// bytes per entry at most three quarters full (`TaggedSlots`: the record number and 32 bits of the id's
/// hash, so that most probes never touch the records) and compares against the id the record already holds.
public struct RecordIndex: Sendable {
  private var slots = TaggedSlots()
  private var count = 0

  public init() {}

  /// The record number of `id` among `records`, or nil.
  func find(_ id: String, in records: [EventRecord]) -> Int32? {
    find(id, hash: TaggedSlots.hash(id), in: records)
  }

  /// As `find(_:in:)`, with the id's `TaggedSlots.hash` already worked out (`apply` hashes each id once
  /// for the look-up and the insert).
  @inline(__always)
  func find(_ id: String, hash: Int, in records: [EventRecord]) -> Int32? {
    slots.find(hash: hash) { records[Int($0)].id == id }
  }

  /// Asks for the cache line a lookup of the id with `hash` (`TaggedSlots.hash`) reads first.
  func prefetch(hash: Int) { slots.prefetch(hash: hash) }

  /// Indexes `records[number]`, whose id is not yet indexed.
  mutating func insert(_ number: Int32, in records: [EventRecord]) {
    insert(number, hash: TaggedSlots.hash(records[Int(number)].id), in: records)
  }

  /// As `insert(_:in:)`, with the id's hash already worked out.
  mutating func insert(_ number: Int32, hash: Int, in records: [EventRecord]) {
    if (count + 1) * 4 > slots.size * 3 { rebuild(size: max(64, slots.size * 2), records: records, upTo: count) }
    slots.place(number, hash: hash)
    count += 1
  }

  /// Indexes every record, in one pass sized for them (after a snapshot is read).
  mutating func rebuild(records: [EventRecord], capacity: Int = 0) {
    rebuild(size: TaggedSlots.size(for: max(records.count, capacity)), records: records, upTo: records.count)
  }

  /// Room for `capacity` ids without rehashing.
  mutating func reserveCapacity(_ capacity: Int, records: [EventRecord]) {
    let size = TaggedSlots.size(for: capacity)
    if size > slots.size { rebuild(size: size, records: records, upTo: count) }
  }

  /// A new table of `size` entries holding the first `indexed` records.
  private mutating func rebuild(size: Int, records: [EventRecord], upTo indexed: Int) {
    slots.reset(size: size)
    // Each id's entry is asked for 16 records ahead: the ids are read in order, their entries lie anywhere
    // in a table of 128 MB at 10M events, and placing them one miss after another was a seventh of loading
    // a snapshot. An id is hashed twice; that is cheaper than the miss.
    let ahead = 16
    for number in 0..<indexed {
      if number + ahead < indexed { slots.prefetch(hash: TaggedSlots.hash(records[number + ahead].id)) }
      slots.place(Int32(number), hash: TaggedSlots.hash(records[number].id))
    }
    count = indexed
  }
}

extension RecordIndex: Equatable {
  /// Always equal: the index is derived from the records, which the state compares itself; two states that
  /// hold the same records may have tables of different sizes.
  public static func == (_: RecordIndex, _: RecordIndex) -> Bool { true }
}
