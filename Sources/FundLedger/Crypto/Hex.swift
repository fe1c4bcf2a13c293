/// Lowercase hexadecimal, the form hashes take in the log (`prev`) and in snapshots.
public enum Hex {
  private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

  public static func encode(_ bytes: [UInt8]) -> String {
    bytes.withUnsafeBytes { encode($0) }
  }

  /// Encodes raw bytes straight into the new string's storage.
  public static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
    String(unsafeUninitializedCapacity: bytes.count * 2) { out in
      for (i, byte) in bytes.enumerated() {
        out[2 * i] = digits[Int(byte >> 4)]
        out[2 * i + 1] = digits[Int(byte & 0x0f)]
      }
      return bytes.count * 2
    }
  }

  /// True when `text` is exactly 64 lowercase hex digits, the shape of a SHA-256 in the log.
  public static func isDigest(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      guard bytes.count == 64 else { return false }
      for byte in bytes where !((byte >= 48 && byte <= 57) || (byte >= 97 && byte <= 102)) { return false }
      return true
    }
  }
}
