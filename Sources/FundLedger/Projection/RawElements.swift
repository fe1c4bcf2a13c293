/// An array's elements reached through its storage's address, read as a plain word, for prefetching.
///
/// `withUnsafeBufferPointer` on a table inside the state retained and released the table's storage around
/// each use (the compiler cannot see that nothing frees it meanwhile): two atomic operations for each of
/// the dozen addresses replay's prefetching works out per event, about a twentieth of the applying
/// thread. A native array is one reference to an object whose elements follow a four-word header
/// (type, reference count, count, capacity); the count is read from there too. Use it only while the
/// array is neither changed nor freed, as within `LedgerState.prefetch`; debug builds check the address
/// against `withUnsafeBufferPointer`.
struct RawElements<Element> {
  let base: UnsafePointer<Element>
  let count: Int

  /// Words before a native array's first element: the object header (type and reference count), then the
  /// count and the capacity.
  private static var headerBytes: Int { 4 * MemoryLayout<Int>.size }

  @inline(__always)
  init(_ array: [Element]) {
    self.init(storage: unsafeBitCast(array, to: UnsafeRawPointer.self))
    assert(count == array.count)
    assert(count == 0 || array.withUnsafeBufferPointer { $0.baseAddress == base })
  }

  /// The elements of the array whose storage object is at `storage` (an array's one word, as it lies in
  /// a struct in memory: reading it through the struct copied the array, a retain and a release).
  @inline(__always)
  init(storage: UnsafeRawPointer) {
    count = storage.load(fromByteOffset: 2 * MemoryLayout<Int>.size, as: Int.self)
    base = (storage + RawElements.headerBytes).assumingMemoryBound(to: Element.self)
  }

  /// The address of element `index`, if it is within the array.
  @inline(__always)
  func address(_ index: Int) -> UnsafePointer<Element>? {
    index >= 0 && index < count ? base + index : nil
  }
}
