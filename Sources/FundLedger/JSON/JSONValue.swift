/// A parsed JSON value that keeps numbers as their literal text and objects in their written order.
///
/// Keeping the literal lets the ledger tell `1000` from `1e3` or `1000.0` (an amount of fen must be an
/// integer literal), and keeping order lets a decoder report duplicate or unknown keys by name.
public enum JSONValue: Equatable, Sendable {
  case null
  case bool(Bool)
  case number(String)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b
    case (.string(let a), .string(let b)): return a == b
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  /// The value under `key` of an object, or nil.
  public subscript(key: String) -> JSONValue? {
    if case .object(let pairs) = self {
      for (name, value) in pairs where name == key { return value }
    }
    return nil
  }

  public var stringValue: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  /// The value as an Int64 when it is an integer literal (no fraction, no exponent) that fits.
  public var int64Value: Int64? {
    if case .number(let text) = self { return Int64(text) }
    return nil
  }

  /// A short name of the value's kind, for error messages ("expected a string, got a number").
  public var kindName: String {
    switch self {
    case .null: return "null"
    case .bool: return "a boolean"
    case .number: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }
}
