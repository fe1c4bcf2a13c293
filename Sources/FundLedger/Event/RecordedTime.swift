/// An event's `recorded` time as its exact text (at most 24 bytes, inline) and its milliseconds.
///
/// Every line carries one, and the lines of one append share it. As a string each decoded event retained
/// the same object, whose count the decoding worker raised and another thread lowered line after line;
/// inline it is copied, and its milliseconds are parsed once rather than again when the event is applied.
/// The text is kept byte for byte (not re-formatted from the milliseconds), so a line decodes and encodes
/// back to the same bytes whatever form `Timestamp.parse` accepted.
public struct RecordedTime: Equatable, Sendable {
  /// The longest text `Timestamp.parse` accepts ("YYYY-MM-DDTHH:MM:SS.sssZ").
  static let textBytesMax = 24

  private var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
  private var count: UInt8 = 0
  /// Milliseconds since 1970, UTC.
  public let millis: Int64

  /// The time written as `bytes`, or nil when `Timestamp.parse` does not accept them.
  init?(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard bytes.count <= RecordedTime.textBytesMax, let millis = Timestamp.parse(bytes) else { return nil }
    self.millis = millis
    count = UInt8(bytes.count)
    withUnsafeMutableBytes(of: &words) { out in
      out.copyMemory(from: UnsafeRawBufferPointer(bytes))
    }
  }

  /// The time written as `text`, or nil when `Timestamp.parse` does not accept it.
  public init?(_ text: String) {
    var text = text
    guard let time = text.withUTF8({ RecordedTime($0) }) else { return nil }
    self = time
  }

  /// True when `bytes` are this time's text.
  @inline(__always)
  func hasText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard bytes.count == Int(count) else { return false }
    // Compared as the three words the text is kept in (a byte walk was a twelfth of decoding a line).
    var other: (UInt64, UInt64, UInt64) = (0, 0, 0)
    withUnsafeMutableBytes(of: &other) { $0.copyMemory(from: UnsafeRawBufferPointer(bytes)) }
    return other == words
  }

  /// Calls `body` with the text's bytes.
  func withText<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
    withUnsafeBytes(of: words) { raw in body(UnsafeRawBufferPointer(rebasing: raw[0..<Int(count)])) }
  }

  /// The text, as it was read or set.
  public var text: String {
    withUnsafeBytes(of: words) { raw in
      String(decoding: UnsafeRawBufferPointer(rebasing: raw[0..<Int(count)]), as: UTF8.self)
    }
  }

  public static func == (lhs: RecordedTime, rhs: RecordedTime) -> Bool {
    lhs.count == rhs.count && lhs.words == rhs.words
  }
}
