/// Lowercase hexadecimal, the form hashes take in the log (`prev`) and in snapshots.
public enum Hex {
  private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

  public static func encode(_ bytes: [UInt8]) -> String {
    var out = [UInt8]()
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// True when `text` is exactly 64 lowercase hex digits, the shape of a SHA-256 in the log.
  public static func isDigest(_ text: String) -> Bool {
    let utf8 = text.utf8
    return utf8.count == 64
      && utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
  }
}
