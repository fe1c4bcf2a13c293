/// Holder and program ids, names and aliases to their numbers, as an open-addressing table with a cheap hash.
///
/// Every money event names two holders and a program, so replay looks three names up per event; a `[String: Int32]`
/// hashed each with SipHash, which was the largest single cost of resolving an event. The table keeps
/// the name's hash bits beside each entry (like `RecordIndex`) so most probes compare no string.
public struct NameIndex: Sendable {
  private var names: [String] = []
  private var numbers: [Int32] = []
  /// A power-of-two number of entries, each `hash bits << 32 | position in names`, or `empty`.
  private var table: [UInt64] = []
  private static let empty = UInt64.max

  public init() {}

  public var isEmpty: Bool { names.isEmpty }
  public var count: Int { names.count }

  /// The number stored under `name`; setting it adds the name or replaces its number (never removes).
  public subscript(name: String) -> Int32? {
    get { position(of: name, hash: RecordIndex.hash(name)).map { numbers[$0] } }
    set {
      guard let newValue else { preconditionFailure("NameIndex never removes a name") }
      let hash = RecordIndex.hash(name)
      if let existing = position(of: name, hash: hash) {
        numbers[existing] = newValue
        return
      }
      if (names.count + 1) * 4 > table.count * 3 { rehash(size: max(64, table.count * 2)) }
      names.append(name)
      numbers.append(newValue)
      place(names.count - 1, hash: hash)
    }
  }

  /// Room for `capacity` names without rehashing.
  public mutating func reserveCapacity(_ capacity: Int) {
    names.reserveCapacity(capacity)
    numbers.reserveCapacity(capacity)
    var size = 64
    while size * 3 < capacity * 4 { size <<= 1 }
    if size > table.count { rehash(size: size) }
  }

  private func position(of name: String, hash: Int) -> Int? {
    guard !table.isEmpty else { return nil }
    let mask = table.count - 1
    let tag = UInt64(UInt32(truncatingIfNeeded: hash >> 32)) << 32
    var slot = hash & mask
    while true {
      let entry = table[slot]
      if entry == NameIndex.empty { return nil }
      if entry & 0xFFFF_FFFF_0000_0000 == tag {
        let index = Int(UInt32(truncatingIfNeeded: entry))
        if names[index] == name { return index }
      }
      slot = (slot + 1) & mask
    }
  }

  private mutating func rehash(size: Int) {
    table = Array(repeating: NameIndex.empty, count: size)
    for index in names.indices { place(index, hash: RecordIndex.hash(names[index])) }
  }

  private mutating func place(_ index: Int, hash: Int) {
    let mask = table.count - 1
    var slot = hash & mask
    while table[slot] != NameIndex.empty { slot = (slot + 1) & mask }
    table[slot] = UInt64(UInt32(truncatingIfNeeded: hash >> 32)) << 32 | UInt64(UInt32(index))
  }
}

extension NameIndex: Equatable {
  /// Equal when the same names map to the same numbers, whatever order they were added in.
  public static func == (lhs: NameIndex, rhs: NameIndex) -> Bool {
    guard lhs.count == rhs.count else { return false }
    for index in lhs.names.indices where rhs[lhs.names[index]] != lhs.numbers[index] { return false }
    return true
  }
}
