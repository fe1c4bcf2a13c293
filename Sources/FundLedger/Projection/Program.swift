/// A program (专项) as the projection keeps it; programs roll up to their parent like holders do.
public struct Program: Equatable, Sendable {
  public var id: String
  public var name: String
  public var source: FundingSource
  /// Index of the parent program, or -1 at the top.
  public var parent: Int32
}
