/// The audit rules to run and their parameters, read from a JSON rules file a user can change.
public struct RuleSet: Sendable, Equatable {
  public var version: String
  public var rules: [Rule]

  /// One rule and its parameters.
  public struct Rule: Sendable, Equatable {
    public var id: RuleID
    public var severity: Finding.Severity
    /// pass-down: days money may stay at a level.
    public var days: Int32 = 30
    /// pass-down: the holder levels the limit applies to.
    public var levels: [HolderLevel] = [.province, .prefecture, .county]
    /// year-end-execution: the execution rate under which a holder is reported, in basis points.
    public var thresholdBasisPoints: Int64 = 10_000
  }

  public enum RuleID: String, Sendable, CaseIterable {
    case conservation
    case earmarking
    case passDown = "pass-down"
    case yearEndExecution = "year-end-execution"
    case reportedFigures = "reported-figures"
  }

  /// Why a rules file cannot be used.
  public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
  }

  /// The built-in rules: every rule, at the limits seed 000 and seed 001 state.
  public static let builtIn = RuleSet(
    version: "builtin-1",
    rules: [
      Rule(id: .conservation, severity: .error),
      Rule(id: .earmarking, severity: .error),
      Rule(id: .passDown, severity: .warning),
      Rule(id: .yearEndExecution, severity: .warning),
      Rule(id: .reportedFigures, severity: .error),
    ])

  public func rule(_ id: RuleID) -> Rule? { rules.first { $0.id == id } }

  /// The rules file form of this rule set.
  public func json() -> String {
    var w = JSONWriter()
    w.beginObject()
    w.field("version", version)
    w.key("rules")
    w.beginArray()
    for rule in rules {
      w.beginObject()
      w.field("id", rule.id.rawValue)
      w.field("severity", rule.severity.rawValue)
      switch rule.id {
      case .passDown:
        w.field("days", Int64(rule.days))
        w.key("levels")
        w.beginArray()
        for level in rule.levels { w.string(level.rawValue) }
        w.endArray()
      case .yearEndExecution:
        w.field("threshold", Money.formatScaled(UInt64(rule.thresholdBasisPoints), decimals: 2) + "%")
      default: break
      }
      w.endObject()
    }
    w.endArray()
    w.endObject()
    return w.text
  }

  /// Reads a rules file, refusing unknown rules, unknown keys and impossible limits.
  public static func parse(_ bytes: [UInt8]) throws(Problem) -> RuleSet {
    let value: JSONValue
    do { value = try JSONParser.parse(bytes) } catch { throw Problem(message: "rules file is not valid JSON \(error)") }
    guard case .object(let top) = value else { throw Problem(message: "rules file: expected a JSON object") }
    for (key, _) in top where key != "version" && key != "rules" {
      throw Problem(message: "rules file: unknown key \"\(key)\" (expected version, rules)")
    }
    guard let version = value["version"]?.stringValue, !version.isEmpty else {
      throw Problem(message: "rules file: \"version\" must be a non-empty string")
    }
    guard case .array(let items)? = value["rules"] else {
      throw Problem(message: "rules file: \"rules\" must be an array")
    }
    var rules: [Rule] = []
    for (index, item) in items.enumerated() {
      let at = "rules file: rule \(index + 1)"
      guard case .object(let pairs) = item, let idText = item["id"]?.stringValue else {
        throw Problem(message: "\(at): expected an object with an \"id\"")
      }
      guard let id = RuleID(rawValue: idText) else {
        throw Problem(
          message: "\(at): unknown rule \"\(idText)\"; known rules: "
            + RuleID.allCases.map(\.rawValue).joined(separator: ", "))
      }
      if rules.contains(where: { $0.id == id }) { throw Problem(message: "\(at): rule \"\(idText)\" is given twice") }
      var rule = RuleSet.builtIn.rule(id)!
      let allowed: Set<String> =
        switch id {
        case .passDown: ["id", "severity", "days", "levels"]
        case .yearEndExecution: ["id", "severity", "threshold"]
        default: ["id", "severity"]
        }
      for (key, _) in pairs where !allowed.contains(key) {
        throw Problem(message: "\(at) (\(idText)): unknown parameter \"\(key)\"")
      }
      if let severity = item["severity"] {
        guard let text = severity.stringValue, let parsed = Finding.Severity(rawValue: text) else {
          throw Problem(message: "\(at) (\(idText)): severity must be error, warning or info")
        }
        rule.severity = parsed
      }
      if let days = item["days"] {
        guard let value = days.int64Value, value >= 0, value <= 3650 else {
          throw Problem(message: "\(at) (\(idText)): days must be a whole number from 0 to 3650, got \(days)")
        }
        rule.days = Int32(value)
      }
      if let levels = item["levels"] {
        guard case .array(let names) = levels else {
          throw Problem(message: "\(at) (\(idText)): levels must be an array")
        }
        rule.levels = try names.map { name throws(Problem) -> HolderLevel in
          guard let text = name.stringValue, let level = HolderLevel(rawValue: text) else {
            throw Problem(message: "\(at) (\(idText)): unknown level \(name)")
          }
          return level
        }
      }
      if let threshold = item["threshold"] {
        guard let text = threshold.stringValue, let bp = Percent.basisPoints(text), bp >= 0, bp <= 10_000 else {
          throw Problem(message: "\(at) (\(idText)): threshold must be a percentage from 0% to 100% such as \"90%\"")
        }
        rule.thresholdBasisPoints = bp
      }
      rules.append(rule)
    }
    return RuleSet(version: version, rules: rules)
  }
}

/// Exact percentage strings ("99.67%", "60%"): parsed as decimals, never as floating point.
public enum Percent {
  /// The value with its number of decimals: "99.67%" → (9967, 2).
  public static func parse(_ text: String) -> (value: Int64, decimals: Int)? {
    guard text.hasSuffix("%") else { return nil }
    let number = String(text.dropLast())
    let parts = number.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count <= 2, let whole = Int64(parts[0]), whole >= 0, parts[0].allSatisfy(\.isASCII) else { return nil }
    var decimals = 0
    var value = whole
    if parts.count == 2 {
      guard !parts[1].isEmpty, parts[1].count <= 6, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
        let f = Int64(parts[1])
      else {
        return nil
      }
      decimals = parts[1].count
      for _ in 0..<decimals { value *= 10 }
      value += f
    }
    return (value, decimals)
  }

  /// "90%" → 9000 basis points; nil when finer than a basis point or malformed.
  public static func basisPoints(_ text: String) -> Int64? {
    guard let (value, decimals) = parse(text), decimals <= 2 else { return nil }
    var bp = value
    for _ in decimals..<2 { bp *= 10 }
    return bp
  }
}
