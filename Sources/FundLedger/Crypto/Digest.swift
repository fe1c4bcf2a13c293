/// A SHA-256 digest held as four words, so that it lives inline in an event or a frame.
///
/// Each line's hash is the next line's `prev`. As hex strings, every line made a string on the decoding
/// worker that the applying thread retained and a third thread released: atomic count changes on memory
/// another core wrote last. A digest is copied and compared as plain words instead; its hex is made only
/// where it is printed or written.
public struct Digest: Hashable, Sendable {
  /// The 32 bytes in order, eight to a word (little-endian loads of the raw bytes).
  var words: (UInt64, UInt64, UInt64, UInt64)

  /// All zeros: the `prev` of the first line.
  public static let zero = Digest(words: (0, 0, 0, 0))

  init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

  /// The digest in `raw` (exactly 32 bytes).
  public init(_ raw: UnsafeRawBufferPointer) {
    precondition(raw.count == 32, "a SHA-256 digest is 32 bytes")
    words = (
      raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
      raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
    )
  }

  /// The digest written as 64 lowercase hex digits, the only form the log accepts; nil for anything else.
  public init?(hex: String) {
    var text = hex
    guard let digest = text.withUTF8({ Digest(hex: $0) }) else { return nil }
    self = digest
  }

  /// As `init?(hex:)`, from bytes: eight digits at a time in one word (SWAR), without a branch per digit.
  /// Every stored line's `prev` is read this way; digit by digit it was about 300 instructions a line.
  public init?(hex bytes: UnsafeBufferPointer<UInt8>) {
    guard bytes.count == 64, let base = bytes.baseAddress else { return nil }
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    var raw: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var invalid: UInt64 = 0
    withUnsafeMutableBytes(of: &raw) { out in
      let input = UnsafeRawPointer(base)
      for i in 0..<8 {
        let word = UInt64(littleEndian: input.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))
        // Each byte below 0x80, so adding 0x80 - k to it sets its high bit exactly when it is at least k,
        // with no carry into the next byte.
        func atLeast(_ k: UInt64) -> UInt64 { (word &+ (0x80 - k) &* ones) & highs }
        let digit = atLeast(0x30) & ~atLeast(0x3A)
        let letter = atLeast(0x61) & ~atLeast(0x67)
        invalid |= (word & highs) | ((digit | letter) ^ highs)
        // Each byte's value: its low four bits, plus nine for a letter (bit 6 set).
        let values = (word & (ones &* 0x0F)) &+ ((word >> 6) & ones) &* 9
        // Pairs of digits to bytes: the first of each pair is the high half. Then the four bytes, one in
        // each 16-bit lane, moved together.
        var packed = ((values & 0x00FF_00FF_00FF_00FF) << 4) | ((values >> 8) & 0x00FF_00FF_00FF_00FF)
        packed = (packed | (packed >> 8)) & 0x0000_FFFF_0000_FFFF
        packed = (packed | (packed >> 16)) & 0x0000_0000_FFFF_FFFF
        out.storeBytes(of: UInt32(truncatingIfNeeded: packed).littleEndian, toByteOffset: 4 * i, as: UInt32.self)
      }
    }
    guard invalid == 0 else { return nil }
    words = raw
  }

  /// The 64 lowercase hex digits.
  public var hex: String { withUnsafeBytes(of: words) { Hex.encode($0) } }

  /// Writes the 64 hex digits to `out`, which has room for them.
  public func writeHex(to out: UnsafeMutablePointer<UInt8>) {
    withUnsafeBytes(of: words) { Hex.write($0, to: out) }
  }

  public static func == (lhs: Digest, rhs: Digest) -> Bool {
    lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
      && lhs.words.3 == rhs.words.3
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(words.0)
    hasher.combine(words.1)
    hasher.combine(words.2)
    hasher.combine(words.3)
  }
}
