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

  /// As `init?(hex:)`, from bytes. Without a branch per digit: digits and letters come in no pattern a
  /// branch predictor could learn, and a branch per digit was most of the cost of reading a `prev`.
  public init?(hex bytes: UnsafeBufferPointer<UInt8>) {
    guard bytes.count == 64, let base = bytes.baseAddress else { return nil }
    var raw: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var valid: UInt8 = 1
    withUnsafeMutableBytes(of: &raw) { out in
      for i in 0..<32 {
        let high = base[2 * i]
        let low = base[2 * i + 1]
        valid &= Digest.isHexDigit(high) & Digest.isHexDigit(low)
        out[i] = Digest.value(high) << 4 | Digest.value(low)
      }
    }
    guard valid == 1 else { return nil }
    words = raw
  }

  /// 1 for `0`–`9` and `a`–`f`, else 0.
  @inline(__always)
  private static func isHexDigit(_ byte: UInt8) -> UInt8 {
    ((byte &- 48) < 10 ? 1 : 0) | ((byte &- 97) < 6 ? 1 : 0)
  }

  /// The value of a hex digit (meaningful only where `isHexDigit` is 1): the low four bits, plus nine
  /// for a letter (`a` is 0x61).
  @inline(__always)
  private static func value(_ byte: UInt8) -> UInt8 { (byte & 0x0f) &+ 9 &* (byte >> 6) }

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
