/// Scores an evaluation: each indicator by its rule, rounded as the evaluators round, then groups, the
/// total and the grade (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差).
public enum Scoring {
  /// One indicator's result.
  public struct Line: Sendable, Equatable {
    public var group: String
    public var indicator: String
    public var kind: String
    public var weight: Int64
    public var score: Int64
    /// Why: the ledger figure used, the units that missed, the category chosen.
    public var basis: String
    /// Units that missed their target (holder indices).
    public var missed: [Int32]
  }

  public struct Result: Sendable, Equatable {
    public var lines: [Line]
    public var groups: [(name: String, weight: Int64, score: Int64)]
    public var total: Int64
    public var grade: String

    public static func == (a: Result, b: Result) -> Bool {
      a.lines == b.lines && a.total == b.total && a.grade == b.grade
        && a.groups.map(\.name) == b.groups.map(\.name) && a.groups.map(\.score) == b.groups.map(\.score)
    }
  }

  /// 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差.
  public static func grade(_ total: Int64) -> String {
    switch total {
    case 90_000_000...: return "优"
    case 80_000_000...: return "良"
    case 60_000_000...: return "中"
    default: return "差"
    }
  }

  /// `weight` × `share` (basis points), exact, then rounded half up to 0.01 point.
  static func part(_ weight: Int64, _ basisPoints: Int64) -> Int64 {
    let micro = weight * max(0, basisPoints) / 10_000
    let remainder = weight * max(0, basisPoints) % 10_000
    let exact = micro + (remainder * 2 >= 10_000 ? 1 : 0)
    return roundToHundredths(exact)
  }

  static func roundToHundredths(_ micro: Int64) -> Int64 { (micro + 5_000) / 10_000 * 10_000 }

  /// Scores `evaluation`, taking rates from `state` (the ledger as of the evaluation's date).
  public static func score(_ evaluation: Evaluation, state: LedgerState) -> Result {
    var lines: [Line] = []
    var groups: [(String, Int64, Int64)] = []
    for group in evaluation.groups {
      var groupScore: Int64 = 0
      for indicator in group.indicators {
        var basis = ""
        var missed: [Int32] = []
        let w = indicator.weight
        let score: Int64
        switch indicator.rule {
        case .allOrNothing(let met):
          score = met ? w : 0
          basis = met ? "met" : "not met"
        case .rateDeduction(let measure, let perPoint, let floor):
          let figures = Figures(state: state, program: evaluation.program, year: nil)
          let row = figures.statusRow(evaluation.holder, isRecipient: false)
          let (num, den) = measure == .executionRate ? (row.paidFen, row.arrivedFen) : (row.arrivedFen, row.budgetedFen)
          let bp = Rate.basisPoints(num, den) ?? 0
          basis =
            "\(measure == .executionRate ? "预算执行率" : "资金到位率") \(Rate.percent(num, den) ?? "—") from the ledger (\(Money.format(num)) / \(Money.format(den)) 万元)"
          if bp >= 10_000 {
            score = w
          } else if bp < floor {
            score = 0
          } else {
            // Minus perPoint of the weight per percentage point below 100%, in proportion for part of a point.
            score = part(w, 10_000 - (10_000 - bp) * perPoint / 100)
          }
        case .items(let required, let met, let perMissing):
          score = part(w, 10_000 - (required - met) * perMissing)
          basis = "\(met) of \(required) items"
        case .unitsMissing(let perUnit, let zeroAt, let targets):
          missed = targets.filter { !$0.met }.map(\.unit)
          let count = Int64(missed.count)
          score = count >= zeroAt ? 0 : part(w, 10_000 - count * perUnit)
          basis =
            "\(count) of \(targets.count) units missed their target"
            + (count >= zeroAt ? " (\(zeroAt) or more: no points)" : "")
        case .satisfaction(let value, let fullAt, let perPoint):
          if value >= fullAt {
            score = w
          } else {
            score = part(w, 10_000 - (fullAt - value) * perPoint / 100)
          }
          basis = "satisfaction \(Money.formatScaled(UInt64(value), decimals: 2))%"
        case .orderedCategory(let order, let shares, let value):
          let index = order.firstIndex(of: value)!
          score = part(w, shares[index])
          basis = "category \(value)"
        case .expert(let s):
          score = s
          basis = "expert judgement"
        }
        groupScore += score
        lines.append(
          Line(
            group: group.name, indicator: indicator.name, kind: indicator.rule.kind, weight: w, score: score,
            basis: basis, missed: missed))
      }
      groups.append((group.name, group.weight, groupScore))
    }
    let total = groups.map(\.2).reduce(0, +)
    return Result(
      lines: lines, groups: groups.map { (name: $0.0, weight: $0.1, score: $0.2) }, total: total, grade: grade(total))
  }
}
