import FundLedger

/// A subcommand: its name, help text, options, and what it does.
public struct Command: Sendable {
  public var name: String
  public var summary: String
  public var usage: String
  public var options: [OptionSpec]
  public var run: @Sendable (Context, ParsedArguments) throws -> ExitCode

  public init(
    name: String, summary: String, usage: String, options: [OptionSpec],
    run: @escaping @Sendable (Context, ParsedArguments) throws -> ExitCode
  ) {
    self.name = name
    self.summary = summary
    self.usage = usage
    self.options = options + [OptionSpec("help", help: "show this help")]
    self.run = run
  }

  public var help: String {
    var out = "fundledger \(name) — \(summary)\n\nUsage: fundledger [--ledger PATH] \(usage)\n\nOptions:\n"
    let labels = options.map { "--\($0.name)" + ($0.valueName.map { " \($0)" } ?? "") }
    let width = labels.map(DisplayWidth.of).max() ?? 0
    for (label, option) in zip(labels, options) {
      out +=
        "  " + DisplayWidth.pad(label, to: width, right: false) + "  " + option.help
        + (option.repeatable ? " (repeatable)" : "") + "\n"
    }
    return out
  }
}

extension String {
  func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}

/// Options shared by the query commands.
enum CommonOptions {
  static let format = OptionSpec("format", value: "table|csv|json", help: "output format (default table)")
  static let unit = OptionSpec("unit", value: "万元|元", help: "unit of displayed amounts (default 万元)")
  static let decimals = OptionSpec("decimals", value: "N", help: "print amounts with exactly N decimals")
  static let output = [format, unit, decimals]

  static func format(_ args: ParsedArguments) throws -> Format {
    guard let text = args.value("format") else { return .table }
    guard let format = Format(rawValue: text) else {
      throw UsageError("--format: expected table, csv or json, got \"\(text)\"")
    }
    return format
  }

  static func style(_ args: ParsedArguments) throws -> AmountStyle {
    var style = AmountStyle()
    if let text = args.value("unit") {
      guard let unit = Money.Unit(name: text), unit != .fen else {
        throw UsageError("--unit: expected 万元 or 元, got \"\(text)\"")
      }
      style.unit = unit
    }
    if let text = args.value("decimals") {
      guard let decimals = Int(text), (0...6).contains(decimals) else {
        throw UsageError("--decimals: expected a whole number from 0 to 6, got \"\(text)\"")
      }
      style.decimals = decimals
    }
    return style
  }

  static func date(_ args: ParsedArguments, _ name: String) throws -> LedgerDate? {
    guard let text = args.value(name) else { return nil }
    guard let date = LedgerDate(text) else {
      throw UsageError("--\(name): expected a real calendar date YYYY-MM-DD, got \"\(text)\"")
    }
    return date
  }

  static func year(_ args: ParsedArguments, _ name: String = "year") throws -> Int32? {
    guard let text = args.value(name) else { return nil }
    guard let year = Int32(text), (1900...9999).contains(year) else {
      throw UsageError("--\(name): expected a budget year such as 2023, got \"\(text)\"")
    }
    return year
  }

  /// `--expect-seq N`: append only if the ledger's last seq is N.
  static let expectSeq = OptionSpec("expect-seq", value: "N", help: "append only if the ledger's last seq is N")

  static func expectSeq(_ args: ParsedArguments) throws -> Int64? {
    try args.value("expect-seq").map { text -> Int64 in
      guard let seq = Int64(text), seq >= 0 else {
        throw UsageError("--expect-seq: expected a whole number, got \"\(text)\"")
      }
      return seq
    }
  }

  static func render(_ context: Context, _ report: Report, _ args: ParsedArguments) throws {
    let text = ReportRenderer.render(report, format: try format(args), style: try style(args))
    context.stdout += text
  }
}
