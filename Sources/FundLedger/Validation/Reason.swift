/// Why an event cannot be applied, as a sentence about what must hold (TigerBeetle and beancount style).
public enum Reason: Error, Equatable, Sendable, CustomStringConvertible {
  case idMustBeUnique(id: String)
  case dateMustNotPrecedeLatestEvent(latest: String)
  case holderMustExist(field: String, value: String)
  case programMustExist(field: String, value: String)
  case holderMustBeNew(value: String)
  case programMustBeNew(value: String)
  case parentMustExist(value: String)
  case levelMustBeBelowParent(level: String, parentLevel: String)
  case parentProgramMustHaveSameSource(parent: String)
  case budgetYearMustBeNearDate(budgetYear: Int64, date: String)
  case moneyMustMoveToAnotherHolder
  case issuerMustBeCentralOrProvince(holder: String)
  case issuerMustMatchProgramSource(source: String, level: String)
  case recipientMustNotPassMoneyOn(holder: String)
  case redistributionMustGoBelowSender(from: String, to: String)
  case disbursementMustGoToRecipient(to: String)
  case returnMustGoUpThePath(from: String, to: String)
  case amountMustNotExceedBalance(holder: String, program: String, budgetYear: Int64, heldFen: Int64, neededFen: Int64)
  case fundedByMustExist(ref: String)
  case fundedByMustMatchProgram(ref: String)
  case fundedByMustReachHolder(ref: String, holder: String)
  case fundedByMustCoverAmount(availableFen: Int64, neededFen: Int64)
  case correctionTargetMustExist(target: String)
  case correctionTargetMustNotBeCorrected(target: String, by: String)
  case correctionTargetMustBeCorrectable(target: String, type: String)
  case correctedMoneyMustStillBeHeld(target: String, holder: String, heldFen: Int64, neededFen: Int64)
  case amountMustNotOverflow
  case lineMustFitTheLimit(bytes: Int, limit: Int)
  case codeMustBeWellFormed(system: String, code: String)
  case codeMustBeNew(system: String, code: String)
  case codeParentMustExist(system: String, code: String, parent: String)
  case codeMustExist(system: String, code: String)
  case projectMustNotExceedItsBudget(project: String, budgetFen: Int64, finalFen: Int64)
  case claimMustBeWellFormed(index: Int, problem: String)
  case claimHolderMustExist(index: Int, holder: String)
  case evaluationMustBeWellFormed(problem: String)
  case evaluationWeightsMustSum(group: String, groupWeight: String, indicatorSum: String)
  case evaluationUnitMustHaveTarget(unit: String, indicator: String)

  /// A stable name for the reason, for JSON output and tests.
  public var code: String {
    if let label = Mirror(reflecting: self).children.first?.label { return label }
    switch self {
    case .moneyMustMoveToAnotherHolder: return "moneyMustMoveToAnotherHolder"
    case .amountMustNotOverflow: return "amountMustNotOverflow"
    default: return "unknown"
    }
  }

