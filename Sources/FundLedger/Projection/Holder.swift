/// A holder of money as the projection keeps it: interned, with its place in the holder tree.
public struct Holder: Equatable, Sendable {
  public var id: String
  public var name: String
  public var level: HolderLevel
  /// Index of the parent holder, or -1 at the top.
  public var parent: Int32
  public var aliases: [String]
}
