import XCTest

@testable import FundLedger

/// The flat account table and the record-id index against the dictionaries they replace.
final class IndexTests: XCTestCase {
  func testAccountTableAgreesWithADictionary() {
    var table = AccountTable()
    var reference: [AccountKey: Account] = [:]
    var random = SplitMix64(seed: 7)
    for step in 0..<20_000 {
      // Few programs and years, many holders: the shape of a national ledger, with repeats.
      let key = AccountKey(
        holder: Int32(random.next() % 3_000), program: Int32(random.next() % 5),
        budgetYear: 2022 + Int32(random.next() % 3))
      let slot = table.slotOpening(key)
      table.values[slot].heldFen += Int64(step)
      reference[key, default: Account()].heldFen += Int64(step)
    }
    XCTAssertEqual(table.count, reference.count)
    for (key, account) in reference { XCTAssertEqual(table[key]?.heldFen, account.heldFen) }
    XCTAssertNil(table[AccountKey(holder: 3_001, program: 0, budgetYear: 2023)])
    // Iteration is in opening order and covers every account once.
    XCTAssertEqual(Set(table.map(\.key)), Set(reference.keys))
    XCTAssertEqual(table.map(\.key), table.keys)
  }

  func testAccountTablesWithTheSameAccountsInAnotherOrderAreEqual() {
    let keys = (0..<50).map { AccountKey(holder: Int32($0), program: 1, budgetYear: 2023) }
    var forward = AccountTable()
    var backward = AccountTable()
    for key in keys { forward[key] = Account() }
    for key in keys.reversed() { backward[key] = Account() }
    XCTAssertEqual(forward, backward)
    backward.values[backward.slot(of: keys[3])!].paidFen = 1
    XCTAssertNotEqual(forward, backward)
    backward.values[backward.slot(of: keys[3])!].paidFen = 0
    backward[AccountKey(holder: 99, program: 1, budgetYear: 2023)] = Account()
    XCTAssertNotEqual(forward, backward)
  }

  func testAccountTableLoadedWholeFindsEverySlotAndRefusesARepeatedKey() {
    var random = SplitMix64(seed: 11)
    var seen = Set<AccountKey>()
    var keys: [AccountKey] = []
    while keys.count < 5_000 {
      let key = AccountKey(
        holder: Int32(random.next() % 4_000), program: Int32(random.next() % 4),
        budgetYear: 2022 + Int32(random.next() % 3))
      if seen.insert(key).inserted { keys.append(key) }
    }
    var values = keys.indices.map { _ in Account() }
    for i in values.indices { values[i].heldFen = Int64(i) }
    guard let table = AccountTable(keys: keys, values: values) else { return XCTFail("refused distinct keys") }
    var grown = AccountTable()
    for (key, value) in zip(keys, values) { grown[key] = value }
    XCTAssertEqual(table, grown)
    for (slot, key) in keys.enumerated() {
      XCTAssertEqual(table.slot(of: key), slot)
      XCTAssertEqual(table[key]?.heldFen, Int64(slot))
    }
    XCTAssertNil(table.slot(of: AccountKey(holder: 5_000, program: 0, budgetYear: 2023)))
    XCTAssertNil(AccountTable(keys: keys + [keys[1_234]], values: values + [Account()]))
    XCTAssertEqual(AccountTable(keys: [], values: [])?.count, 0)
  }

  /// Lots and event records are kept one per event at national scale; their field order packs them.
  func testPerEventStructsStayPacked() {
    XCTAssertLessThanOrEqual(MemoryLayout<Lot>.stride, 48)
    XCTAssertLessThanOrEqual(MemoryLayout<EventRecord>.stride, 72)
  }

