/// Lowercase hexadecimal, the form hashes take in the log (`prev`) and in snapshots.
public enum Hex {
  private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

  public static func encode(_ bytes: [UInt8]) -> String {
    bytes.withUnsafeBytes { encode($0) }
  }

  /// Encodes raw bytes straight into the new string's storage.
  public static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
    String(unsafeUninitializedCapacity: bytes.count * 2) { out in
      write(bytes, to: out.baseAddress!)
      return bytes.count * 2
    }
  }

  /// Writes the hex of `bytes` to `out`, which has room for twice as many bytes.
  public static func write(_ bytes: UnsafeRawBufferPointer, to out: UnsafeMutablePointer<UInt8>) {
    digits.withUnsafeBufferPointer { digits in
      for (i, byte) in bytes.enumerated() {
        out[2 * i] = digits[Int(byte >> 4)]
        out[2 * i + 1] = digits[Int(byte & 0x0f)]
      }
    }
  }
}
