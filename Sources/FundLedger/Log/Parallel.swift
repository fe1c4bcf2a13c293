import Dispatch

/// Work split over the machine's cores in contiguous parts, results kept in order: decoding an input
/// batch, reading a register's lines, measuring a long table's cells.
public enum Parallel {
  /// `body` applied to `0..<count` cut into one part per core (one part when `count` is below
  /// `partCountMin` per core), the parts' results in order.
  public static func map<Part>(count: Int, partCountMin: Int = 2_048, _ body: @Sendable (Range<Int>) -> Part) -> [Part]
  {
    let parts = max(1, min(ProcessInfoLite.coreCount, count / max(1, partCountMin)))
    if parts == 1 { return [body(0..<count)] }
    let results = UnsafeMutablePointer<Part>.allocate(capacity: parts)
    defer {
      results.deinitialize(count: parts)
      results.deallocate()
    }
    // The address travels as an integer; each part initializes only its own element.
    let resultsAddress = Int(bitPattern: results)
    DispatchQueue.concurrentPerform(iterations: parts) { part in
      let range = (count * part / parts)..<(count * (part + 1) / parts)
      (UnsafeMutablePointer<Part>(bitPattern: resultsAddress)! + part).initialize(to: body(range))
    }
    return Array(UnsafeBufferPointer(start: results, count: parts))
  }
}
