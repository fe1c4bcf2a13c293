/// One option a command accepts: `--name VALUE` or a bare `--name` flag.
public struct OptionSpec: Sendable {
  public var name: String
  public var valueName: String?
  public var help: String
  public var repeatable: Bool

  public init(_ name: String, value: String? = nil, repeatable: Bool = false, help: String) {
    self.name = name
    self.valueName = value
    self.help = help
    self.repeatable = repeatable
  }

  public var takesValue: Bool { valueName != nil }
}
