/// Why a decimal string is not an amount of money.
public enum MoneyError: Error, Equatable, CustomStringConvertible, Sendable {
  case empty
  case noDigits(String)
  case exponentNotAllowed(String)
  case unexpectedCharacter(String, position: Int)
  case finerThanFen(String, unit: Money.Unit)
  case overflow(String)
  case mustBePositive(String)

  public var description: String {
    switch self {
    case .empty: return "expected an amount, got an empty string"
    case .noDigits(let text): return "expected digits in amount \"\(text)\""
    case .exponentNotAllowed(let text):
      return "exponent notation is not accepted in amount \"\(text)\"; write the plain decimal"
    case .unexpectedCharacter(let text, let position):
      return "unexpected character at position \(position) of amount \"\(text)\"; expected digits and at most one '.'"
    case .finerThanFen(let text, let unit):
      return "amount \"\(text)\" is finer than one fen; \(unit.rawValue) takes at most \(unit.decimalsMax) decimals"
    case .overflow(let text): return "amount \"\(text)\" is too large (beyond Int64 fen)"
    case .mustBePositive(let text): return "amount \"\(text)\" must be greater than zero"
    }
  }
}
