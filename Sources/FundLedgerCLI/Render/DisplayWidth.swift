/// Terminal display width: East Asian wide characters (汉字, fullwidth punctuation) take two columns.
enum DisplayWidth {
  static func of(_ text: String) -> Int {
    if let width = text.utf8.withContiguousStorageIfAvailable(of(utf8:)) { return width }
    return text.unicodeScalars.reduce(0) { $0 + of($1) }
  }

  /// The width of valid UTF-8 `bytes`, read in place.
  static func of(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
    // Most cells are ASCII (figures, ids, dates): one column a byte.
    if bytes.allSatisfy({ $0 < 0x80 }) { return bytes.count }
    var width = 0
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    while case .scalarValue(let scalar) = decoder.decode(&iterator) { width += of(scalar) }
    return width
  }

  static func of(_ scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    if v == 0 || (0x0300...0x036F).contains(v) || (0x200B...0x200F).contains(v) { return 0 }
    if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
      || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
      || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
      || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
    {
      return 2
    }
    return 1
  }

  /// Pads `text` with spaces to `width` columns, on the left when `right` is true.
  static func pad(_ text: String, to width: Int, right: Bool) -> String {
    let fill = max(0, width - of(text))
    let spaces = String(repeating: " ", count: fill)
    return right ? spaces + text : text + spaces
  }
}
