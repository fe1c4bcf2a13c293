// This module is compiled with `-parse-stdlib` (for `Builtin`) and, on x86-64, `-target-cpu goldmont`, the
// smallest CPU model that has the SHA extensions, so that only the code here may use them; see Package.swift.
import Swift

/// SHA-256 block compression with the x86 SHA extensions (SHA-NI), about ten times the portable code.
///
/// Verification hashes every line of the log, so hashing bounds `verify`, replay and import. Swift has no
/// intrinsics header, but its `Builtin` module reaches any LLVM intrinsic; this file is the only place that
/// does. Callers must first check that the CPU has the instructions (`FundLedger.SHA256` reads
/// `/proc/cpuinfo`): nothing here checks, and running it without them stops the process with SIGILL.
public enum SHA256Instructions {
  /// Whether this build contains the accelerated code at all (x86-64 only).
  public static var isCompiled: Bool {
    #if arch(x86_64)
      return true
    #else
      return false
    #endif
  }

  /// Compresses `count` 64-byte blocks at `blocks` into the eight state words at `state`.
  @inline(never)
  public static func compress(state: UnsafeMutablePointer<UInt32>, blocks: UnsafeRawPointer, count: Int) {
    #if arch(x86_64)
      compressBlocks(state: state, blocks: blocks, count: count)
    #else
      preconditionFailure("SHA256Instructions.compress needs x86-64")
    #endif
  }
}

#if arch(x86_64)
  /// The round constants, four to a vector in the order the rounds use them.
  private let roundConstants: [SIMD4<UInt32>] = [
    SIMD4(0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5),
    SIMD4(0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5),
    SIMD4(0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3),
    SIMD4(0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174),
    SIMD4(0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc),
    SIMD4(0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da),
    SIMD4(0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7),
    SIMD4(0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967),
    SIMD4(0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13),
    SIMD4(0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85),
    SIMD4(0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3),
    SIMD4(0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070),
    SIMD4(0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5),
    SIMD4(0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3),
    SIMD4(0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208),
    SIMD4(0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2),
  ]

  /// Two rounds (`sha256rnds2`): `cdgh` and `abef` are the state halves, `wk` lanes 0–1 the message plus constant.
  @inline(__always)
  private func rounds2(_ cdgh: SIMD4<UInt32>, _ abef: SIMD4<UInt32>, _ wk: SIMD4<UInt32>) -> SIMD4<UInt32> {
    var result = SIMD4<UInt32>()
    result._storage._value = Builtin.int_x86_sha256rnds2(
      cdgh._storage._value, abef._storage._value, wk._storage._value)
    return result
  }

  /// The σ0 half of the message schedule (`sha256msg1`).
  @inline(__always)
  private func schedule1(_ a: SIMD4<UInt32>, _ b: SIMD4<UInt32>) -> SIMD4<UInt32> {
    var result = SIMD4<UInt32>()
    result._storage._value = Builtin.int_x86_sha256msg1(a._storage._value, b._storage._value)
    return result
  }

  /// The σ1 half of the message schedule (`sha256msg2`).
  @inline(__always)
  private func schedule2(_ a: SIMD4<UInt32>, _ b: SIMD4<UInt32>) -> SIMD4<UInt32> {
    var result = SIMD4<UInt32>()
    result._storage._value = Builtin.int_x86_sha256msg2(a._storage._value, b._storage._value)
    return result
  }

  /// Four big-endian message words from `p`.
  @inline(__always)
  private func loadWords(_ p: UnsafeRawPointer) -> SIMD4<UInt32> {
    SIMD4(
      UInt32(bigEndian: p.loadUnaligned(as: UInt32.self)),
      UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 4, as: UInt32.self)),
      UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt32.self)),
      UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 12, as: UInt32.self)))
  }

  private func compressBlocks(state: UnsafeMutablePointer<UInt32>, blocks: UnsafeRawPointer, count: Int) {
    // The instructions keep the state as (f, e, b, a) and (h, g, d, c), lane 0 first.
    var abef = SIMD4(state[5], state[4], state[1], state[0])
    var cdgh = SIMD4(state[7], state[6], state[3], state[2])
    roundConstants.withUnsafeBufferPointer { k in
      for n in 0..<count {
        let block = blocks + n * 64
        let abefBefore = abef
        let cdghBefore = cdgh
        var w0 = loadWords(block)
        var w1 = loadWords(block + 16)
        var w2 = loadWords(block + 32)
        var w3 = loadWords(block + 48)
        for group in 0..<16 {
          let words: SIMD4<UInt32>
          switch group {
          case 0: words = w0
          case 1: words = w1
          case 2: words = w2
          case 3: words = w3
          default:
            // W[t..t+3] from W[t-16..t-1]: w0 holds the oldest four, w3 the newest.
            let next = schedule2(schedule1(w0, w1) &+ SIMD4(w2[1], w2[2], w2[3], w3[0]), w3)
            (w0, w1, w2, w3) = (w1, w2, w3, next)
            words = next
          }
          let wk = words &+ k[group]
          cdgh = rounds2(cdgh, abef, wk)
          abef = rounds2(abef, cdgh, SIMD4(wk[2], wk[3], wk[0], wk[1]))
        }
        abef &+= abefBefore
        cdgh &+= cdghBefore
      }
    }
    (state[0], state[1], state[4], state[5]) = (abef[3], abef[2], abef[1], abef[0])
    (state[2], state[3], state[6], state[7]) = (cdgh[3], cdgh[2], cdgh[1], cdgh[0])
  }
#endif
