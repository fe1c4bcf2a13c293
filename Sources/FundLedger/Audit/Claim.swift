/// A figure a report states about the ledger ("执行 7874 万元", "执行率 99.67%", "哈密市 执行 39"), carried by an
/// `audit` event so that the ledger can be compared with what was reported.
public struct Claim: Sendable, Equatable {
  /// What is measured, as the status table measures it for the claim's holder.
  public enum Measure: String, Sendable, CaseIterable {
    case budgeted
    case arrived
    case passedDown = "passed_down"
    case paid
    case held
    case executionRate = "execution_rate"
    case arrivalRate = "arrival_rate"

    public var isRate: Bool { self == .executionRate || self == .arrivalRate }
  }

  public var label: String
  public var holder: Int32
  /// The program (and its parts), or -1 for every program.
  public var program: Int32
  public var measure: Measure
  /// As the report writes it: "7874" (万元) or "99.67%".
  public var value: String
  /// The date the figure refers to.
  public var asOf: LedgerDate

  /// Reads one claim object, resolving holder and program names against `state`.
  static func parse(_ value: JSONValue, index: Int, state: LedgerState, defaultAsOf: LedgerDate) -> Result<
    Claim, Reason
  > {
    func bad(_ problem: String) -> Result<Claim, Reason> {
      .failure(.claimMustBeWellFormed(index: index, problem: problem))
    }
    guard case .object(let pairs) = value else { return bad("expected an object") }
    let allowed: Set<String> = ["label", "holder", "program", "measure", "value", "as_of"]
    for (key, _) in pairs where !allowed.contains(key) { return bad("unknown key \"\(key)\"") }
    guard let label = value["label"]?.stringValue else { return bad("\"label\" must be a string") }
    guard let holderKey = value["holder"]?.stringValue else { return bad("\"holder\" must be a string") }
    guard let holder = state.holder(named: holderKey) else {
      return .failure(.claimHolderMustExist(index: index, holder: holderKey))
    }
    var program: Int32 = -1
    if let programValue = value["program"] {
      guard let key = programValue.stringValue, let index2 = state.program(named: key) else {
        return .failure(
          .programMustExist(field: "claims[\(index)].program", value: programValue.stringValue ?? "\(programValue)"))
      }
      program = index2
    }
    guard let measureText = value["measure"]?.stringValue, let measure = Measure(rawValue: measureText) else {
      return bad("\"measure\" must be one of " + Measure.allCases.map(\.rawValue).joined(separator: ", "))
    }
    guard let text = value["value"]?.stringValue else {
      return bad("\"value\" must be a string such as \"7874\" or \"99.67%\"")
    }
    if measure.isRate {
      if Percent.parse(text) == nil { return bad("\"value\" of a rate must be a percentage such as \"99.67%\"") }
    } else {
      do { _ = try Money.parse(text) } catch { return bad("\"value\": \(error)") }
    }
    var asOf = defaultAsOf
    if let dateValue = value["as_of"] {
      guard let textDate = dateValue.stringValue, let date = LedgerDate(textDate) else {
        return bad("\"as_of\" must be a date YYYY-MM-DD")
      }
      asOf = date
    }
    return .success(Claim(label: label, holder: holder, program: program, measure: measure, value: text, asOf: asOf))
  }
}

/// What the projection keeps of an `audit` event: its claims and its payload, for checks and reports.
public struct AuditRecord: Sendable, Equatable {
  /// The event record index.
  public var record: Int32
  public var claims: [Claim]
  /// The evaluation it carries, if any.
  public var evaluation: Evaluation?
  /// The audit payload fields (as_of, claims, findings, evaluation, rules, digest, result) as written.
  public var detailsJSON: [UInt8]
}
