/// A reason an event failed, tied to where the event came from (a line of input or of the log).
public struct Violation: Error, Equatable, Sendable, CustomStringConvertible {
  /// 1-based line number in the input or log file.
  public let line: Int
  public let eventID: String
  public let reason: Reason

  public init(line: Int, eventID: String, reason: Reason) {
    self.line = line
    self.eventID = eventID
    self.reason = reason
  }

  public var description: String { "line \(line) (id \(eventID)): \(reason)" }
}
