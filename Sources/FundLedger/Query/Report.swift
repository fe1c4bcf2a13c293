/// A report value: what a query computed, before any formatting. Renderers (table, CSV, JSON, HTML) only
/// print it, so every format shows the same figures.
public struct Report: Sendable, Equatable {
  public var title: String
  public var columns: [Column]
  public var rows: [[Cell]]
  /// Rows drawn after a rule, such as totals.
  public var footer: [[Cell]] = []
  /// Lines printed under the table: the ledger and point in time it stands for, caveats.
  public var notes: [String] = []

  public init(title: String, columns: [Column], rows: [[Cell]] = [], footer: [[Cell]] = [], notes: [String] = []) {
    self.title = title
    self.columns = columns
    self.rows = rows
    self.footer = footer
    self.notes = notes
  }
}

/// A column of a report: its JSON key, its printed title and what kind of values it holds.
public struct Column: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    case text
    case amount
    case rate
    case integer
    case holder
  }

  public var key: String
  public var title: String
  public var kind: Kind

  public init(_ key: String, _ title: String, _ kind: Kind = .text) {
    self.key = key
    self.title = title
    self.kind = kind
  }
}

/// One value in a report row.
public enum Cell: Sendable, Equatable {
  case text(String)
  case amount(Int64)
  /// numerator ÷ denominator; printed as an exact percentage, or "—" when the denominator is zero.
  case rate(Int64, Int64)
  case integer(Int64)
  /// A holder (or program) with its id and name; tables print the name, with `indent` levels of nesting.
  case named(id: String, name: String, indent: Int)
  case empty
}
