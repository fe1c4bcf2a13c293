import Foundation
import XCTest

@testable import FundLedger

/// Builders for small ledgers: a ministry, a province, two prefectures, firms, two programs.
enum Fixtures {
  static func date(_ text: String) -> LedgerDate { LedgerDate(text)! }

  static func open(
    _ id: String, _ name: String, _ level: HolderLevel, parent: String? = nil, date: String = "2022-10-01"
  )
    -> Event
  {
    var event = Event(id: "open-\(id)", type: .open, date: self.date(date))
    event.holder = id
    event.name = name
    event.level = level
    event.parent = parent
    return event
  }

  static func define(_ id: String, _ name: String, _ source: FundingSource = .central, parent: String? = nil) -> Event {
    var event = Event(id: "define-\(id)", type: .define, date: date("2022-10-01"))
    event.program = id
    event.name = name
    event.source = source
    event.parent = parent
    return event
  }

  static func move(
    _ type: EventType, _ id: String, _ date: String, _ from: String, _ to: String, wan: String,
    program: String = "small-giant", year: Int64 = 2023, doc: String? = nil, fundedBy: [String] = []
  ) -> Event {
    var event = Event(id: id, type: type, date: self.date(date))
    event.from = from
    event.to = to
    event.program = program
    event.budgetYear = year
    event.amountFen = try! Money.parse(wan)
    event.doc = doc
    event.fundedBy = fundedBy
    return event
  }

  static func budget(_ id: String, _ date: String, _ holder: String, wan: String, program: String = "small-giant")
    -> Event
  {
    var event = Event(id: id, type: .budget, date: self.date(date))
    event.holder = holder
    event.program = program
    event.budgetYear = 2023
    event.amountFen = try! Money.parse(wan)
    return event
  }

  static func correct(_ id: String, _ date: String, target: String) -> Event {
    var event = Event(id: id, type: .correct, date: self.date(date))
    event.target = target
    event.reason = "录入错误"
    return event
  }

  /// Holders and programs every test starts from.
  static let world: [Event] = [
    open("mof", "财政部", .central),
    open("xj", "新疆维吾尔自治区", .province, parent: "mof"),
    open("urumqi", "乌鲁木齐市", .prefecture, parent: "xj"),
    open("hami", "哈密市", .prefecture, parent: "xj"),
    open("firm-a", "新疆金雪驰科技股份有限公司", .recipient, parent: "urumqi"),
    open("firm-b", "新疆德安环保科技股份有限公司", .recipient, parent: "urumqi"),
    define("central-sme", "中央中小企业发展专项资金"),
    define("small-giant", "专精特新小巨人", parent: "central-sme"),
    define("guarantee", "融资担保降费奖补", parent: "central-sme"),
  ]

  /// The world plus a typical flow: 1200 to the region, 720 to Urumqi, 120 paid to firm A.
  static let flow: [Event] =
    world + [
      move(.allocate, "a1", "2022-11-30", "mof", "xj", wan: "1200", doc: "财建〔2022〕393号"),
      move(.redistribute, "r1", "2022-12-15", "xj", "urumqi", wan: "720", doc: "新财企〔2022〕72号"),
      move(.disburse, "d1", "2023-02-21", "urumqi", "firm-a", wan: "120"),
    ]

  /// Applies events to a fresh state, failing the test on any refusal.
  static func state(_ events: [Event], file: StaticString = #filePath, line: UInt = #line) -> LedgerState {
    var state = LedgerState()
    for event in events {
      let reasons = state.apply(event)
      if !reasons.isEmpty { XCTFail("\(event.id): \(reasons)", file: file, line: line) }
    }
    return state
  }

  /// A fresh temporary directory.
  static func directory() -> String {
    let path = NSTemporaryDirectory() + "fundledger-test-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// Writes `events` to a new ledger file through the normal append path.
  static func ledger(_ events: [Event], in directory: String = directory(), name: String = "ledger.jsonl") throws
    -> Ledger
  {
    let path = directory + "/" + name
    try Ledger.create(path: path)
    let ledger = Ledger(path: path)
    if !events.isEmpty {
      _ = try ledger.append(events.enumerated().map { ($0.offset + 1, $0.element) }, nowMillis: 1_700_000_000_000)
    }
    return ledger
  }
}
