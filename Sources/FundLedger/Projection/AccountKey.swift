/// One earmarked pot of money: a holder's funds of one program and one budget year (专款专用).
public struct AccountKey: Hashable, Comparable, Sendable {
  public var holder: Int32
  public var program: Int32
  public var budgetYear: Int32

  public init(holder: Int32, program: Int32, budgetYear: Int32) {
    self.holder = holder
    self.program = program
    self.budgetYear = budgetYear
  }

  public static func < (a: AccountKey, b: AccountKey) -> Bool {
    (a.holder, a.program, a.budgetYear) < (b.holder, b.program, b.budgetYear)
  }
}
