/// One thing an audit rule found, with what it concerns and what it rests on.
public struct Finding: Sendable, Equatable {
  public enum Severity: String, Sendable, CaseIterable, Comparable {
    case error
    case warning
    case info

    var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
  }

  public var rule: String
  public var severity: Severity
  /// Holder and program ids concerned, when there is one.
  public var holder: String?
  public var program: String?
  /// Event ids concerned.
  public var events: [String]
  public var message: String
  /// The legal or documentary basis the rule rests on.
  public var basis: String

  public init(
    rule: String, severity: Severity, holder: String? = nil, program: String? = nil, events: [String] = [],
    message: String, basis: String
  ) {
    self.rule = rule
    self.severity = severity
    self.holder = holder
    self.program = program
    self.events = events
    self.message = message
    self.basis = basis
  }

  /// The canonical JSON of a list of findings, which `--record` hashes into the audit event's digest.
  public static func canonicalJSON(_ findings: [Finding]) -> [UInt8] {
    var w = JSONWriter()
    w.beginArray()
    for f in findings {
      w.beginObject()
      w.field("rule", f.rule)
      w.field("severity", f.severity.rawValue)
      w.field("holder", f.holder)
      w.field("program", f.program)
      w.key("events")
      w.beginArray()
      for e in f.events { w.string(e) }
      w.endArray()
      w.field("message", f.message)
      w.endObject()
    }
    w.endArray()
    return w.bytes
  }
}
