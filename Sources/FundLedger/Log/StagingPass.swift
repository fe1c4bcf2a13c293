/// What staging a window of input events will look up, worked out ahead of it on the thread that
/// decoded the window.
///
/// Staging a large batch looked each movement's three names up on the applying thread twice (to put the
/// event in canonical form and to find the numbers `apply` uses), and again a few events ahead to ask for
/// the memory `apply` would read: tables larger than the caches, about a sixth of that thread's time,
/// while the decoding thread had time to spare. Here a `NameMirror` gives the numbers, as replay's reader
/// does, with each id's hash. Windows must be passed in the order they are staged, one at a time.
public final class StagingPass: @unchecked Sendable {
  private var mirror: NameMirror?

  /// The hints of one window's events, by position.
  public struct Hints: @unchecked Sendable {
    var hints: [ApplyHint]

    /// No hints: staging looks every name up itself.
    public static let none = Hints(hints: [])

    subscript(_ index: Int) -> ApplyHint? { index < hints.count ? hints[index] : nil }
  }

  /// Batches smaller than this are staged with their names looked up on the staging thread: a mirror
  /// costs a copy of every holder's id (and, at the first `open`, of the name index the state shares).
  static let eventsMin = 4_096

  /// A pass that follows `state`; with `enabled` false it gives no hints (`Hints.none`).
  init(state: LedgerState, enabled: Bool = true) { mirror = enabled ? NameMirror(state, keepingIDs: true) : nil }

  /// The hints for `window`'s events; call for each window in the order they are staged.
  ///
  /// As replay's reader does, the table entries and names of each movement's holders are asked for a few
  /// events ahead (`NameMirror.prefetchEntries`, `prefetchNames`): waiting for them was a sixth of the
  /// decoding thread.
  public func hints(for window: [(line: Int, event: Event)]) -> Hints {
    // Moved out for the window and back after, so it is changed in place, not through the property.
    guard var mirror else { return .none }
    self.mirror = nil
    defer { self.mirror = mirror }
    let hashes = window.map { NameHashes($0.event) }
    var hints: [ApplyHint] = []
    hints.reserveCapacity(window.count)
    for (index, (_, event)) in window.enumerated() {
      if index + NameMirror.entryDistance < hashes.count {
        mirror.prefetchEntries(hashes[index + NameMirror.entryDistance])
      }
      if index + NameMirror.nameDistance < hashes.count {
        mirror.prefetchNames(hashes[index + NameMirror.nameDistance])
      }
      var hint = ApplyHint()
      hint.idHash = TaggedSlots.hash(event.id)
      if let resolved = mirror.resolve(event, hashes: hashes[index]) {
        hint.note(resolved, budgetYear: event.budgetYear)
        hint.namesAreIDs = hint.program >= 0 && mirror.namesAreIDs(event, resolved)
      }
      hints.append(hint)
    }
    return Hints(hints: hints)
  }
}
