/// The year's money flows as a graph for a Sankey diagram: budgets → holders → final recipients, with
/// what is still held as its own band, every band carrying its exact fen, documents and dates.
public struct FlowGraph: Sendable {
  public enum NodeKind: Sendable, Equatable {
    /// An issuer's own budget (中央财政预算, 自治区财政预算).
    case budget(issuer: Int32)
    case holder(Int32)
    /// Money a holder still holds (滞留 / 未支付).
    case held(by: Int32)
    /// Many small recipients of one payer, grouped.
    case group(payer: Int32, members: [Int32])
  }

  public struct Node: Sendable, Equatable {
    public var kind: NodeKind
    public var label: String
    /// Extra words for the node's tooltip (what a group holds).
    public var detail: String = ""
  }

  public struct Link: Sendable, Equatable {
    public var from: Int
    public var to: Int
    public var amountFen: Int64
    /// Document numbers and dates of the events behind the band.
    public var docs: [String]
    public var dates: [String]
  }

  public var nodes: [Node] = []
  public var links: [Link] = []

  /// Builds the graph from the lot trees: each lot is money that came from its parent's holder (or an
  /// issuer's budget), net of what went back up; each holder's held money is a band to a 滞留 node.
  /// Recipients of one payer beyond `groupAbove` are grouped into "其他 N 家".
  public init(state: LedgerState, program: Int32? = nil, year: Int32? = nil, groupAbove: Int = 12) {
    var nodeIndex: [String: Int] = [:]
    func node(_ kind: NodeKind, _ key: String, _ label: String) -> Int {
      if let index = nodeIndex[key] { return index }
      nodes.append(Node(kind: kind, label: label))
      nodeIndex[key] = nodes.count - 1
      return nodes.count - 1
    }
    func holderNode(_ h: Int32) -> Int { node(.holder(h), "h\(h)", state.holders[Int(h)].name) }
    var linkIndex: [Int64: Int] = [:]
    func add(_ from: Int, _ to: Int, _ amount: Int64, _ record: EventRecord) {
      guard amount > 0 else { return }
      let key = Int64(from) << 32 | Int64(to)
      if let at = linkIndex[key] {
        links[at].amountFen += amount
        if let doc = state.doc(of: record), !links[at].docs.contains(doc) { links[at].docs.append(doc) }
        if !links[at].dates.contains(record.dateText) { links[at].dates.append(record.dateText) }
      } else {
        linkIndex[key] = links.count
        links.append(
          Link(
            from: from, to: to, amountFen: amount, docs: state.doc(of: record).map { [$0] } ?? [],
            dates: [record.dateText]))
      }
    }
    let programOK: [Bool] = state.programs.indices.map { i in
      program.map { state.isSubprogram(Int32(i), of: $0) } ?? true
    }
    // Recipients to group: per payer, all but the largest `groupAbove - 1` when there are more than `groupAbove`.
    var receivedBy: [Int32: [Int32: Int64]] = [:]
    for lot in state.lots
    where !lot.reversed && programOK[Int(state.account(of: lot).program)]
      && (year.map { $0 == state.account(of: lot).budgetYear } ?? true)
    {
      guard lot.parent >= 0, state.holders[Int(state.account(of: lot).holder)].level == .recipient else { continue }
      let payer = state.account(of: state.lots[Int(lot.parent)]).holder
      receivedBy[payer, default: [:]][state.account(of: lot).holder, default: 0] += lot.amountFen - lot.returnedFen
    }
    var groupOf: [Int32: Int] = [:]
    for (payer, recipients) in receivedBy where recipients.count > groupAbove {
      let ranked = recipients.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
      let grouped = ranked.dropFirst(groupAbove - 1).map(\.key)
      let index = node(.group(payer: payer, members: grouped), "g\(payer)", "其他 \(grouped.count) 家")
      nodes[index].detail =
        "\(state.holders[Int(payer)].name) 的收款单位中金额较小的 \(grouped.count) 家合并显示（最大的 \(groupAbove - 1) 家单列）"
      for member in grouped { groupOf[member] = index }
    }
    for lot in state.lots
    where !lot.reversed && programOK[Int(state.account(of: lot).program)]
      && (year.map { $0 == state.account(of: lot).budgetYear } ?? true)
    {
      let record = state.records[Int(lot.record)]
      let net = lot.amountFen - lot.returnedFen
      let target = groupOf[state.account(of: lot).holder] ?? holderNode(state.account(of: lot).holder)
      if lot.parent < 0 {
        let issuer = record.from
        let name = state.holders[Int(issuer)].name
        let label = state.holders[Int(issuer)].level == .central ? "\(name)（中央财政预算）" : "\(name)（本级财政预算）"
        add(node(.budget(issuer: issuer), "b\(issuer)", label), target, net, record)
      } else {
        add(holderNode(state.account(of: state.lots[Int(lot.parent)]).holder), target, net, record)
      }
    }
    // Held money: one band per holder that still holds some.
    var held: [Int32: (Int64, LedgerDate)] = [:]
    for lot in state.lots
    where !lot.reversed && lot.heldFen > 0 && programOK[Int(state.account(of: lot).program)]
      && (year.map { $0 == state.account(of: lot).budgetYear } ?? true)
    {
      guard state.holders[Int(state.account(of: lot).holder)].level != .recipient else { continue }
      let current = held[state.account(of: lot).holder] ?? (0, lot.date)
      held[state.account(of: lot).holder] = (current.0 + lot.heldFen, min(current.1, lot.date))
    }
    for (holder, (amount, since)) in held.sorted(by: { $0.key < $1.key }) {
      let sink = node(.held(by: holder), "s\(holder)", "滞留 / 未支付")
      nodes[sink].detail = "\(state.holders[Int(holder)].name) 仍持有, 最早到达 \(since)"
      let key = Int64(holderNode(holder)) << 32 | Int64(sink)
      linkIndex[key] = links.count
      links.append(Link(from: holderNode(holder), to: sink, amountFen: amount, docs: [], dates: ["since \(since)"]))
    }
  }
}
