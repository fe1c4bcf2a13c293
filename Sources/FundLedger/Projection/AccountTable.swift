import Prefetch

/// Every account of the ledger in one flat array, found by key through a small open-addressing index.
///
/// `apply` touches two to four accounts per movement, several times each; a `Dictionary` hashes the key
/// with SipHash on every touch and copies the account out and back. Here a key is hashed once (a multiply)
/// to find its slot, and the account is then changed in place by slot. Iteration follows the order in which
/// accounts were opened, so reports and snapshots no longer depend on hash-seed order.
public struct AccountTable: Sequence, Sendable {
  public typealias Element = (key: AccountKey, value: Account)

  public private(set) var keys: [AccountKey] = []
  /// The accounts, in the order of `keys`; `apply` changes them in place by slot.
  public internal(set) var values: [Account] = []
  /// Open-addressing index: a power-of-two number of entries, each a slot in `values` or -1.
  private var index: [Int32] = []

  public init() {}

  public var count: Int { keys.count }
  public var isEmpty: Bool { keys.isEmpty }

  /// The account of `key`, or nil when none was opened.
  public subscript(key: AccountKey) -> Account? {
    get { slot(of: key).map { values[$0] } }
    set {
      if let newValue {
        values[slotOpening(key)] = newValue
      } else {
        precondition(slot(of: key) == nil, "accounts are never removed")
      }
    }
  }

  /// The slot of `key`, or nil.
  public func slot(of key: AccountKey) -> Int? {
    guard !index.isEmpty else { return nil }
    let mask = index.count - 1
    var position = AccountTable.hash(key) & mask
    while true {
      let slot = index[position]
      if slot < 0 { return nil }
      if keys[Int(slot)] == key { return Int(slot) }
      position = (position + 1) & mask
    }
  }

  /// Asks for the cache line of the index entry a lookup of `key` reads first (see `LedgerState.prefetch`).
  @inline(__always)
  func prefetchIndex(of key: AccountKey) {
    let entries = RawElements(index)
    guard entries.count > 0 else { return }
    prefetch(entries.base + (AccountTable.hash(key) & (entries.count - 1)))
  }

  /// Asks for the key a lookup of `key` most likely compares (the probe's second read), through the index
  /// entry it reads first, which should have been asked for earlier (`prefetchIndex`).
  @inline(__always)
  func prefetchFirstKey(of key: AccountKey) {
    guard let slot = firstSlotGuess(of: key) else { return }
    if let key = RawElements(keys).address(slot) { prefetch(key) }
  }

  /// The slot in the index entry a lookup of `key` reads first, if that entry is in use: most likely the
  /// key's own slot, and only a guess (for prefetching) since the probe may have to go on past it.
  @inline(__always)
  func firstSlotGuess(of key: AccountKey) -> Int? {
    guard !index.isEmpty else { return nil }
    let slot = index[AccountTable.hash(key) & (index.count - 1)]
    return slot < 0 ? nil : Int(slot)
  }

  /// The slot of `key`, opening an empty account for it when there is none.
  public mutating func slotOpening(_ key: AccountKey) -> Int {
    if let slot = slot(of: key) { return slot }
    if (keys.count + 1) * 2 > index.count { grow() }
    let slot = keys.count
    keys.append(key)
    values.append(Account())
    insert(key, slot: Int32(slot))
    return slot
  }

  /// Room for `capacity` accounts in the key and value arrays, not in the index: capacity never touched
  /// costs address space only, where the index is written whole as soon as it is made larger.
  public mutating func reserveEntries(_ capacity: Int) {
    keys.reserveCapacity(capacity)
    values.reserveCapacity(capacity)
  }

  /// Room for `capacity` accounts without rehashing.
  public mutating func reserveCapacity(_ capacity: Int) {
    keys.reserveCapacity(capacity)
    values.reserveCapacity(capacity)
    let size = AccountTable.indexSize(for: capacity)
    if size > index.count { rebuild(size: size) }
  }

  public func makeIterator() -> AnyIterator<Element> {
    var position = 0
    return AnyIterator {
      guard position < keys.count else { return nil }
      defer { position += 1 }
      return (keys[position], values[position])
    }
  }

  /// A table of `keys` and their `values` in that order (as a snapshot restores them), indexed in one pass;
  /// nil when a key repeats.
  public init?(keys: [AccountKey], values: [Account]) {
    precondition(keys.count == values.count, "one account per key")
    self.keys = keys
    self.values = values
    guard rebuild(size: AccountTable.indexSize(for: keys.count)) else { return nil }
  }

  /// The index size for `count` accounts: at most half full, as `slotOpening` keeps it.
  private static func indexSize(for count: Int) -> Int {
    var size = 16
    while size < count * 2 { size <<= 1 }
    return size
  }

  private mutating func grow() { rebuild(size: Swift.max(16, index.count * 2)) }

  /// Indexes every key afresh in a table of `size` entries; false when a key repeats. Each entry is asked
  /// for 16 keys ahead: the keys are read in order, the entries are scattered over the whole index.
  @discardableResult
  private mutating func rebuild(size: Int) -> Bool {
    index = Array(repeating: -1, count: size)
    let mask = size - 1
    return keys.withUnsafeBufferPointer { keys in
      index.withUnsafeMutableBufferPointer { index in
        for slot in keys.indices {
          if slot + 16 < keys.count { prefetch(index.baseAddress! + (AccountTable.hash(keys[slot + 16]) & mask)) }
          let key = keys[slot]
          var position = AccountTable.hash(key) & mask
          while index[position] >= 0 {
            if keys[Int(index[position])] == key { return false }
            position = (position + 1) & mask
          }
          index[position] = Int32(slot)
        }
        return true
      }
    }
  }

  private mutating func insert(_ key: AccountKey, slot: Int32) {
    let mask = index.count - 1
    var position = AccountTable.hash(key) & mask
    while index[position] >= 0 { position = (position + 1) & mask }
    index[position] = slot
  }

  /// Fibonacci hashing of the three fields packed into one word.
  @inline(__always)
  static func hash(_ key: AccountKey) -> Int {
    let packed =
      UInt64(UInt32(bitPattern: key.holder)) | UInt64(UInt16(truncatingIfNeeded: key.program)) << 32
      | UInt64(UInt16(truncatingIfNeeded: key.budgetYear)) << 48
    return Int(truncatingIfNeeded: (packed &* 0x9E37_79B9_7F4A_7C15) >> 20)
  }
}

extension AccountTable: Equatable {
  /// Equal when both hold the same accounts with the same figures, in whatever order they were opened
  /// (a snapshot restores them sorted; a replay opens them as money first reaches them).
  public static func == (lhs: AccountTable, rhs: AccountTable) -> Bool {
    guard lhs.count == rhs.count else { return false }
    for (key, account) in lhs {
      guard let other = rhs[key], other == account else { return false }
    }
    return true
  }
}
