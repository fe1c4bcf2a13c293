/// A small companion of a snapshot: the registry and each account's figures (with the arrival of its
/// oldest held money), and nothing else — what `balance` and `status` need.
///
/// A full snapshot carries every lot and event record (hundreds of megabytes at a million events) because
/// traces and appends need them; loading it takes a second. When a query's date is covered exactly (no
/// event after the snapshot lies within the bound) the query reads this file instead.
public enum QuerySnapshot {
  public static let magic = Array("FUNDLEDGER-QUERY-SNAPSHOT\n".utf8)
  public static let formatVersion: Int64 = 1

  public static func encode(_ s: LedgerState, next: LogReader.Start, lastLineOffset: Int64, firstLineHash: String)
    -> [UInt8]
  {
    var w = Snapshot.framedWriter(magic: magic)
    Snapshot.writePointAndRegistry(
      &w, version: formatVersion, firstLineHash: firstLineHash, next: next, lastLineOffset: lastLineOffset, state: s)
    // In the order the accounts were opened, so a restored state iterates as the replayed one does.
    w.int32(Int32(s.accounts.count))
    for (slot, key) in s.accounts.keys.enumerated() {
      Snapshot.writeAccount(&w, key, s.accounts.values[slot])
      let oldest = s.oldestHeld(slot: slot)
      w.int32(oldest?.0.dayNumber ?? Int32.min)
      w.uint8(oldest?.1 == true ? 1 : 0)
    }
    return Snapshot.seal(&w, magic: magic)
  }

  /// The state (registry and accounts only) and where in the log it stands.
  public static func decode(_ bytes: [UInt8]) throws(Snapshot.Refusal) -> Snapshot.Companion {
    try decode(ByteSource(copying: bytes))
  }

  /// As `decode(_:)`, reading `source` in place (a mapped file: about 200 MB at 10M events).
  static func decode(_ source: ByteSource) throws(Snapshot.Refusal) -> Snapshot.Companion {
    let bytes = source.bytes
    var r = try Snapshot.unframe(source, magic: magic)
    do {
      let point = try Snapshot.readPointAndRegistry(&r, version: formatVersion)
      let (firstLineHash, next, lastLineOffset) = (point.firstLineHash, point.next, point.lastLineOffset)
      var s = point.state
      let accountCount = Int(try r.int32())
      // Read in order, then indexed in one pass (`AccountTable(keys:values:)` refuses a repeated key).
      var keys: [AccountKey] = []
      var accounts: [Account] = []
      keys.reserveCapacity(max(0, min(accountCount, bytes.count / 16)))
      accounts.reserveCapacity(keys.capacity)
      for _ in 0..<accountCount {
        let (key, a) = try Snapshot.readAccount(&r)
        keys.append(key)
        accounts.append(a)
        let oldest = try r.int32()
        let approximate = try r.uint8() == 1
        // By slot: the accounts were just opened in this order.
        s.oldestHeldSummary.append(
          oldest == Int32.min ? nil : .init(date: LedgerDate(dayNumber: oldest), approximate: approximate))
      }
      guard r.index == bytes.count, let table = AccountTable(keys: keys, values: accounts) else {
        throw Snapshot.Refusal.damaged
      }
      s.accounts = table
      // Holders are found by scanning when asked for (a query names one or two): indexing the names of
      // half a million recipients would cost more than the whole query.
      s.rebuildIndexes(holders: false)
      return (s, next, lastLineOffset, firstLineHash)
    } catch let refusal as Snapshot.Refusal {
      throw refusal
    } catch {
      throw .damaged
    }
  }
}