  public var description: String {
    func wan(_ fen: Int64) -> String { Money.format(fen) + " 万元" }
    switch self {
    case .idMustBeUnique(let id):
      return
        "id must be unique: \"\(id)\" is already in the ledger (a re-append with identical content is accepted and not written again)"
    case .dateMustNotPrecedeLatestEvent(let latest):
      return
        "date must not precede the latest event's date \(latest): the log is kept in date order so that every as-of-date view is a prefix of it"
    case .holderMustExist(let field, let value): return "\(field): holder \"\(value)\" must exist (open it first)"
    case .programMustExist(let field, let value): return "\(field): program \"\(value)\" must exist (define it first)"
    case .holderMustBeNew(let value): return "holder id, name or alias \"\(value)\" must be new, but is already taken"
    case .programMustBeNew(let value): return "program id or name \"\(value)\" must be new, but is already taken"
    case .parentMustExist(let value): return "parent \"\(value)\" must exist"
    case .levelMustBeBelowParent(let level, let parentLevel):
      return "level \(level) must be below its parent's level \(parentLevel)"
    case .parentProgramMustHaveSameSource(let parent):
      return "program must have the same funding source as its parent \(parent)"
    case .budgetYearMustBeNearDate(let year, let date):
      return "budget_year \(year) must be the date's year or the next or previous one (date \(date))"
    case .moneyMustMoveToAnotherHolder: return "from and to must be different holders"
    case .issuerMustBeCentralOrProvince(let holder):
      return "allocate: the issuing holder \(holder) must be of level central or province"
    case .issuerMustMatchProgramSource(let source, let level):
      return
        "allocate: a \(source) program must be issued by a \(source == "central" ? "central" : "province")-level holder, not \(level)"
    case .recipientMustNotPassMoneyOn(let holder):
      return "\(holder) is a final recipient and must not pass money on (it may only return it)"
    case .redistributionMustGoBelowSender(let from, let to):
      return "redistribute: \(to) must be below \(from) in the holder tree"
    case .disbursementMustGoToRecipient(let to): return "disburse: \(to) must be a holder of level recipient"
    case .returnMustGoUpThePath(let from, let to):
      return "return: \(from) must hold money that came from \(to); money goes back up the path it came down"
    case .amountMustNotExceedBalance(let holder, let program, let year, let held, let needed):
      return
        "amount must not exceed the balance: \(holder) holds \(wan(held)) of \(program) \(year) on that date, needs \(wan(needed))"
    case .fundedByMustExist(let ref):
      return "funded_by: \"\(ref)\" must be an event id or document number in the ledger"
    case .fundedByMustMatchProgram(let ref):
      return "funded_by: \"\(ref)\" must be of the same program and budget year (专款专用)"
    case .fundedByMustReachHolder(let ref, let holder):
      return "funded_by: money of \"\(ref)\" must be held by \(holder)"
    case .fundedByMustCoverAmount(let available, let needed):
      return "funded_by: the named lots must cover the amount: \(wan(available)) available, \(wan(needed)) needed"
    case .correctionTargetMustExist(let target): return "target: event \"\(target)\" must exist"
    case .correctionTargetMustNotBeCorrected(let target, let by):
      return "target: event \"\(target)\" must not be corrected already (it was, by \"\(by)\")"
    case .correctionTargetMustBeCorrectable(let target, let type):
      return "target: event \"\(target)\" is a \(type) event; only money, budget and audit events can be corrected"
    case .correctedMoneyMustStillBeHeld(let target, let holder, let held, let needed):
      return
        "target: the money of \"\(target)\" must still be held by \(holder) to be reversed (\(wan(held)) held, \(wan(needed)) needed); reverse what it funded first"
    case .amountMustNotOverflow: return "amounts must not overflow 64-bit fen"
    case .codeMustBeWellFormed(let system, let code):
      return
        "\(system) code \"\(code)\" must be digits: \(system == "functional" ? "类 3, 款 5 or 项 7 (e.g. 2150805)" : "类 3 or 款 5 (e.g. 30211)")"
    case .codeMustBeNew(let system, let code): return "\(system) code \(code) must be new, but is already defined"
    case .codeParentMustExist(let system, let code, let parent):
      return "\(system) code \(code) needs its parent \(parent) defined first"
    case .codeMustExist(let system, let code):
      return "\(system) code \(code) must exist (define it with a classify event)"
    case .projectMustNotExceedItsBudget(let project, let budget, let final):
      return
        "project \(project) must not be executed beyond its full-year budget: \(wan(budget)) budgeted, \(wan(final)) in final accounts"
    case .lineMustFitTheLimit(let bytes, let limit):
      return "the event's line must fit the limit of \(limit) bytes, but takes \(bytes)"
    case .claimMustBeWellFormed(let index, let problem): return "claims[\(index)]: \(problem)"
    case .claimHolderMustExist(let index, let holder): return "claims[\(index)]: holder \"\(holder)\" must exist"
    case .evaluationMustBeWellFormed(let problem): return "evaluation: \(problem)"
    case .evaluationWeightsMustSum(let group, let weight, let sum):
      return "evaluation: the indicator weights of group \(group) must sum to its weight \(weight), but sum to \(sum)"
    case .evaluationUnitMustHaveTarget(let unit, let indicator):
      return "evaluation: unit \(unit) must have a target for indicator \(indicator)"
    }
  }
}
