/// Runs audit rules over a ledger's state and returns findings. Pure: every input is handed in, including
/// the states at other dates that claims and year-end checks need.
public struct AuditEngine {
  public var rules: RuleSet
  /// The state at the audited date.
  public var state: LedgerState
  public var at: LedgerDate
  /// Only this budget year, when set.
  public var year: Int32?
  /// Invariant violations met while reading the log (a log written by other means).
  public var violations: [Violation] = []
  /// The state as of the end of another date.
  public var stateAt: (LedgerDate) throws -> LedgerState

  public init(
    rules: RuleSet, state: LedgerState, at: LedgerDate, year: Int32? = nil,
    stateAt: @escaping (LedgerDate) throws -> LedgerState
  ) {
    self.rules = rules
    self.state = state
    self.at = at
    self.year = year
    self.stateAt = stateAt
  }

  public static let basis: [RuleSet.RuleID: String] = [
    .conservation:
      "fundledger invariant: no holder pays out more than it holds on any date; arrived + returned in = passed down + paid + returned out + held",
    .earmarking: "专款专用: money of one program and budget year may not pay for another (seed 000: “规范资金使用程序、专款专用”)",
    .passDown: "seed 000: “中央资金下达后，自治区30日内下达至地（州、市），地（州、市）财政局30日内下达项目承担单位”",
    .yearEndExecution:
      "预算执行率 = 执行 ÷ 到位 at the end of the budget year; what is not spent is carried over (结转结余); seed 001 scores 预算执行率 below 100% down",
    .reportedFigures:
      "the figures the audit event's report states, compared with the ledger as of the date they refer to",
  ]

  public func run() throws -> [Finding] {
    var findings: [Finding] = []
    for rule in rules.rules {
      switch rule.id {
      case .conservation: findings += conservation(rule)
      case .earmarking: findings += earmarking(rule)
      case .passDown: findings += passDown(rule)
      case .yearEndExecution: findings += try yearEnd(rule)
      case .reportedFigures: findings += try reported(rule)
      }
    }
    return findings
  }

  func finding(
    _ rule: RuleSet.Rule, _ severity: Finding.Severity? = nil, holder: Int32? = nil, program: Int32? = nil,
    events: [String] = [], _ message: String
  ) -> Finding {
    Finding(
      rule: rule.id.rawValue, severity: severity ?? rule.severity,
      holder: holder.flatMap { $0 >= 0 ? state.holders[Int($0)].id : nil },
      program: program.flatMap { $0 >= 0 ? state.programs[Int($0)].id : nil }, events: events, message: message,
      basis: AuditEngine.basis[rule.id]!)
  }

  func wan(_ fen: Int64) -> String { Money.format(fen) + " 万元" }

  // MARK: conservation and earmarking

  func conservation(_ rule: RuleSet.Rule) -> [Finding] {
    var out: [Finding] = []
    for violation in violations where violation.reason.code != "fundedByMustMatchProgram" {
      out.append(finding(rule, events: [violation.eventID], "line \(violation.line): \(violation.reason)"))
    }
    for (key, account) in state.accounts.sorted(by: { $0.key < $1.key }) {
      let inflow = account.arrivedFen + account.returnedInFen
      let outflow = account.passedDownFen + account.paidFen + account.returnedOutFen + account.heldFen
      var lotsHeld: Int64 = 0
      for lot in account.lotQueue { lotsHeld += state.lots[Int(lot)].heldFen }
      if inflow != outflow || account.heldFen < 0 || lotsHeld != account.heldFen {
        out.append(
          finding(
            rule, holder: key.holder, program: key.program,
            "account \(state.holders[Int(key.holder)].id)/\(state.programs[Int(key.program)].id)/\(key.budgetYear) does not balance: in \(wan(inflow)), out and held \(wan(outflow)), held \(wan(account.heldFen)), lots \(wan(lotsHeld))"
          ))
      }
    }
    return out
  }

  func earmarking(_ rule: RuleSet.Rule) -> [Finding] {
    var out: [Finding] = []
    for violation in violations where violation.reason.code == "fundedByMustMatchProgram" {
      out.append(finding(rule, events: [violation.eventID], "line \(violation.line): \(violation.reason)"))
    }
    for lot in state.lots where lot.parent >= 0 {
      let parent = state.lots[Int(lot.parent)]
      if state.account(of: parent).program != state.account(of: lot).program
        || state.account(of: parent).budgetYear != state.account(of: lot).budgetYear
      {
        out.append(
          finding(
            rule, holder: state.account(of: lot).holder, program: state.account(of: lot).program,
            events: [state.records[Int(lot.record)].id],
            "money of \(state.programs[Int(state.account(of: parent).program)].id) \(state.account(of: parent).budgetYear) reached \(state.programs[Int(state.account(of: lot).program)].id) \(state.account(of: lot).budgetYear)"
          ))
      }
    }
    return out
  }

