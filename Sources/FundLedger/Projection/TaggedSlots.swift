import Prefetch

/// The open-addressing table under `RecordIndex` and `NameIndex`: each entry is 32 bits of the key's hash
/// and a 32-bit number, so most probes reject a slot without touching the key it stands for.
///
/// The keys themselves live with the caller (the event records, the list of names); `find` asks the
/// caller whether a candidate number's key is the one sought. Linear probing, a power-of-two size.
struct TaggedSlots: Sendable {
  private var table: [UInt64] = []
  private static let empty = UInt64.max

  /// The number of entries (a power of two, or 0 before the first `reset`).
  var size: Int { table.count }

  /// The smallest table that holds `capacity` keys at most three quarters full (at least 64 entries).
  static func size(for capacity: Int) -> Int {
    var size = 64
    while size * 3 < capacity * 4 { size <<= 1 }
    return size
  }

  /// Empties the table and makes it `size` entries.
  mutating func reset(size: Int) { table = Array(repeating: TaggedSlots.empty, count: size) }

  /// The number stored under `hash` whose key `matches`, or nil.
  @inline(__always)
  func find(hash: Int, matches: (Int32) -> Bool) -> Int32? {
    guard !table.isEmpty else { return nil }
    let mask = table.count - 1
    let tag = UInt64(UInt32(truncatingIfNeeded: hash >> 32)) << 32
    var position = hash & mask
    while true {
      let entry = table[position]
      if entry == TaggedSlots.empty { return nil }
      if entry & 0xFFFF_FFFF_0000_0000 == tag {
        let number = Int32(truncatingIfNeeded: entry)
        if matches(number) { return number }
      }
      position = (position + 1) & mask
    }
  }

  /// Asks for the cache line of the first entry a probe for `hash` reads (see `prefetch`).
  @inline(__always)
  func prefetch(hash: Int) {
    let entries = RawElements(table)
    guard entries.count > 0 else { return }
    Prefetch.prefetch(entries.base + (hash & (entries.count - 1)))
  }

  /// The number in the first entry a probe for `hash` reads, when its tag matches: a guess of the key a
  /// look-up will compare first, for a prefetch; never an answer.
  @inline(__always)
  func firstCandidate(hash: Int) -> Int32? {
    guard !table.isEmpty else { return nil }
    let tag = UInt64(UInt32(truncatingIfNeeded: hash >> 32)) << 32
    let entry = table[hash & (table.count - 1)]
    guard entry != TaggedSlots.empty, entry & 0xFFFF_FFFF_0000_0000 == tag else { return nil }
    return Int32(truncatingIfNeeded: entry)
  }

  /// Stores `number` under `hash` (the caller keeps the table at most three quarters full).
  mutating func place(_ number: Int32, hash: Int) {
    let mask = table.count - 1
    var position = hash & mask
    while table[position] != TaggedSlots.empty { position = (position + 1) & mask }
    table[position] = UInt64(UInt32(truncatingIfNeeded: hash >> 32)) << 32 | UInt64(UInt32(bitPattern: number))
  }

  /// FNV-1a over the key's UTF-8 bytes, then a shift and a multiply to spread them: the low bits choose
  /// the position, the high 32 are kept as the tag.
  @inline(__always)
  static func hash(_ key: String) -> Int {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    if let done: Void = key.utf8.withContiguousStorageIfAvailable({ bytes in
      for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
    }) {
      _ = done
    } else {
      for byte in key.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
    }
    let mixed = (h ^ (h >> 29)) &* 0x9E37_79B9_7F4A_7C15
    return Int(truncatingIfNeeded: mixed >> 1)
  }
}
