/// Everything that can go wrong reading or writing a ledger, each with its own case so the CLI can give
/// the right message and exit code (2 bad input, 3 damaged ledger, 1 a check found problems).
public enum LedgerError: Error, Equatable, Sendable, CustomStringConvertible {
  case fileNotFound(path: String)
  case fileExists(path: String)
  case io(path: String, operation: String, errno: Int32)
  /// The last line has no newline: a write was cut short. `offset` is where the torn bytes start.
  case tornTail(line: Int, offset: Int64, bytes: Int)
  case lineTooLong(line: Int, offset: Int64, limit: Int)
  case badLine(line: Int, offset: Int64, error: EventDecodeError)
  case seqGap(line: Int, expected: Int64, found: Int64)
  /// Line `line`'s bytes do not hash to the `prev` that the next line records: it was changed after writing.
  case hashMismatch(line: Int, recorded: String, actual: String)
  case invariantViolated([Violation])
  /// An append was refused; nothing was written.
  case rejected([Violation])
  case inputError(line: Int, error: EventDecodeError)
  case emptyInput
  case seqMismatch(expected: Int64, actual: Int64)

  /// True for damage to the ledger file itself (exit code 3).
  public var isDamage: Bool {
    switch self {
    case .tornTail, .lineTooLong, .badLine, .seqGap, .hashMismatch, .invariantViolated: return true
    default: return false
    }
  }

  public var description: String {
    switch self {
    case .fileNotFound(let path): return "ledger \(path) not found (create it with: fundledger init \(path))"
    case .fileExists(let path): return "\(path) already exists; init never overwrites a ledger"
    case .io(let path, let operation, let errno): return "\(path): \(operation) failed (errno \(errno))"
    case .tornTail(let line, let offset, let bytes):
      return
        "line \(line): torn last line at byte offset \(offset) (\(bytes) bytes without a newline; a write was cut short). Run `fundledger repair` to move them to a side file."
    case .lineTooLong(let line, let offset, let limit):
      return "line \(line) at byte offset \(offset): longer than the limit of \(limit) bytes"
    case .badLine(let line, let offset, let error): return "line \(line) at byte offset \(offset): \(error)"
    case .seqGap(let line, let expected, let found):
      return "line \(line): field \"seq\": expected \(expected), found \(found) (a gap or repeat in the sequence)"
    case .hashMismatch(let line, let recorded, let actual):
      return
        "line \(line): its bytes hash to \(actual), but line \(line + 1) records prev \(recorded): line \(line) was changed after it was written"
    case .invariantViolated(let violations):
      return violations.map { "line \($0.line) (id \($0.eventID)): \($0.reason)" }.joined(separator: "\n")
    case .rejected(let violations):
      return "nothing was appended:\n"
        + violations.map { "  input line \($0.line) (id \($0.eventID)): \($0.reason)" }.joined(separator: "\n")
    case .inputError(let line, let error): return "nothing was appended: input line \(line): \(error)"
    case .emptyInput: return "nothing was appended: the input holds no events"
    case .seqMismatch(let expected, let actual):
      return "nothing was appended: --expect-seq \(expected), but the ledger's last seq is \(actual)"
    }
  }
}