  // MARK: pass-down limit

  func passDown(_ rule: RuleSet.Rule) -> [Finding] {
    var out: [Finding] = []
    var children: [[Int32]] = Array(repeating: [], count: state.lots.count)
    for (index, lot) in state.lots.enumerated() where lot.parent >= 0 && !lot.reversed {
      children[Int(lot.parent)].append(Int32(index))
    }
    let limit = rule.days
    let now = DayInterval(low: at.dayNumber, high: at.dayNumber)
    for (index, lot) in state.lots.enumerated() where !lot.reversed {
      let holder = state.holders[Int(state.account(of: lot).holder)]
      guard rule.levels.contains(holder.level), year.map({ $0 == state.account(of: lot).budgetYear }) ?? true else {
        continue
      }
      let arrivalRecord = state.records[Int(lot.record)]
      let arrival = DayInterval(arrivalRecord.date, arrivalRecord.datePrecision)
      // Group the children by the event that moved them on.
      var moved: [(Int32, Int64)] = []
      for child in children[index] {
        let record = state.lots[Int(child)].record
        if let at = moved.firstIndex(where: { $0.0 == record }) {
          moved[at].1 += state.lots[Int(child)].amountFen
        } else {
          moved.append((record, state.lots[Int(child)].amountFen))
        }
      }
      for (recordIndex, amount) in moved {
        let record = state.records[Int(recordIndex)]
        let days = arrival.days(until: DayInterval(record.date, record.datePrecision))
        if days.low > limit {
          out.append(
            finding(
              rule, holder: state.account(of: lot).holder, program: state.account(of: lot).program,
              events: [arrivalRecord.id, record.id],
              "\(holder.name) moved \(wan(amount)) on \(record.dateText), \(days.low == days.high ? "\(days.low)" : "at least \(days.low)") days after it arrived (\(arrivalRecord.dateText)); the limit is \(limit) days"
            ))
        } else if days.high > limit {
          out.append(
            finding(
              rule, .info, holder: state.account(of: lot).holder, program: state.account(of: lot).program,
              events: [arrivalRecord.id, record.id],
              "cannot be decided: \(holder.name) moved \(wan(amount)) on \(record.dateText) after it arrived \(arrivalRecord.dateText); \(precisionWords(arrivalRecord, record)), so the gap may be \(days.low) to \(days.high == DayInterval.unknownDays ? "?" : String(days.high)) days against a limit of \(limit)"
            ))
        }
      }
      if lot.heldFen > 0 {
        let days = arrival.days(until: now)
        if days.low > limit {
          out.append(
            finding(
              rule, holder: state.account(of: lot).holder, program: state.account(of: lot).program,
              events: [arrivalRecord.id],
              "\(holder.name) still holds \(wan(lot.heldFen)) that arrived \(arrivalRecord.dateText), \(days.low == days.high ? "\(days.low)" : "at least \(days.low)") days before \(at); the limit is \(limit) days"
            ))
        } else if days.high > limit {
          out.append(
            finding(
              rule, .info, holder: state.account(of: lot).holder, program: state.account(of: lot).program,
              events: [arrivalRecord.id],
              "cannot be decided: \(holder.name) still holds \(wan(lot.heldFen)) that arrived \(arrivalRecord.dateText); \(precisionWords(arrivalRecord, nil))"
            ))
        }
      }
    }
    return out
  }

  func precisionWords(_ a: EventRecord, _ b: EventRecord?) -> String {
    var parts: [String] = []
    for record in [a] + (b.map { [$0] } ?? []) where record.datePrecision != .day {
      switch record.datePrecision {
      case .month: parts.append("\(record.id)'s date is known only to the month (\(record.dateText))")
      case .year: parts.append("\(record.id)'s date is known only to the year (\(record.dateText))")
      case .before: parts.append("\(record.id)'s date is known only as \(record.dateText)")
      case .day: break
      }
    }
    return parts.joined(separator: "; ")
  }

  // MARK: year-end execution

