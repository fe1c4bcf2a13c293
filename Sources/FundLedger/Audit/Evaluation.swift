/// A performance evaluation (绩效评价) carried by an `audit` event: an indicator system with weights and a
/// scoring rule per indicator, the units (firms) with their targets, and what the evaluators judged.
///
/// Scores are exact decimals held as millionths of a point (the same scale as fen in 万元), so "2.76"
/// is 2,760,000 and nothing is ever floating point.
public struct Evaluation: Sendable, Equatable {
  public var id: String
  public var subject: String
  public var holder: Int32
  public var program: Int32
  public var asOf: LedgerDate
  /// Holders the per-unit targets are about (the six firms).
  public var units: [Int32]
  public var groups: [Group]
  /// The total and grade the report states, to compare with what the rules give.
  public var reportedTotal: Int64?
  public var reportedGrade: String?
  public var rounding: String

  public struct Group: Sendable, Equatable {
    public var name: String
    public var weight: Int64
    public var indicators: [Indicator]
  }

  public struct Indicator: Sendable, Equatable {
    public var name: String
    public var weight: Int64
    public var rule: Rule
  }

  /// A unit's target and what it reached, for one indicator.
  public struct UnitTarget: Sendable, Equatable {
    public var unit: Int32
    public var target: String
    public var actual: String
    public var met: Bool
  }

  /// The scoring rules the seeds use.
  public enum Rule: Sendable, Equatable {
    /// Full weight when met, else nothing.
    case allOrNothing(met: Bool)
    /// A rate from the ledger: full at 100%, minus `perPoint` (basis points of the weight) per percentage
    /// point below, nothing under `floor` (basis points).
    case rateDeduction(measure: Claim.Measure, perPointBasisPoints: Int64, floorBasisPoints: Int64)
    /// `required` items, minus `perMissing` of the weight for each one missing.
    case items(required: Int64, met: Int64, perMissingBasisPoints: Int64)
    /// Minus `perUnit` of the weight per unit that missed its target; nothing at `zeroAt` or more.
    case unitsMissing(perUnitBasisPoints: Int64, zeroAt: Int64, targets: [UnitTarget])
    /// Full at or above `fullAt`; minus `perPoint` of the weight per point below.
    case satisfaction(valueBasisPoints: Int64, fullAtBasisPoints: Int64, perPointBasisPoints: Int64)
    /// Ordered categories, best first, each with its share of the weight.
    case orderedCategory(order: [String], sharesBasisPoints: [Int64], value: String)
    /// A score the evaluators' experts gave.
    case expert(score: Int64)

    public var kind: String {
      switch self {
      case .allOrNothing: return "all-or-nothing"
      case .rateDeduction: return "rate-deduction"
      case .items: return "items"
      case .unitsMissing: return "units-missing"
      case .satisfaction: return "satisfaction"
      case .orderedCategory: return "ordered-category"
      case .expert: return "expert"
      }
    }
  }

