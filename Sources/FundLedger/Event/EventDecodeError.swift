/// Why a line is not a valid event, naming the field and what was expected.
public enum EventDecodeError: Error, Equatable, Sendable, CustomStringConvertible {
  case badJSON(JSONError)
  case notAnObject(got: String)
  case missingField(field: String, expected: String)
  case wrongKind(field: String, expected: String, got: String)
  case invalidValue(field: String, expected: String, got: String)
  case unknownField(field: String, type: String)
  case ledgerAssigned(field: String)

  public var field: String? {
    switch self {
    case .badJSON, .notAnObject: return nil
    case .missingField(let f, _), .wrongKind(let f, _, _), .invalidValue(let f, _, _), .unknownField(let f, _),
      .ledgerAssigned(let f):
      return f
    }
  }

  public var description: String {
    switch self {
    case .badJSON(let error): return "not valid JSON \(error)"
    case .notAnObject(let got): return "expected a JSON object, got \(got)"
    case .missingField(let field, let expected): return "field \"\(field)\" is missing; expected \(expected)"
    case .wrongKind(let field, let expected, let got): return "field \"\(field)\": expected \(expected), got \(got)"
    case .invalidValue(let field, let expected, let got):
      return "field \"\(field)\": expected \(expected), got \"\(got)\""
    case .unknownField(let field, let type): return "field \"\(field)\" is not a field of a \(type) event"
    case .ledgerAssigned(let field):
      return "field \"\(field)\" is assigned by the ledger on append and must not be given"
    }
  }
}
