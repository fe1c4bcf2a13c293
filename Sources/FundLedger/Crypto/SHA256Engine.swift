import SHA256Instructions

/// Which code compresses SHA-256 blocks in this process: the CPU's SHA instructions or portable Swift.
///
/// Decided once, from `/proc/cpuinfo`, because the instructions stop the process (SIGILL) on a CPU without
/// them; the module holding them is built for the Goldmont feature set, so every feature it may use is
/// required here, not just `sha_ni`. `FUNDLEDGER_SHA256=portable` forces the portable code (to compare the
/// two, and to measure the difference); both give the same digests, which the tests check.
public enum SHA256Engine: String, Sendable {
  case instructions
  case portable

  /// The engine this process uses.
  public static let current: SHA256Engine = {
    if FileSystem.environment("FUNDLEDGER_SHA256") == "portable" { return .portable }
    return instructionsAvailable ? .instructions : .portable
  }()

  /// Whether this build has the accelerated code and this CPU has every feature it was compiled for.
  public static let instructionsAvailable: Bool = {
    guard SHA256Instructions.isCompiled,
      let bytes = FileSystem.readUntilEnd("/proc/cpuinfo")
    else { return false }
    return cpuHasFeatures(cpuinfo: String(decoding: bytes, as: UTF8.self))
  }()

  /// The CPU flags the accelerated module needs, as `/proc/cpuinfo` names them.
  static let requiredFlags: Set<Substring> = ["sha_ni", "ssse3", "sse4_1", "sse4_2", "popcnt", "movbe"]

  /// Whether the first `flags` line of a `/proc/cpuinfo` text lists every required flag.
  static func cpuHasFeatures(cpuinfo: String) -> Bool {
    for line in cpuinfo.split(separator: "\n") where line.hasPrefix("flags") {
      guard let colon = line.firstIndex(of: ":") else { return false }
      let flags = Set(line[line.index(after: colon)...].split(separator: " "))
      return requiredFlags.isSubset(of: flags)
    }
    return false
  }
}