  /// Reads an `evaluation` payload, checking weights, units and targets against `state`.
  public static func parse(_ value: JSONValue, state: LedgerState, date: LedgerDate, eventID: String) throws(Reason)
    -> Evaluation
  {
    func bad(_ problem: String) -> Reason { .evaluationMustBeWellFormed(problem: problem) }
    func points(_ v: JSONValue?, _ what: String) throws(Reason) -> Int64 {
      guard let text = v?.stringValue, let p = try? Money.parse(text), p >= 0 else {
        throw bad("\(what) must be a non-negative decimal string such as \"2.76\"")
      }
      return p
    }
    func share(_ v: JSONValue?, _ what: String) throws(Reason) -> Int64 {
      guard let text = v?.stringValue, let bp = Percent.basisPoints(text), bp >= 0, bp <= 10_000 else {
        throw bad("\(what) must be a percentage from 0% to 100% with at most 2 decimals")
      }
      return bp
    }
    func holder(_ v: JSONValue?, _ what: String) throws(Reason) -> Int32 {
      guard let key = v?.stringValue else { throw bad("\(what) must be a holder id or name") }
      guard let index = state.holder(named: key) else { throw .holderMustExist(field: what, value: key) }
      return index
    }
    guard case .object = value else { throw bad("\"evaluation\" must be an object") }
    let kind = value["kind"]?.stringValue ?? ""
    var evaluation = Evaluation(
      id: eventID, subject: value["subject"]?.stringValue ?? "", holder: -1, program: -1, asOf: date, units: [],
      groups: [],
      reportedTotal: nil, reportedGrade: value["grade"]?.stringValue,
      rounding: value["rounding"]?.stringValue ?? "each indicator's score is rounded half up to 2 decimals")
    if let total = value["total"] { evaluation.reportedTotal = try points(total, "total") }
    if let text = value["as_of"]?.stringValue {
      guard let asOf = LedgerDate(text) else { throw bad("\"as_of\" must be a date YYYY-MM-DD") }
      evaluation.asOf = asOf
    }
    if let programKey = value["program"]?.stringValue {
      guard let index = state.program(named: programKey) else {
        throw .programMustExist(field: "evaluation.program", value: programKey)
      }
      evaluation.program = index
    }
    if value["holder"] != nil { evaluation.holder = try holder(value["holder"], "evaluation.holder") }
    if kind == "self-evaluation" {
      // A self-evaluation gives only its parts and their scores: each is an expert score.
      guard case .array(let parts)? = value["parts"] else { throw bad("a self-evaluation needs \"parts\"") }
      var indicators: [Indicator] = []
      for part in parts {
        let weight = try points(part["weight"], "part weight")
        let score = try points(part["score"], "part score")
        if score > weight {
          throw bad(
            "part \(part["name"]?.stringValue ?? "?") scores \(Money.format(score)) above its weight \(Money.format(weight))"
          )
        }
        indicators.append(Indicator(name: part["name"]?.stringValue ?? "", weight: weight, rule: .expert(score: score)))
      }
      evaluation.groups = indicators.map { Group(name: $0.name, weight: $0.weight, indicators: [$0]) }
      return evaluation
    }
    guard kind == "indicator-system" else { throw bad("\"kind\" must be indicator-system or self-evaluation") }
    if case .array(let units)? = value["units"] {
      for (i, unit) in units.enumerated() { evaluation.units.append(try holder(unit, "evaluation.units[\(i)]")) }
    }
    guard case .array(let groups)? = value["groups"], !groups.isEmpty else {
      throw bad("\"groups\" must be a non-empty array")
    }
    var total: Int64 = 0
    for group in groups {
      let name = group["name"]?.stringValue ?? "?"
      let weight = try points(group["weight"], "group \(name) weight")
      total += weight
      guard case .array(let items)? = group["indicators"], !items.isEmpty else {
        throw bad("group \(name) needs indicators")
      }
      var indicators: [Indicator] = []
      var sum: Int64 = 0
      for item in items {
        let indicatorName = item["name"]?.stringValue ?? "?"
        let indicatorWeight = try points(item["weight"], "indicator \(indicatorName) weight")
        sum += indicatorWeight
        guard let rule = item["rule"], let ruleKind = rule["kind"]?.stringValue else {
          throw bad("indicator \(indicatorName) needs a rule with a kind")
        }
        let parsed: Rule
        switch ruleKind {
        case "all-or-nothing":
          guard case .bool(let met)? = rule["met"] else {
            throw bad("indicator \(indicatorName): all-or-nothing needs \"met\": true or false")
          }
          parsed = .allOrNothing(met: met)
        case "rate-deduction":
          guard let text = rule["measure"]?.stringValue, let measure = Claim.Measure(rawValue: text), measure.isRate
          else {
            throw bad("indicator \(indicatorName): rate-deduction needs \"measure\": arrival_rate or execution_rate")
          }
          parsed = .rateDeduction(
            measure: measure, perPointBasisPoints: try share(rule["per_point"], "per_point"),
            floorBasisPoints: try share(rule["floor"], "floor"))
        case "items":
          guard let required = rule["required"]?.int64Value, let met = rule["met"]?.int64Value, required > 0, met >= 0,
            met <= required
          else {
            throw bad(
              "indicator \(indicatorName): items needs whole numbers \"required\" > 0 and 0 ≤ \"met\" ≤ required")
          }
          parsed = .items(
            required: required, met: met, perMissingBasisPoints: try share(rule["per_missing"], "per_missing"))
        case "units-missing":
          guard let zeroAt = rule["zero_at"]?.int64Value, zeroAt > 0, case .array(let targets)? = rule["targets"] else {
            throw bad("indicator \(indicatorName): units-missing needs \"zero_at\" and \"targets\"")
          }
          var parsedTargets: [UnitTarget] = []
          for target in targets {
            let unit = try holder(target["unit"], "indicator \(indicatorName) target unit")
            guard evaluation.units.contains(unit) else {
              throw bad(
                "indicator \(indicatorName): \(state.holders[Int(unit)].id) is not one of the evaluation's units")
            }
            let targetText = target["target"]?.stringValue ?? ""
            let actualText = target["actual"]?.stringValue ?? ""
            let met: Bool
            switch target["compare"]?.stringValue ?? "at-least" {
            case "at-least":
              guard let t = Evaluation.number(targetText), let a = Evaluation.number(actualText) else {
                throw bad(
                  "indicator \(indicatorName): target and actual must be numbers or percentages to compare at-least")
              }
              met = a >= t
            case "category":
              guard case .array(let order)? = target["order"] ?? rule["order"] else {
                throw bad("indicator \(indicatorName): category needs \"order\" (worst first)")
              }
              let names = order.compactMap(\.stringValue)
              guard let t = names.firstIndex(of: targetText), let a = names.firstIndex(of: actualText) else {
                throw bad("indicator \(indicatorName): \(targetText) or \(actualText) is not in the order \(names)")
              }
              met = a >= t
            case "judged":
              guard case .bool(let judged)? = target["met"] else {
                throw bad("indicator \(indicatorName): judged needs \"met\"")
              }
              met = judged
            case let other:
              throw bad("indicator \(indicatorName): unknown compare \"\(other)\" (at-least, category, judged)")
            }
            parsedTargets.append(UnitTarget(unit: unit, target: targetText, actual: actualText, met: met))
          }
          for unit in evaluation.units where !parsedTargets.contains(where: { $0.unit == unit }) {
            throw .evaluationUnitMustHaveTarget(unit: state.holders[Int(unit)].id, indicator: indicatorName)
          }
          parsed = .unitsMissing(
            perUnitBasisPoints: try share(rule["per_unit"], "per_unit"), zeroAt: zeroAt, targets: parsedTargets)
        case "satisfaction":
          parsed = .satisfaction(
            valueBasisPoints: try share(rule["value"], "value"),
            fullAtBasisPoints: try share(rule["full_at"], "full_at"),
            perPointBasisPoints: try share(rule["per_point"], "per_point"))
        case "ordered-category":
          guard case .array(let order)? = rule["order"], case .array(let shares)? = rule["shares"],
            order.count == shares.count,
            let chosen = rule["value"]?.stringValue
          else {
            throw bad(
              "indicator \(indicatorName): ordered-category needs \"order\", \"shares\" of the same length and \"value\""
            )
          }
          let names = order.compactMap(\.stringValue)
          guard names.contains(chosen) else {
            throw bad("indicator \(indicatorName): \(chosen) is not one of \(names)")
          }
          var parsedShares: [Int64] = []
          for s in shares { parsedShares.append(try share(s, "share")) }
          parsed = .orderedCategory(order: names, sharesBasisPoints: parsedShares, value: chosen)
        case "expert":
          let score = try points(rule["score"], "indicator \(indicatorName) expert score")
          if score > indicatorWeight { throw bad("indicator \(indicatorName): expert score above the weight") }
          parsed = .expert(score: score)
        default:
          throw bad("indicator \(indicatorName): unknown rule kind \"\(ruleKind)\"")
        }
        if case .rateDeduction = parsed, evaluation.holder < 0 || evaluation.program < 0 {
          throw bad(
            "indicator \(indicatorName): a rate from the ledger needs the evaluation's \"holder\" and \"program\"")
        }
        indicators.append(Indicator(name: indicatorName, weight: indicatorWeight, rule: parsed))
      }
      if sum != weight {
        throw .evaluationWeightsMustSum(group: name, groupWeight: Money.format(weight), indicatorSum: Money.format(sum))
      }
      evaluation.groups.append(Group(name: name, weight: weight, indicators: indicators))
    }
    if total != 100_000_000 {
      throw .evaluationWeightsMustSum(group: "(all groups)", groupWeight: "100", indicatorSum: Money.format(total))
    }
    return evaluation
  }

  /// A number or percentage as millionths ("98.43%" and "98.43" compare alike).
  static func number(_ text: String) -> Int64? {
    let trimmed = text.hasSuffix("%") ? String(text.dropLast()) : text
    return try? Money.parse(trimmed)
  }
}
