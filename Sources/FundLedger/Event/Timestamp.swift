/// UTC timestamps for `recorded`, written as "YYYY-MM-DDTHH:MM:SS.sssZ" so that text order is time order.
public enum Timestamp {
  /// Milliseconds since 1970 for a timestamp in the ledger's form, or for a bare date (its start, UTC).
  public static func parse(_ text: String) -> Int64? {
    var text = text
    return text.withUTF8 { parse($0) }
  }

  static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
    if bytes.count == 10, let date = LedgerDate.parse(bytes) { return Int64(date.dayNumber) * 86_400_000 }
    guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T"), bytes[bytes.count - 1] == UInt8(ascii: "Z"),
      let date = LedgerDate.parse(UnsafeBufferPointer(rebasing: bytes[0..<10]))
    else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for i in range {
        guard bytes[i] >= 48, bytes[i] <= 57 else { return nil }
        value = value * 10 + Int(bytes[i] - 48)
      }
      return value
    }
    guard bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
      let h = number(11..<13), let m = number(14..<16), let s = number(17..<19), h < 24, m < 60, s < 60
    else { return nil }
    var millis = 0
    if bytes.count == 20 {
      // no fraction
    } else if bytes.count == 24, bytes[19] == UInt8(ascii: "."), let fraction = number(20..<23) {
      millis = fraction
    } else {
      return nil
    }
    return Int64(date.dayNumber) * 86_400_000 + Int64(((h * 60 + m) * 60 + s) * 1000 + millis)
  }

  public static func format(millis: Int64) -> String {
    let days = millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000
    let rest = millis - days * 86_400_000
    let date = LedgerDate(dayNumber: Int32(days))
    let h = rest / 3_600_000
    let m = rest / 60_000 % 60
    let s = rest / 1000 % 60
    let ms = rest % 1000
    return
      "\(date)T\(LedgerDate.pad(Int(h), 2)):\(LedgerDate.pad(Int(m), 2)):\(LedgerDate.pad(Int(s), 2)).\(LedgerDate.pad(Int(ms), 3))Z"
  }

  /// Now, in milliseconds since 1970.
  public static func nowMillis() -> Int64 {
    FileSystem.nowMillis()
  }
}
