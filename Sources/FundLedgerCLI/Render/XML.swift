/// Escaping for text and attributes in SVG and HTML.
enum XML {
  static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for ch in text.unicodeScalars {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default:
        // Control characters other than tab and newline are not allowed in XML 1.0.
        if ch.value < 0x20 && ch != "\t" && ch != "\n" { continue }
        out.unicodeScalars.append(ch)
      }
    }
    return out
  }
}
