/// The kinds of event a ledger holds. The raw values are the `type` field of schema version 1.
public enum EventType: String, Sendable, CaseIterable {
  /// Opens a holder of money (a ministry, a region, a prefecture, a recipient).
  case open
  /// Defines a program (专项) that money is earmarked to.
  case define
  /// Plans an amount for a holder, program and budget year (预算安排).
  case budget
  /// Issues new money of a program from a funding source's budget to a holder (下达).
  case allocate
  /// Passes money a holder holds to a holder below it (分解下达).
  case redistribute
  /// Pays money out to a final recipient (拨付).
  case disburse
  /// Sends money back up the path it came down (收回 / 退回).
  case `return`
  /// Reverses an earlier event by id; nothing is ever edited or deleted.
  case correct
  /// Records an audit check: who, what scope, what was claimed and found.
  case audit
  /// Defines a classification code (功能分类 类/款/项, 经济分类 类/款) with its Chinese name.
  case classify
  /// One line of a department's budget or final accounts (部门预算 / 决算): income or expenditure, by
  /// source, kind, functional and economic code and project, at one phase (年初预算, 全年预算, 决算).
  case line

  /// Events that move money between holders.
  public var movesMoney: Bool {
    switch self {
    case .allocate, .redistribute, .disburse, .return: return true
    default: return false
    }
  }
}

/// Where a holder stands in the chain from the ministry down to the firms.
public enum HolderLevel: String, Sendable, CaseIterable, Comparable {
  case central
  case province
  case prefecture
  case county
  /// A budget unit that spends money itself (a department, 工信厅机关, a service center).
  case unit
  case recipient

  public var rank: Int {
    switch self {
    case .central: return 0
    case .province: return 1
    case .prefecture: return 2
    case .county: return 3
    case .unit: return 4
    case .recipient: return 5
    }
  }

  public static func < (lhs: HolderLevel, rhs: HolderLevel) -> Bool { lhs.rank < rhs.rank }
}

/// Whose budget a program's money comes from.
public enum FundingSource: String, Sendable, CaseIterable {
  case central
  case regional
}
