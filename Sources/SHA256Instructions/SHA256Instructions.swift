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
  // The 64 rounds are written out, four to a group, each group's constants inline: as a loop over a table
  // of constants with a switch for the first four groups, the compiler kept the loop and its table reads,
  // and five-block runs went at 850-1,160 MB/s against 1,390 MB/s now (a scratch benchmark, same minutes).
  // Two messages' rounds interleaved went no faster than one's: the unit, not the chain, is the limit here.
  // The constants are FIPS 180-4's K, four to a vector in round order; `SHA256Tests` check this code
  // against the portable one and the published test vectors.

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
    for n in 0..<count {
      let block = blocks + n * 64
      let (abefBefore, cdghBefore) = (abef, cdgh)
      let (w0, w1, w2, w3) = (loadWords(block), loadWords(block + 16), loadWords(block + 32), loadWords(block + 48))
      // Rounds 0–3.
      let wk0 = w0 &+ SIMD4<UInt32>(0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5)
      cdgh = rounds2(cdgh, abef, wk0)
      abef = rounds2(abef, cdgh, SIMD4(wk0[2], wk0[3], wk0[0], wk0[1]))
      // Rounds 4–7.
      let wk1 = w1 &+ SIMD4<UInt32>(0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5)
      cdgh = rounds2(cdgh, abef, wk1)
      abef = rounds2(abef, cdgh, SIMD4(wk1[2], wk1[3], wk1[0], wk1[1]))
      // Rounds 8–11.
      let wk2 = w2 &+ SIMD4<UInt32>(0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3)
      cdgh = rounds2(cdgh, abef, wk2)
      abef = rounds2(abef, cdgh, SIMD4(wk2[2], wk2[3], wk2[0], wk2[1]))
      // Rounds 12–15.
      let wk3 = w3 &+ SIMD4<UInt32>(0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174)
      cdgh = rounds2(cdgh, abef, wk3)
      abef = rounds2(abef, cdgh, SIMD4(wk3[2], wk3[3], wk3[0], wk3[1]))
      // Rounds 16–19.
      let w4 = schedule2(
        schedule1(w0, w1) &+ SIMD4(w2[1], w2[2], w2[3], w3[0]), w3)
      let wk4 = w4 &+ SIMD4<UInt32>(0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc)
      cdgh = rounds2(cdgh, abef, wk4)
      abef = rounds2(abef, cdgh, SIMD4(wk4[2], wk4[3], wk4[0], wk4[1]))
      // Rounds 20–23.
      let w5 = schedule2(
        schedule1(w1, w2) &+ SIMD4(w3[1], w3[2], w3[3], w4[0]), w4)
      let wk5 = w5 &+ SIMD4<UInt32>(0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da)
      cdgh = rounds2(cdgh, abef, wk5)
      abef = rounds2(abef, cdgh, SIMD4(wk5[2], wk5[3], wk5[0], wk5[1]))
      // Rounds 24–27.
      let w6 = schedule2(
        schedule1(w2, w3) &+ SIMD4(w4[1], w4[2], w4[3], w5[0]), w5)
      let wk6 = w6 &+ SIMD4<UInt32>(0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7)
      cdgh = rounds2(cdgh, abef, wk6)
      abef = rounds2(abef, cdgh, SIMD4(wk6[2], wk6[3], wk6[0], wk6[1]))
      // Rounds 28–31.
      let w7 = schedule2(
        schedule1(w3, w4) &+ SIMD4(w5[1], w5[2], w5[3], w6[0]), w6)
      let wk7 = w7 &+ SIMD4<UInt32>(0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967)
      cdgh = rounds2(cdgh, abef, wk7)
      abef = rounds2(abef, cdgh, SIMD4(wk7[2], wk7[3], wk7[0], wk7[1]))
      // Rounds 32–35.
      let w8 = schedule2(
        schedule1(w4, w5) &+ SIMD4(w6[1], w6[2], w6[3], w7[0]), w7)
      let wk8 = w8 &+ SIMD4<UInt32>(0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13)
      cdgh = rounds2(cdgh, abef, wk8)
      abef = rounds2(abef, cdgh, SIMD4(wk8[2], wk8[3], wk8[0], wk8[1]))
      // Rounds 36–39.
      let w9 = schedule2(
        schedule1(w5, w6) &+ SIMD4(w7[1], w7[2], w7[3], w8[0]), w8)
      let wk9 = w9 &+ SIMD4<UInt32>(0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85)
      cdgh = rounds2(cdgh, abef, wk9)
      abef = rounds2(abef, cdgh, SIMD4(wk9[2], wk9[3], wk9[0], wk9[1]))
      // Rounds 40–43.
      let w10 = schedule2(
        schedule1(w6, w7) &+ SIMD4(w8[1], w8[2], w8[3], w9[0]), w9)
      let wk10 = w10 &+ SIMD4<UInt32>(0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3)
      cdgh = rounds2(cdgh, abef, wk10)
      abef = rounds2(abef, cdgh, SIMD4(wk10[2], wk10[3], wk10[0], wk10[1]))
      // Rounds 44–47.
      let w11 = schedule2(
        schedule1(w7, w8) &+ SIMD4(w9[1], w9[2], w9[3], w10[0]), w10)
      let wk11 = w11 &+ SIMD4<UInt32>(0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070)
      cdgh = rounds2(cdgh, abef, wk11)
      abef = rounds2(abef, cdgh, SIMD4(wk11[2], wk11[3], wk11[0], wk11[1]))
      // Rounds 48–51.
      let w12 = schedule2(
        schedule1(w8, w9) &+ SIMD4(w10[1], w10[2], w10[3], w11[0]), w11)
      let wk12 = w12 &+ SIMD4<UInt32>(0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5)
      cdgh = rounds2(cdgh, abef, wk12)
      abef = rounds2(abef, cdgh, SIMD4(wk12[2], wk12[3], wk12[0], wk12[1]))
      // Rounds 52–55.
      let w13 = schedule2(
        schedule1(w9, w10) &+ SIMD4(w11[1], w11[2], w11[3], w12[0]), w12)
      let wk13 = w13 &+ SIMD4<UInt32>(0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3)
      cdgh = rounds2(cdgh, abef, wk13)
      abef = rounds2(abef, cdgh, SIMD4(wk13[2], wk13[3], wk13[0], wk13[1]))
      // Rounds 56–59.
      let w14 = schedule2(
        schedule1(w10, w11) &+ SIMD4(w12[1], w12[2], w12[3], w13[0]), w13)
      let wk14 = w14 &+ SIMD4<UInt32>(0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208)
      cdgh = rounds2(cdgh, abef, wk14)
      abef = rounds2(abef, cdgh, SIMD4(wk14[2], wk14[3], wk14[0], wk14[1]))
      // Rounds 60–63.
      let w15 = schedule2(
        schedule1(w11, w12) &+ SIMD4(w13[1], w13[2], w13[3], w14[0]), w14)
      let wk15 = w15 &+ SIMD4<UInt32>(0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2)
      cdgh = rounds2(cdgh, abef, wk15)
      abef = rounds2(abef, cdgh, SIMD4(wk15[2], wk15[3], wk15[0], wk15[1]))
      abef &+= abefBefore
      cdgh &+= cdghBefore
    }
    (state[0], state[1], state[4], state[5]) = (abef[3], abef[2], abef[1], abef[0])
    (state[2], state[3], state[6], state[7]) = (cdgh[3], cdgh[2], cdgh[1], cdgh[0])
  }
#endif
