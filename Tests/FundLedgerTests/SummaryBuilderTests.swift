import XCTest

@testable import FundLedger

/// The day-end summaries an append session takes are kept up to date account by account; they must equal
/// a full pass over every account at every point, whatever happened in between.
final class SummaryBuilderTests: XCTestCase {
  func testIncrementalSumsEqualAFullPassThroughoutAGeneratedLedger() {
    var generator = Generator.small(eventCount: 4_000, seed: 23)
    var state = LedgerState()
    var builder = SummaryBuilder()
    var applied = 0
    var checks = 0
    var types: Set<EventType> = []
    generator.run(
      state: { state },
      propose: { event in
        guard state.apply(event).isEmpty else { return false }
        applied += 1
        types.insert(event.type)
        // Uneven gaps, so that some checks see one event and some many.
        if applied % 37 == 0 || applied % 101 == 3 {
          XCTAssertEqual(builder.groups(state), Figures.groups(state), "after \(applied) events")
          checks += 1
        }
        return true
      })
    XCTAssertEqual(builder.groups(state), Figures.groups(state))
    XCTAssertGreaterThan(checks, 100)
    XCTAssertTrue(types.isSuperset(of: [.allocate, .redistribute, .disburse, .return, .correct]), "\(types)")
  }

  /// As a writer sums: from the account slots `apply` noted for each movement (two each, in order), the
  /// log restarted after each summary; and when the log does not start where the builder stopped, from
  /// the records alone.
  func testSumsFromNotedSlotsEqualAFullPass() {
    var generator = Generator.small(eventCount: 4_000, seed: 29)
    var state = LedgerState()
    state.changedSlots.isNoting = true
    var builder = SummaryBuilder()
    var movements = 0
    var applied = 0
    generator.run(
      state: { state },
      propose: { event in
        guard state.apply(event).isEmpty else { return false }
        applied += 1
        if event.type.movesMoney { movements += 1 }
        XCTAssertEqual(state.changedSlots.slots.count, 2 * movements)
        if applied % 53 == 0 {
          XCTAssertEqual(builder.groups(state), Figures.groups(state), "after \(applied) events")
          // Every third time the log is not restarted: the next call finds it misplaced and looks up.
          if applied % 3 != 0 {
            state.changedSlots.restart(at: state.records.count)
            movements = 0
          }
        }
        return true
      })
    XCTAssertEqual(builder.groups(state), Figures.groups(state))
  }

  /// Opening a holder above the recipients after summaries began changes the layout; a budget, a
  /// correction of a return and a new (program, year) are caught as well.
  func testNewUpperHoldersBudgetsAndCorrectionsAreSummed() {
    var state = Fixtures.state(Fixtures.flow)
    var builder = SummaryBuilder()
    XCTAssertEqual(builder.groups(state), Figures.groups(state))
    let more: [Event] = [
      Fixtures.open("korla", "库尔勒市", .prefecture, parent: "xj", date: "2023-02-22"),
      Fixtures.open("firm-c", "企业丙", .recipient, parent: "korla", date: "2023-02-22"),
      Fixtures.move(.redistribute, "r2", "2023-02-23", "xj", "korla", wan: "100"),
      Fixtures.move(.disburse, "d2", "2023-02-24", "korla", "firm-c", wan: "40"),
      Fixtures.move(.return, "back1", "2023-02-25", "korla", "xj", wan: "10"),
      Fixtures.budget("b1", "2023-02-26", "xj", wan: "5000"),
    ]
    for event in more {
      XCTAssertEqual(state.apply(event), [], event.id)
      XCTAssertEqual(builder.groups(state), Figures.groups(state), "after \(event.id)")
    }
    XCTAssertEqual(state.apply(Fixtures.correct("c1", "2023-02-27", target: "back1")), [])
    XCTAssertEqual(builder.groups(state), Figures.groups(state), "after correcting the return")
    XCTAssertEqual(
      state.apply(Fixtures.move(.allocate, "a2", "2023-02-28", "mof", "xj", wan: "50", program: "guarantee")), [])
    XCTAssertEqual(state.apply(Fixtures.correct("c2", "2023-03-01", target: "d2")), [])
    XCTAssertEqual(builder.groups(state), Figures.groups(state), "after a new program and a corrected payment")
  }
}
