/// The documented exit codes of `fundledger`.
public enum ExitCode: Int32, Sendable {
  /// Done; every check passed.
  case ok = 0
  /// A check ran and found problems (verify found violations, audit found errors).
  case findings = 1
  /// Bad usage or bad input; nothing was changed.
  case badInput = 2
  /// The ledger file is damaged (torn tail, changed byte, seq gap, bad line).
  case damaged = 3
}