  /// Prefetching reads a table's element addresses from its storage word; they must be the array's own.
  func testRawElementsAreTheArraysOwnElements() {
    struct Holder {
      var before: Int32 = 7
      var queue: [Int32]
    }
    for count in [0, 1, 3, 1_000] {
      var numbers = (0..<count).map { Int64($0) * 3 }
      for _ in 0..<2 {
        let raw = RawElements(numbers)
        XCTAssertEqual(raw.count, numbers.count)
        if !numbers.isEmpty { XCTAssertEqual(raw.base, numbers.withUnsafeBufferPointer { $0.baseAddress }) }
        for index in numbers.indices { XCTAssertEqual(raw.address(index)?.pointee, numbers[index]) }
        XCTAssertNil(raw.address(numbers.count))
        XCTAssertNil(raw.address(-1))
        // After growing, the new storage.
        numbers.append(contentsOf: [1, 2, 3])
      }
      var holder = Holder(queue: (0..<count).map { Int32($0) })
      let expected = holder.queue
      withUnsafeBytes(of: &holder) { bytes in
        let word = bytes.load(fromByteOffset: MemoryLayout<Holder>.offset(of: \.queue)!, as: UnsafeRawPointer.self)
        let raw = RawElements<Int32>(storage: word)
        XCTAssertEqual(raw.count, count)
        XCTAssertEqual((0..<count).map { raw.address($0)!.pointee }, expected)
      }
    }
  }

  func testRecordIndexFindsEveryIdAfterGrowthAndRebuild() {
    var records: [EventRecord] = []
    var index = RecordIndex()
    let ids = (0..<5_000).map { $0 % 3 == 0 ? "长id-\($0)-" + String(repeating: "x", count: $0 % 40) : "e-\($0)" }
    for id in ids {
      records.append(
        EventRecord(
          id: id, type: .audit, date: LedgerDate("2023-01-01")!,
          datePrecision: .day))
      index.insert(Int32(records.count - 1), in: records)
    }
    var rebuilt = RecordIndex()
    rebuilt.rebuild(records: records)
    for (number, id) in ids.enumerated() {
      XCTAssertEqual(index.find(id, in: records), Int32(number))
      XCTAssertEqual(rebuilt.find(id, in: records), Int32(number))
    }
    XCTAssertNil(index.find("e-5000", in: records))
    XCTAssertNil(index.find("", in: records))
  }

  func testNameIndexAgreesWithADictionary() {
    var generator = SplitMix64(seed: 5)
    var index = NameIndex()
    var reference: [String: Int32] = [:]
    let names = (0..<20_000).map { n -> String in
      n % 5 == 0 ? "企业\(n)" : n % 7 == 0 ? String(repeating: "长", count: n % 30) + "\(n)" : "p\(n % 31)c\(n)"
    }
    for name in names {
      let number = Int32(truncatingIfNeeded: generator.next() % 1_000_000)
      index[name] = number
      reference[name] = number
    }
    // Replacing a number keeps one entry.
    index[names[3]] = -9
    reference[names[3]] = -9
    XCTAssertEqual(index.count, reference.count)
    for (name, number) in reference {
      XCTAssertEqual(index[name], number, name)
      // The look-up with a hash worked out elsewhere finds the same; the prefetches only ask for memory.
      let hash = TaggedSlots.hash(name)
      index.prefetchEntry(hash: hash)
      index.prefetchName(hash: hash)
      XCTAssertEqual(index.number(of: name, hash: hash), number, name)
    }
    XCTAssertNil(index.number(of: "absent", hash: TaggedSlots.hash("absent")))
    // A name under another name's hash is not found there.
    XCTAssertNil(index.number(of: names[1], hash: TaggedSlots.hash(names[2])))
    XCTAssertNil(index["absent"])
    XCTAssertNil(index[""])
    XCTAssertNil(NameIndex()["p0c0"])

    var backward = NameIndex()
    backward.reserveCapacity(10)
    for (name, number) in reference.sorted(by: { $0.key > $1.key }) { backward[name] = number }
    XCTAssertEqual(index, backward)
    backward[names[0]] = 12_345_678
    XCTAssertNotEqual(index, backward)
  }

  func testLotPlanGivesBackWhatWasAppendedInOrder() {
    for count in 0..<6 {
      var plan = LotPlan()
      let parts = (0..<count).map { (lot: Int32($0 * 3), amount: Int64($0 + 1) * 100) }
      for part in parts { plan.append(part) }
      let back = Array(plan)
      XCTAssertEqual(back.map(\.lot), parts.map(\.lot), "\(count) parts")
      XCTAssertEqual(back.map(\.amount), parts.map(\.amount), "\(count) parts")
      // Iterating twice gives the same parts: the plan is a value, not a consumed stream.
      XCTAssertEqual(Array(plan).map(\.lot), back.map(\.lot))
    }
  }
}
