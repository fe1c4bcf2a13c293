import FundLedger

/// Some rows of a table with each cell written once as UTF-8 into one buffer, with its display width.
///
/// A register of tens of thousands of rows used to make a `String` of every cell, measure it, and copy it
/// again into the padded line: about 1,500 instructions a cell, most of a long `history`. Here the cell's
/// bytes are written once, measured in place, and copied from the buffer into the padded lines.
struct TableCells {
  private var bytes: [UInt8] = []
  /// Where each cell's bytes end in `bytes`, row after row.
  private var cellEnds: [Int] = []
  /// Each cell's width in terminal columns.
  private var cellWidths: [Int] = []
  /// Where each row's cells end in `cellEnds`.
  private var rowEnds: [Int] = []
  /// The widest cell of each column among these rows.
  private(set) var columnWidths: [Int]

  init(columnCount: Int, rowCount: Int = 0) {
    columnWidths = Array(repeating: 0, count: columnCount)
    cellEnds.reserveCapacity(rowCount * columnCount)
    cellWidths.reserveCapacity(rowCount * columnCount)
    rowEnds.reserveCapacity(rowCount)
  }

  var rowCount: Int { rowEnds.count }

  /// Adds a row of report cells, as `ReportRenderer.cellText` prints them; cells past the last column are
  /// not shown. Integers and names are written straight as bytes; amounts and rates are a string anyway, so
  /// they take `cellText` itself.
  mutating func append(row: [Cell], style: AmountStyle) {
    for (i, cell) in row.enumerated() where i < columnWidths.count {
      let width: Int
      switch cell {
      case .text(let text): width = append(text)
      case .amount, .rate: width = append(ReportRenderer.cellText(cell, style: style))
      case .integer(let value): width = append(value)
      case .named(_, let name, let indent):
        for _ in 0..<(2 * indent) { bytes.append(0x20) }
        width = 2 * indent + append(name)
      case .empty: width = 0
      }
      endCell(column: i, width: width)
    }
    rowEnds.append(cellEnds.count)
  }

  /// Adds a row of texts (the column titles).
  mutating func append(texts: [String]) {
    for (i, text) in texts.enumerated() where i < columnWidths.count { endCell(column: i, width: append(text)) }
    rowEnds.append(cellEnds.count)
  }

  private mutating func endCell(column: Int, width: Int) {
    cellEnds.append(bytes.count)
    cellWidths.append(width)
    if width > columnWidths[column] { columnWidths[column] = width }
  }

  /// Appends `text`'s bytes and returns its display width, measured on the same bytes.
  private mutating func append(_ text: String) -> Int {
    let width = text.utf8.withContiguousStorageIfAvailable { utf8 in
      bytes.append(contentsOf: utf8)
      return DisplayWidth.of(utf8: utf8)
    }
    if let width { return width }
    bytes.append(contentsOf: text.utf8)
    return DisplayWidth.of(text)
  }

  /// Appends `value` in decimal, as `String(value)` writes it, and returns its width.
  private mutating func append(_ value: Int64) -> Int {
    // Twenty digits and a sign, written from the right.
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
    return withUnsafeMutableBytes(of: &digits) { buffer in
      var at = buffer.count
      var magnitude = value.magnitude
      repeat {
        at -= 1
        buffer[at] = UInt8(ascii: "0") + UInt8(magnitude % 10)
        magnitude /= 10
      } while magnitude > 0
      if value < 0 {
        at -= 1
        buffer[at] = UInt8(ascii: "-")
      }
      bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[at...]))
      return buffer.count - at
    }
  }

  /// The rows as lines: columns padded to `widths` (right-aligned where `rightAligned`), two spaces apart,
  /// no trailing blanks, each ending in a newline.
  func lines(widths: [Int], rightAligned: [Bool]) -> [UInt8] {
    // Each line holds at most its cells' bytes plus every column's full padding and separator.
    let lineBytesMax = widths.reduce(0, +) + 2 * widths.count + 1
    let capacity = bytes.count + rowEnds.count * lineBytesMax
    return [UInt8](unsafeUninitializedCapacity: capacity) { out, initialized in
      var at = 0
      func spaces(_ count: Int) {
        guard count > 0 else { return }
        (out.baseAddress! + at).initialize(repeating: 0x20, count: count)
        at += count
      }
      bytes.withUnsafeBufferPointer { source in
        var cell = 0
        var start = 0
        for rowEnd in rowEnds {
          let lineStart = at
          var column = 0
          while cell < rowEnd {
            let end = cellEnds[cell]
            if column > 0 { spaces(2) }
            let fill = widths[column] - cellWidths[cell]
            if rightAligned[column] { spaces(fill) }
            if end > start {
              (out.baseAddress! + at).initialize(from: source.baseAddress! + start, count: end - start)
              at += end - start
            }
            if !rightAligned[column] { spaces(fill) }
            start = end
            cell += 1
            column += 1
          }
          while at > lineStart, out[at - 1] == 0x20 { at -= 1 }
          out[at] = 0x0A
          at += 1
        }
      }
      initialized = at
    }
  }
}