  func yearEnd(_ rule: RuleSet.Rule) throws -> [Finding] {
    var years = Set<Int32>()
    for key in state.accounts.keys where year.map({ $0 == key.budgetYear }) ?? true { years.insert(key.budgetYear) }
    var out: [Finding] = []
    for budgetYear in years.sorted() {
      guard let end = LedgerDate(year: Int(budgetYear), month: 12, day: 31), end <= at else { continue }
      let view = try stateAt(end)
      // Leaf programs with money in that year.
      let parents = Set(view.programs.map(\.parent))
      for program in view.programs.indices where !parents.contains(Int32(program)) {
        let figures = Figures(state: view, program: Int32(program), year: budgetYear)
        for (index, holder) in view.holders.enumerated() {
          guard [.prefecture, .county, .unit].contains(holder.level) else { continue }
          let row = figures.statusRow(Int32(index), isRecipient: false)
          guard row.arrivedFen > 0, let bp = Rate.basisPoints(row.paidFen, row.arrivedFen),
            bp < rule.thresholdBasisPoints
          else { continue }
          out.append(
            Finding(
              rule: rule.id.rawValue, severity: rule.severity, holder: holder.id, program: view.programs[program].id,
              events: [],
              message:
                "\(holder.name) executed \(wan(row.paidFen)) of \(wan(row.arrivedFen)) arrived (\(Rate.percent(row.paidFen, row.arrivedFen)!)) of \(view.programs[program].name) by the end of budget year \(budgetYear); \(wan(row.heldFen)) carried over (结转)",
              basis: AuditEngine.basis[rule.id]!))
        }
      }
    }
    return out
  }

  // MARK: reported figures

  /// How a reported figure compares with the ledger.
  public enum Match: String, Sendable {
    case exact = "matches"
    case rounded = "matches after the report's rounding"
    case different = "does not match"
  }

  func reported(_ rule: RuleSet.Rule) throws -> [Finding] {
    var out: [Finding] = []
    var cache: [LedgerDate: LedgerState] = [:]
    for audit in state.audits {
      let event = state.records[Int(audit.record)]
      for claim in audit.claims {
        if cache[claim.asOf] == nil { cache[claim.asOf] = try stateAt(claim.asOf) }
        let view = cache[claim.asOf]!
        let (match, ledgerText, difference) = AuditEngine.compare(claim, in: view)
        let holder = state.holders[Int(claim.holder)]
        let severity: Finding.Severity = match == .different ? rule.severity : .info
        var message =
          "\(event.id) claims \(claim.label) = \(claim.value) (\(holder.name), as of \(claim.asOf)); the ledger gives \(ledgerText): \(match.rawValue)"
        if let difference { message += ", difference \(difference)" }
        out.append(finding(rule, severity, holder: claim.holder, program: claim.program, events: [event.id], message))
      }
    }
    return out
  }

  /// Compares one claim with the ledger: exactly, after rounding to the claim's decimals (half up, or
  /// truncated as seed 000 prints 99.99%), or not at all, with the difference.
  public static func compare(_ claim: Claim, in state: LedgerState) -> (Match, String, String?) {
    let figures = Figures(state: state, program: claim.program >= 0 ? claim.program : nil, year: nil)
    let isRecipient = claim.holder < state.holders.count && state.holders[Int(claim.holder)].level == .recipient
    let row =
      claim.holder < state.holders.count ? figures.statusRow(claim.holder, isRecipient: isRecipient) : Figures.Row()
    let paid = isRecipient ? row.receivedFen : row.paidFen
    if claim.measure.isRate {
      let (num, den) = claim.measure == .executionRate ? (paid, row.arrivedFen) : (row.arrivedFen, row.budgetedFen)
      guard let (value, decimals) = Percent.parse(claim.value), den > 0 else {
        return (.different, "no rate (nothing arrived)", nil)
      }
      let exactText = Rate.percent(num, den, decimals: max(decimals + 2, 4)) ?? "?"
      // Exact: num / den × 100 == value / 10^decimals.
      var scale: Int64 = 100
      for _ in 0..<decimals { scale *= 10 }
      let lhs = num.multipliedFullWidth(by: scale)
      let rhs = value.multipliedFullWidth(by: den)
      if lhs == rhs { return (.exact, exactText, nil) }
      let truncated = Rate.percent(num, den, decimals: decimals)
      let rounded = Rate.percentRounded(num, den, decimals: decimals)
      let claimed = Money.formatScaled(UInt64(value), decimals: decimals) + "%"
      if truncated == claimed || rounded == claimed { return (.rounded, exactText, nil) }
      return (.different, exactText, nil)
    }
    let ledger: Int64
    switch claim.measure {
    case .budgeted: ledger = row.budgetedFen
    case .arrived: ledger = row.arrivedFen
    case .passedDown: ledger = row.passedDownFen
    case .paid: ledger = paid
    case .held: ledger = row.heldFen
    default: ledger = 0
    }
    let claimed = (try? Money.parse(claim.value)) ?? 0
    let ledgerText = Money.format(ledger) + " 万元"
    if claimed == ledger { return (.exact, ledgerText, nil) }
    let decimals = claim.value.split(separator: ".").dropFirst().first?.count ?? 0
    if Money.format(ledger, decimals: decimals) == Money.format(claimed, decimals: decimals) {
      return (.rounded, ledgerText, Money.format(claimed - ledger) + " 万元")
    }
    return (.different, ledgerText, Money.format(claimed - ledger) + " 万元")
  }
}
