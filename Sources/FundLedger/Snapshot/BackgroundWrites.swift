import Dispatch

/// File writes run one after another on a background queue, so that the caller can go on encoding.
///
/// A batch import ends by writing a summary for every day it covered (hundreds of small files, whose
/// creation and rename wait on the file system far longer than they use the CPU: a second at 1M events)
/// and then encoding a full snapshot (CPU). Run side by side they take the longer of the two.
final class BackgroundWrites: @unchecked Sendable {
  private let queue = DispatchQueue(label: "fundledger.background-writes")
  private let group = DispatchGroup()
  /// Set on `queue` only, read after `group` is waited for.
  private var firstError: Error?

  /// Runs `write` after the writes enqueued before it; once one has failed, later ones are skipped.
  func enqueue(_ write: @escaping @Sendable () throws -> Void) {
    queue.async(group: group) {
      guard self.firstError == nil else { return }
      do { try write() } catch { self.firstError = error }
    }
  }

  /// Waits for every enqueued write, and throws the first error one of them threw.
  func finish() throws {
    group.wait()
    if let firstError { throw firstError }
  }
}
