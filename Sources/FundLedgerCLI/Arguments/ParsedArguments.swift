/// A command line split into options and positionals, checked against the command's `OptionSpec`s.
public struct ParsedArguments: Sendable {
  public var values: [String: [String]] = [:]
  public var flags: Set<String> = []
  public var positionals: [String] = []

  /// Parses `arguments` (after the command name). `--name=value` and `--name value` are both accepted;
  /// `--` ends options.
  public static func parse(_ arguments: [String], specs: [OptionSpec]) throws(UsageError) -> ParsedArguments {
    var parsed = ParsedArguments()
    var index = 0
    var optionsEnded = false
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if optionsEnded || !argument.hasPrefix("--") || argument == "-" {
        parsed.positionals.append(argument)
        continue
      }
      if argument == "--" {
        optionsEnded = true
        continue
      }
      var name = String(argument.dropFirst(2))
      var inlineValue: String?
      if let equals = name.firstIndex(of: "=") {
        inlineValue = String(name[name.index(after: equals)...])
        name = String(name[..<equals])
      }
      guard let spec = specs.first(where: { $0.name == name }) else {
        throw UsageError("unknown option --\(name)")
      }
      if spec.takesValue {
        let value: String
        if let inlineValue {
          value = inlineValue
        } else {
          guard index < arguments.count else {
            throw UsageError("option --\(name) expects a value (\(spec.valueName!))")
          }
          value = arguments[index]
          index += 1
        }
        if !spec.repeatable && parsed.values[name] != nil {
          throw UsageError("option --\(name) given more than once")
        }
        parsed.values[name, default: []].append(value)
      } else {
        if inlineValue != nil { throw UsageError("option --\(name) takes no value") }
        parsed.flags.insert(name)
      }
    }
    return parsed
  }

  public func value(_ name: String) -> String? { values[name]?.last }
  public func all(_ name: String) -> [String] { values[name] ?? [] }
  public func has(_ name: String) -> Bool { flags.contains(name) }
}

/// A command line that cannot be run as written (exit code 2).
public struct UsageError: Error, Equatable, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
