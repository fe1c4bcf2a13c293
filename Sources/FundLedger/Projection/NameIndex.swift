import Prefetch

/// Holder and program ids, names and aliases to their numbers, as an open-addressing table with a cheap hash.
///
/// Every money event names two holders and a program, so replay looks three names up per event; a
/// `[String: Int32]` hashed each with SipHash, which was the largest single cost of resolving an event.
/// The table (`TaggedSlots`, as under `RecordIndex`) keeps the name's hash bits beside each entry so most
/// probes compare no string.
public struct NameIndex: Sendable {
  private var names: [String] = []
  private var numbers: [Int32] = []
  /// Positions in `names`, found by the name's hash.
  private var slots = TaggedSlots()

  public init() {}

  public var isEmpty: Bool { names.isEmpty }
  public var count: Int { names.count }

  /// The number stored under `name`; setting it adds the name or replaces its number (never removes).
  public subscript(name: String) -> Int32? {
    get { position(of: name, hash: TaggedSlots.hash(name)).map { numbers[Int($0)] } }
    set {
      guard let newValue else { preconditionFailure("NameIndex never removes a name") }
      let hash = TaggedSlots.hash(name)
      if let existing = position(of: name, hash: hash) {
        numbers[Int(existing)] = newValue
        return
      }
      if (names.count + 1) * 4 > slots.size * 3 { rehash(size: max(64, slots.size * 2)) }
      names.append(name)
      numbers.append(newValue)
      slots.place(Int32(names.count - 1), hash: hash)
    }
  }

  /// Room for `capacity` names without rehashing.
  public mutating func reserveCapacity(_ capacity: Int) {
    names.reserveCapacity(capacity)
    numbers.reserveCapacity(capacity)
    let size = TaggedSlots.size(for: capacity)
    if size > slots.size { rehash(size: size) }
  }

  /// The number stored under `name`, whose `TaggedSlots.hash` the caller worked out (see `NameHashes`).
  @inline(__always)
  func number(of name: String, hash: Int) -> Int32? {
    position(of: name, hash: hash).map { numbers[Int($0)] }
  }

  /// Asks for the cache line of the first table entry a look-up of the name with `hash` reads.
  @inline(__always)
  func prefetchEntry(hash: Int) { slots.prefetch(hash: hash) }

  /// Asks for the name and number the first table entry for `hash` points to; call it once
  /// `prefetchEntry`'s line has had time to arrive. A look-up compares that name, and at national scale
  /// the list of names is larger than the caches: a look-up waited for the entry, then for the name.
  @inline(__always)
  func prefetchName(hash: Int) {
    guard let position = slots.firstCandidate(hash: hash) else { return }
    if let name = RawElements(names).address(Int(position)) { Prefetch.prefetch(name) }
    if let number = RawElements(numbers).address(Int(position)) { Prefetch.prefetch(number) }
  }

  private func position(of name: String, hash: Int) -> Int32? {
    slots.find(hash: hash) { names[Int($0)] == name }
  }

  private mutating func rehash(size: Int) {
    slots.reset(size: size)
    for index in names.indices { slots.place(Int32(index), hash: TaggedSlots.hash(names[index])) }
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
