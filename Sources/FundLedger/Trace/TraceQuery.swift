/// Where money went and where it came from, by walking the lot tree the projection keeps.
///
/// Attribution is the projection's: an outflow spends the lots its `funded_by` names, otherwise the oldest
/// lots first (FIFO) within the holder, program and budget year. It is decided once, at apply time, so every
/// replay (full or from a snapshot) attributes the same fen the same way.
public struct TraceQuery {
  public let state: LedgerState
  /// The children of lot `i` are `childList[childStarts[i]..<childStarts[i + 1]]`, in lot order: two flat
  /// arrays built once. An array per lot was ten million small allocations at 10M events, a fifth of a
  /// `trace` there once the snapshot was read, and as long again to free.
  private let childStarts: [Int32]
  private let childList: [Int32]

  public init(state: LedgerState) {
    self.state = state
    let lots = state.lots
    var starts = [Int32](repeating: 0, count: lots.count + 1)
    for lot in lots where lot.parent >= 0 && !lot.reversed { starts[Int(lot.parent) + 1] += 1 }
    for i in 0..<lots.count { starts[i + 1] += starts[i] }
    var next = starts
    var list = [Int32](repeating: 0, count: Int(starts[lots.count]))
    for (index, lot) in lots.enumerated() where lot.parent >= 0 && !lot.reversed {
      list[Int(next[Int(lot.parent)])] = Int32(index)
      next[Int(lot.parent)] += 1
    }
    (childStarts, childList) = (starts, list)
  }

  /// The lots made by spending lot `index` (not reversed), in lot order.
  private func childLots(_ index: Int32) -> ArraySlice<Int32> {
    childList[Int(childStarts[Int(index)])..<Int(childStarts[Int(index) + 1])]
  }

  /// Errors a trace request can meet.
  public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownOrigin(String)
    case noMoney(String)

    public var description: String {
      switch self {
      case .unknownOrigin(let key): return "no money event has id or document number \"\(key)\""
      case .noMoney(let key): return "\"\(key)\" moved no money that is still on the books (it was corrected)"
      }
    }
  }

  /// The trees from an event id or a document number downwards: one tree per holder the origin's events
  /// delivered money to.
  public func down(_ key: String) throws(Problem) -> [TraceNode] {
    var recordIndices: [Int32] = []
    if let index = state.recordNumber(id: key) { recordIndices.append(index) }
    recordIndices.append(contentsOf: state.records(doc: key))
    recordIndices = recordIndices.filter {
      state.records[Int($0)].type.movesMoney && state.records[Int($0)].type != .return
    }
    guard !recordIndices.isEmpty else { throw .unknownOrigin(key) }
    var lots: [Int32] = []
    for index in recordIndices {
      let record = state.records[Int(index)]
      for lot in record.lotStart..<record.lotEnd where !state.lots[Int(lot)].reversed { lots.append(lot) }
    }
    guard !lots.isEmpty else { throw .noMoney(key) }
    return group(lots)
  }

  /// Groups lots by holder (first seen first) and builds each group's node.
  private func group(_ lots: [Int32]) -> [TraceNode] {
    var order: [Int32] = []
    var byHolder: [Int32: [Int32]] = [:]
    for lot in lots {
      let holder = state.account(of: state.lots[Int(lot)]).holder
      if byHolder[holder] == nil { order.append(holder) }
      byHolder[holder, default: []].append(lot)
    }
    return order.map { node(holder: $0, lots: byHolder[$0]!) }
  }

  private func node(holder: Int32, lots: [Int32]) -> TraceNode {
    var node = TraceNode(holder: holder)
    let isRecipient = state.holders[Int(holder)].level == .recipient
    var children: [Int32] = []
    for index in lots {
      let lot = state.lots[Int(index)]
      node.inFen += lot.amountFen
      node.heldFen += lot.heldFen
      node.returnedFen += lot.returnedFen
      if !isRecipient, lot.heldFen > 0, node.oldestHeld.map({ lot.date < $0 }) ?? true { node.oldestHeld = lot.date }
      if !node.records.contains(lot.record) { node.records.append(lot.record) }
      children.append(contentsOf: childLots(index))
    }
    for child in children {
      let lot = state.lots[Int(child)]
      if state.holders[Int(state.account(of: lot).holder)].level == .recipient {
        node.paidFen += lot.amountFen
      } else {
        node.passedOnFen += lot.amountFen
      }
      node.returnedBackFen += lot.returnedFen
    }
    node.children = group(children)
    return node
  }

  /// One way money reached a holder: the chain of holders and events from an origin, and how much.
  public struct Path: Sendable, Equatable {
    /// Record indices from the origin down to the event that delivered to the holder.
    public var records: [Int32]
    public var arrivedFen: Int64
    /// What of it the holder still has (for a final recipient: what it received and kept).
    public var heldFen: Int64
  }

  /// Every path by which money reached `holder`, grouped by identical chains of events.
  public func up(_ holder: Int32) -> [Path] {
    var paths: [Path] = []
    var index: [[Int32]: Int] = [:]
    for (lotIndex, lot) in state.lots.enumerated() where state.account(of: lot).holder == holder && !lot.reversed {
      var chain: [Int32] = []
      var current = Int32(lotIndex)
      while current >= 0 {
        chain.append(state.lots[Int(current)].record)
        current = state.lots[Int(current)].parent
      }
      chain.reverse()
      if let at = index[chain] {
        paths[at].arrivedFen += lot.amountFen
        paths[at].heldFen += lot.heldFen
      } else {
        index[chain] = paths.count
        paths.append(Path(records: chain, arrivedFen: lot.amountFen, heldFen: lot.heldFen))
      }
    }
    return paths
  }

  /// Money held longer than `daysMin` days at `date`, per holder and origin.
  public struct Idle: Sendable, Equatable {
    public var holder: Int32
    /// The record of the origin (the allocation) the money came from.
    public var origin: Int32
    public var heldFen: Int64
    public var since: LedgerDate
    public var sinceIsApproximate: Bool
    public var days: Int32
  }

  public func idle(at date: LedgerDate, daysMin: Int32) -> [Idle] {
    var out: [Idle] = []
    var index: [[Int32]: Int] = [:]
    for lot in state.lots where lot.heldFen > 0 && state.holders[Int(state.account(of: lot).holder)].level != .recipient
    {
      let days = date.dayNumber - lot.date.dayNumber
      guard days > daysMin else { continue }
      var origin = lot
      while origin.parent >= 0 { origin = state.lots[Int(origin.parent)] }
      let key = [state.account(of: lot).holder, origin.record]
      let approximate = state.records[Int(lot.record)].datePrecision != .day
      if let at = index[key] {
        out[at].heldFen += lot.heldFen
        if lot.date < out[at].since {
          out[at].since = lot.date
          out[at].days = days
          out[at].sinceIsApproximate = approximate
        }
      } else {
        index[key] = out.count
        out.append(
          Idle(
            holder: state.account(of: lot).holder, origin: origin.record, heldFen: lot.heldFen, since: lot.date,
            sinceIsApproximate: approximate, days: days))
      }
    }
    return out.sorted { ($0.days, $0.heldFen) > ($1.days, $1.heldFen) }
  }
}
