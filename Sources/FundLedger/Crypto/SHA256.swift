import SHA256Instructions

/// SHA-256 (FIPS 180-4), because Foundation on Linux has no CryptoKit.
///
/// Each log line's hash is the `prev` of the next line, so hashing speed bounds verification. Blocks are
/// compressed by the CPU's SHA instructions where `SHA256Engine` finds them, else by the portable Swift
/// function below; padding and the streaming interface are shared.
public struct SHA256: Sendable {
  private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
    0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
  )
  private var buffer: [UInt8] = []
  private var lengthBytes: UInt64 = 0
  private var engine: SHA256Engine

  public init(engine: SHA256Engine = .current) {
    self.engine = engine
    buffer.reserveCapacity(64)
  }

  /// The digest of `bytes` in one call.
  public static func hash<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
    // Contiguous bytes (an encoded line) take the one-pass path, which copies nothing into a buffer.
    if let digest = bytes.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) { return digest }
    var hasher = SHA256()
    hasher.update(bytes)
    return hasher.finalize()
  }

  /// The lowercase hex digest of `bytes`.
  public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    // Contiguous bytes (each line an append writes) are hashed into a buffer on the stack.
    let text = bytes.withContiguousStorageIfAvailable { raw in
      withUnsafeTemporaryAllocation(byteCount: 32, alignment: 8) { digest in
        hash(UnsafeRawBufferPointer(raw), into: digest.baseAddress!)
        return Hex.encode(UnsafeRawBufferPointer(digest))
      }
    }
    return text ?? Hex.encode(hash(bytes))
  }

  /// The digest of raw memory, without copying it into an array first.
  public static func hash(_ raw: UnsafeRawBufferPointer) -> [UInt8] {
    [UInt8](unsafeUninitializedCapacity: 32) { out, count in
      hash(raw, into: UnsafeMutableRawPointer(out.baseAddress!))
      count = 32
    }
  }

  /// Hashes `raw` in one pass and writes the 32-byte digest to `out`, allocating nothing: full blocks
  /// straight from the input, the tail and padding in a buffer on the stack. Log lines are hashed this way.
  public static func hash(
    _ raw: UnsafeRawBufferPointer, into out: UnsafeMutableRawPointer, engine: SHA256Engine = .current
  ) {
    var hasher = SHA256(noBuffer: (), engine: engine)
    var offset = 0
    if let base = raw.baseAddress {
      let blocks = raw.count / 64
      hasher.compress(base, blocks: blocks)
      offset = blocks * 64
    }
    let rest = raw.count - offset
    withUnsafeTemporaryAllocation(byteCount: 128, alignment: 8) { tail in
      tail.initializeMemory(as: UInt8.self, repeating: 0)
      if rest > 0 { tail.baseAddress!.copyMemory(from: raw.baseAddress! + offset, byteCount: rest) }
      tail[rest] = 0x80
      let blocks = rest + 9 <= 64 ? 1 : 2
      let bitLength = UInt64(raw.count) &* 8
      for i in 0..<8 { tail[blocks * 64 - 1 - i] = UInt8(truncatingIfNeeded: bitLength >> UInt64(8 * i)) }
      hasher.compress(UnsafeRawPointer(tail.baseAddress!), blocks: blocks)
    }
    let words = hasher.state
    out.storeBytes(of: words.0.bigEndian, toByteOffset: 0, as: UInt32.self)
    out.storeBytes(of: words.1.bigEndian, toByteOffset: 4, as: UInt32.self)
    out.storeBytes(of: words.2.bigEndian, toByteOffset: 8, as: UInt32.self)
    out.storeBytes(of: words.3.bigEndian, toByteOffset: 12, as: UInt32.self)
    out.storeBytes(of: words.4.bigEndian, toByteOffset: 16, as: UInt32.self)
    out.storeBytes(of: words.5.bigEndian, toByteOffset: 20, as: UInt32.self)
    out.storeBytes(of: words.6.bigEndian, toByteOffset: 24, as: UInt32.self)
    out.storeBytes(of: words.7.bigEndian, toByteOffset: 28, as: UInt32.self)
  }

  /// The digest of raw memory as a `Digest`, made on the stack.
  public static func digest(_ raw: UnsafeRawBufferPointer) -> Digest {
    withUnsafeTemporaryAllocation(byteCount: 32, alignment: 8) { out in
      hash(raw, into: out.baseAddress!)
      return Digest(UnsafeRawBufferPointer(out))
    }
  }

  /// The digest of a byte array as a `Digest`.
  public static func digest(_ bytes: [UInt8]) -> Digest { bytes.withUnsafeBytes { digest($0) } }

  /// A hasher for one-shot use that never needs the partial-block buffer.
  private init(noBuffer: Void, engine: SHA256Engine) { self.engine = engine }

  public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
    if let done = bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) {
      return done
    }
    let array = Array(bytes)
    array.withUnsafeBytes { update($0) }
  }

  public mutating func update(_ raw: UnsafeRawBufferPointer) {
    lengthBytes &+= UInt64(raw.count)
    var offset = 0
    if !buffer.isEmpty {
      let take = min(64 - buffer.count, raw.count)
      buffer.append(contentsOf: raw[0..<take])
      offset = take
      if buffer.count == 64 {
        buffer.withUnsafeBytes { compress($0.baseAddress!, blocks: 1) }
        buffer.removeAll(keepingCapacity: true)
      }
    }
    if raw.count - offset >= 64 {
      let blocks = (raw.count - offset) / 64
      compress(raw.baseAddress! + offset, blocks: blocks)
      offset += blocks * 64
    }
    if offset < raw.count {
      buffer.append(contentsOf: raw[offset..<raw.count])
    }
  }

  public mutating func finalize() -> [UInt8] {
    let bitLength = lengthBytes &* 8
    var tail = buffer
    tail.append(0x80)
    while tail.count % 64 != 56 { tail.append(0) }
    for shift in stride(from: 56, through: 0, by: -8) {
      tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
    }
    tail.withUnsafeBytes { raw in compress(raw.baseAddress!, blocks: raw.count / 64) }
    buffer.removeAll()
    var out = [UInt8]()
    out.reserveCapacity(32)
    for word in [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7] {
      out.append(UInt8(truncatingIfNeeded: word >> 24))
      out.append(UInt8(truncatingIfNeeded: word >> 16))
      out.append(UInt8(truncatingIfNeeded: word >> 8))
      out.append(UInt8(truncatingIfNeeded: word))
    }
    return out
  }

  private static let k: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
    0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
    0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
    0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
    0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
    0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
    0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
  ]

  @inline(__always)
  private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

  /// Compresses `blocks` 64-byte blocks with the engine this process uses.
  @inline(__always)
  private mutating func compress(_ start: UnsafeRawPointer, blocks: Int) {
    guard blocks > 0 else { return }
    if engine == .instructions {
      withUnsafeMutableBytes(of: &state) { words in
        SHA256Instructions.compress(
          state: words.baseAddress!.assumingMemoryBound(to: UInt32.self), blocks: start, count: blocks)
      }
    } else {
      for b in 0..<blocks { compressPortably(start + b * 64) }
    }
  }

  /// Compresses one block in portable Swift.
  private mutating func compressPortably(_ block: UnsafeRawPointer) {
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
      for i in 0..<16 {
        let p = block + i * 4
        w[i] =
          UInt32(p.load(as: UInt8.self)) << 24 | UInt32(p.load(fromByteOffset: 1, as: UInt8.self)) << 16
          | UInt32(p.load(fromByteOffset: 2, as: UInt8.self)) << 8
          | UInt32(p.load(fromByteOffset: 3, as: UInt8.self))
      }
      for i in 16..<64 {
        let s0 = SHA256.rotr(w[i - 15], 7) ^ SHA256.rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
        let s1 = SHA256.rotr(w[i - 2], 17) ^ SHA256.rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
        w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
      }
      var (a, b, c, d, e, f, g, h) = state
      SHA256.k.withUnsafeBufferPointer { k in
        for i in 0..<64 {
          let s1 = SHA256.rotr(e, 6) ^ SHA256.rotr(e, 11) ^ SHA256.rotr(e, 25)
          let ch = (e & f) ^ (~e & g)
          let t1 = h &+ s1 &+ ch &+ k[i] &+ w[i]
          let s0 = SHA256.rotr(a, 2) ^ SHA256.rotr(a, 13) ^ SHA256.rotr(a, 22)
          let maj = (a & b) ^ (a & c) ^ (b & c)
          let t2 = s0 &+ maj
          h = g
          g = f
          f = e
          e = d &+ t1
          d = c
          c = b
          b = a
          a = t1 &+ t2
        }
      }
      state = (
        state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e, state.5 &+ f, state.6 &+ g,
        state.7 &+ h
      )
    }
  }
}
