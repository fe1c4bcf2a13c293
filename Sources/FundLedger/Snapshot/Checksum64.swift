/// A fast 64-bit checksum for snapshot files: FNV-1a over 64-bit words with a final mix.
///
/// Snapshots are a cache, not evidence (the log and its SHA-256 chain are), so they need a check that
/// catches damage, not an adversary; SHA-256 of a 180 MB snapshot took a second, this takes a tenth of
/// that. Every step is a bijection of the running value for a fixed word, so one changed byte always
/// changes the result.
enum Checksum64 {
  static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var running = Running()
    running.add(bytes)
    return running.finish()
  }

  /// The same checksum over bytes given in pieces, as a streamed file is written (`StreamedFile`): a word
  /// cut by a piece's end waits in `carry` for the rest of its bytes.
  struct Running {
    private var h: UInt64 = 0xcbf2_9ce4_8422_2325
    private var carry: UInt64 = 0
    private var carryCount = 0
    private var count = 0
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
      count += bytes.count
      var index = 0
      while carryCount > 0, carryCount < 8, index < bytes.count {
        carry |= UInt64(bytes[index]) << UInt64(8 * carryCount)
        carryCount += 1
        index += 1
      }
      if carryCount == 8 {
        h = (h ^ carry) &* Running.prime
        (carry, carryCount) = (0, 0)
      }
      let words = (bytes.count - index) / 8
      var h = self.h
      for i in 0..<words {
        h = (h ^ bytes.loadUnaligned(fromByteOffset: index + i * 8, as: UInt64.self)) &* Running.prime
      }
      self.h = h
      index += words * 8
      while index < bytes.count {
        carry |= UInt64(bytes[index]) << UInt64(8 * carryCount)
        carryCount += 1
        index += 1
      }
    }

    /// The checksum of every byte added.
    func finish() -> UInt64 {
      var h = self.h
      // Bytes after the last whole word go one at a time.
      for i in 0..<carryCount { h = (h ^ ((carry >> UInt64(8 * i)) & 0xFF)) &* Running.prime }
      h ^= UInt64(count)
      // Final avalanche (splitmix64's finaliser).
      h = (h ^ (h >> 30)) &* 0xbf58_476d_1ce4_e5b9
      h = (h ^ (h >> 27)) &* 0x94d0_49bb_1331_11eb
      return h ^ (h >> 31)
    }
  }
}
