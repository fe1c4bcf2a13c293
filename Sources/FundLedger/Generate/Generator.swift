/// Writes synthetic, valid ledgers: a ministry, provinces, prefectures and recipients, programs over
/// budget years, and allocations → redistributions → disbursements with some returns and corrections.
///
/// Every proposed event is checked by `LedgerState.apply` before it is kept, so the output is valid by
/// construction with the very rules a real append uses.
public struct Generator {
  public var provinceCount = 31
  public var prefecturesPerProvince = 12
  public var recipientCount: Int
  public var programCount = 4
  public var firstBudgetYear = 2023
  public var budgetYearCount = 1
  private var random: SplitMix64

  public init(eventCount: Int, seed: UInt64) {
    random = SplitMix64(seed: seed)
    recipientCount = max(4, eventCount / 20)
    target = eventCount
  }

  public let target: Int

  /// Small world for tests: a few provinces and prefectures.
  public static func small(eventCount: Int, seed: UInt64) -> Generator {
    var generator = Generator(eventCount: eventCount, seed: seed)
    generator.provinceCount = 3
    generator.prefecturesPerProvince = 3
    generator.recipientCount = max(6, eventCount / 20)
    generator.programCount = 2
    generator.budgetYearCount = 2
    return generator
  }

  /// Generates events (without seq, recorded, prev) in date order; `state` ends as their projection.
  public mutating func events(into state: inout LedgerState) -> [Event] {
    var out: [Event] = []
    out.reserveCapacity(target)
    run(
      state: { state },
      propose: { event in
        guard state.apply(event).isEmpty else { return false }
        out.append(event)
        return true
      })
    return out
  }

  /// Proposes events to `propose`, which validates and keeps them (returning true) or refuses them;
  /// `state` is the projection of what was kept, for the balances the proposals depend on. Stops after
  /// `target` kept events.
  public mutating func run(state: () -> LedgerState, propose: (Event) -> Bool) {
    var kept = 0
    var counter = 0
    func nextID(_ prefix: String) -> String {
      counter += 1
      return "\(prefix)-\(counter)"
    }
    let start = LedgerDate(year: firstBudgetYear - 1, month: 10, day: 1)!
    func keep(_ event: Event) -> Bool {
      guard kept < target, propose(event) else { return false }
      kept += 1
      return true
    }
    // Holders and programs.
    func openHolder(_ id: String, _ name: String, _ level: HolderLevel, parent: String?) {
      var event = Event(id: "h-\(id)", type: .open, date: start)
      event.holder = id
      event.name = name
      event.level = level
      event.parent = parent
      _ = keep(event)
    }
    openHolder("mof", "财政部", .central, parent: nil)
    var provinces: [String] = []
    var prefectures: [[String]] = []
    var recipients: [[String]] = []
    for p in 0..<provinceCount {
      openHolder("p\(p)", "省\(p)", .province, parent: "mof")
      provinces.append("p\(p)")
      var list: [String] = []
      for c in 0..<prefecturesPerProvince {
        openHolder("p\(p)c\(c)", "省\(p)市\(c)", .prefecture, parent: "p\(p)")
        list.append("p\(p)c\(c)")
      }
      prefectures.append(list)
      recipients.append([])
    }
    for r in 0..<recipientCount {
      let p = r % provinceCount
      let c = (r / provinceCount) % prefecturesPerProvince
      openHolder("r\(r)", "企业\(r)", .recipient, parent: "p\(p)c\(c)")
      recipients[p].append("r\(r)")
    }
    var programs: [String] = []
    for g in 0..<programCount {
      var event = Event(id: "pg-\(g)", type: .define, date: start)
      event.program = "prog\(g)"
      event.name = "专项\(g)"
      event.source = .central
      _ = keep(event)
      programs.append("prog\(g)")
    }
    // Money: walk the calendar forward, mixing kinds of movement.
    // The events span the budget year, from the advance issues of the previous autumn to its last day.
    var day = start
    let end = LedgerDate(year: firstBudgetYear + budgetYearCount - 1, month: 12, day: 31)!
    let eventsPerDay = UInt64(max(1, target / Int(end.dayNumber - start.dayNumber + 1)))
    var recentMoves: [String] = []
    while kept < target {
      if random.next() % eventsPerDay == 0 && day < end { day = day.adding(days: 1) }
      let program = programs[Int(random.next() % UInt64(programs.count))]
      let year = Int64(firstBudgetYear + Int(random.next() % UInt64(budgetYearCount)))
      let p = Int(random.next() % UInt64(provinceCount))
      let c = Int(random.next() % UInt64(prefecturesPerProvince))
      let roll = random.next() % 100
      var event: Event
      if roll < 4 {
        event = Event(id: nextID("a"), type: .allocate, date: day)
        event.from = "mof"
        event.to = provinces[p]
        event.amountFen = Int64(1 + random.next() % 50_000) * 10_000
      } else if roll < 20 {
        event = Event(id: nextID("rd"), type: .redistribute, date: day)
        event.from = provinces[p]
        event.to = prefectures[p][c]
        event.amountFen = Int64(1 + random.next() % 20_000) * 100
      } else if roll < 94 {
        guard !recipients[p].isEmpty else { continue }
        event = Event(id: nextID("d"), type: .disburse, date: day)
        event.from = prefectures[p][c]
        event.to = recipients[p][Int(random.next() % UInt64(recipients[p].count))]
        event.amountFen = Int64(1 + random.next() % 500_000)
      } else if roll < 97 {
        event = Event(id: nextID("rt"), type: .return, date: day)
        event.from = prefectures[p][c]
        event.to = provinces[p]
        event.amountFen = Int64(1 + random.next() % 100_000)
      } else if roll < 99, let last = recentMoves.last {
        event = Event(id: nextID("c"), type: .correct, date: day)
        event.target = last
        event.reason = "录入错误"
        if keep(event) { recentMoves.removeLast() }
        continue
      } else {
        event = Event(id: nextID("au"), type: .audit, date: day)
        event.auditor = "审计厅"
        event.scope = "抽查"
        _ = keep(event)
        continue
      }
      event.program = program
      event.budgetYear = year
      if event.type == .disburse || event.type == .redistribute {
        // Spend less than what is there most of the time so later steps have money to move.
        let current = state()
        let key = AccountKey(
          holder: current.holder(named: event.from!)!, program: current.program(named: program)!,
          budgetYear: Int32(year))
        let held = current.accounts[key]?.heldFen ?? 0
        if held == 0 { continue }
        event.amountFen = min(event.amountFen!, max(1, held / 2))
      }
      if keep(event) {
        recentMoves.append(event.id)
        if recentMoves.count > 8 { recentMoves.removeFirst() }
      }
    }
  }
}
