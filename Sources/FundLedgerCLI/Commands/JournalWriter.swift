import FundLedger

#if canImport(Glibc)
  import Glibc
#endif

/// Writes the money movements of a ledger as an hledger journal: one commodity (CNY, in 元), two postings
/// per transfer, accounts named holder:program:year, so the same work can be timed in hledger.
final class JournalWriter {
  private let file: UnsafeMutablePointer<FILE>
  private var buffer = ""

  init(path: String) throws {
    guard let file = fopen(path, "w") else { throw UsageError("--hledger: cannot create \(path)") }
    self.file = file
  }

  deinit { fclose(file) }

  func record(_ event: Event, state: LedgerState) {
    guard event.type.movesMoney || event.type == .correct, let record = state.records.last, record.program >= 0 else {
      return
    }
    let from = state.holders[Int(record.from)].id
    let to = state.holders[Int(record.to)].id
    let program = state.programs[Int(record.program)].id
    let amount = Money.format(record.amountFen, unit: .yuan, decimals: 2)
    // A correction moves the money back the other way.
    let (source, target) = event.type == .correct ? (to, from) : (from, to)
    let sourceAccount = record.type == .allocate && event.type != .correct ? "budget:\(source)" : "assets:\(source)"
    let targetAccount = record.type == .allocate && event.type == .correct ? "budget:\(target)" : "assets:\(target)"
    buffer +=
      "\(event.date) \(event.type.rawValue) \(event.id)\n    \(targetAccount):\(program):\(record.budgetYear)  \(amount) CNY\n    \(sourceAccount):\(program):\(record.budgetYear)\n\n"
    if buffer.utf8.count > 1 << 20 { try? flush() }
  }

  func flush() throws {
    guard !buffer.isEmpty else { return }
    fputs(buffer, file)
    fflush(file)
    buffer = ""
  }
}
