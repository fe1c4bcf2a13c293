/// One line of a department's books as the projection keeps it (部门预算 / 决算).
public struct BookLine: Sendable, Equatable {
  public var record: Int32
  public var holder: Int32
  public var budgetYear: Int32
  public var direction: String
  /// "initial" (年初预算), "adjusted" (全年预算) or "final" (决算).
  public var phase: String
  public var amountFen: Int64
  public var source: String?
  public var kind: String?
  public var functional: String?
  public var economic: String?
  public var item: String?
  public var project: String?
  public var program: Int32
  public var link: String?
}

/// Classification code trees (功能分类, 经济分类): code → Chinese name; a code's parent is its prefix.
public struct Classification: Sendable, Equatable {
  public var functional: [String: String] = [:]
  public var economic: [String: String] = [:]

  public func names(_ system: String) -> [String: String] { system == "functional" ? functional : economic }

  /// The lengths a code may have: 类/款/项 are 3/5/7 digits in 功能分类, 类/款 are 3/5 in 经济分类.
  public static func lengths(_ system: String) -> [Int] { system == "functional" ? [3, 5, 7] : [3, 5] }

  /// The parent code, or nil at the top (类).
  public static func parent(_ code: String) -> String? {
    code.count > 3 ? String(code.prefix(code.count - 2)) : nil
  }
}
