/// A fast 64-bit checksum for snapshot files: FNV-1a over 64-bit words with a final mix.
///
/// Snapshots are a cache, not evidence (the log and its SHA-256 chain are), so they need a check that
/// catches damage, not an adversary; SHA-256 of a 180 MB snapshot took a second, this takes a tenth of
/// that. Every step is a bijection of the running value for a fixed word, so one changed byte always
/// changes the result.
enum Checksum64 {
  static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    let prime: UInt64 = 0x0000_0100_0000_01b3
    let words = bytes.count / 8
    for i in 0..<words {
      h = (h ^ bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* prime
    }
    for i in (words * 8)..<bytes.count { h = (h ^ UInt64(bytes[i])) &* prime }
    h ^= UInt64(bytes.count)
    // Final avalanche (splitmix64's finaliser).
    h = (h ^ (h >> 30)) &* 0xbf58_476d_1ce4_e5b9
    h = (h ^ (h >> 27)) &* 0x94d0_49bb_1331_11eb
    return h ^ (h >> 31)
  }
}
