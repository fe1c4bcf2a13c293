/// Positions for a Sankey diagram of a `FlowGraph`: columns by depth, nodes ordered to limit crossings,
/// band widths proportional to fen, and every node at least a label's height apart.
///
/// Coordinates are integers of 1/100 px so that the sums the tests check are exact before rounding.
public struct SankeyLayout: Sendable {
  public struct PlacedNode: Sendable, Equatable {
    public var index: Int
    public var column: Int
    /// Top edge, height, in 1/100 px.
    public var y: Int64
    public var height: Int64
    public var inFen: Int64
    public var outFen: Int64
  }

  public struct PlacedLink: Sendable, Equatable {
    public var index: Int
    /// Band width and the centre of its ends, in 1/100 px.
    public var width: Int64
    public var sourceY: Int64
    public var targetY: Int64
  }

  public var nodes: [PlacedNode]
  public var links: [PlacedLink]
  public var columns: Int
  /// The drawing height in 1/100 px.
  public var height: Int64
  /// 1/100 px per fen (as a fraction numerator / denominator).
  public var scaleNumerator: Int64
  public var scaleDenominator: Int64

  /// Lays out `graph` with bands at most `bandHeight` px for the largest column and nodes at least
  /// `labelGap` px apart.
  public init(_ graph: FlowGraph, bandHeight: Int64 = 600, labelGap: Int64 = 16) {
    let count = graph.nodes.count
    var incoming = Array(repeating: [Int](), count: count)
    var outgoing = Array(repeating: [Int](), count: count)
    for (i, link) in graph.links.enumerated() {
      outgoing[link.from].append(i)
      incoming[link.to].append(i)
    }
    // Column = longest path from a node without inflow.
    var column = Array(repeating: 0, count: count)
    var changed = true
    var rounds = 0
    while changed && rounds < count + 1 {
      changed = false
      rounds += 1
      for link in graph.links where column[link.to] < column[link.from] + 1 {
        column[link.to] = column[link.from] + 1
        changed = true
      }
    }
    columns = (column.max() ?? 0) + 1
    var inFen = Array(repeating: Int64(0), count: count)
    var outFen = Array(repeating: Int64(0), count: count)
    for link in graph.links {
      outFen[link.from] += link.amountFen
      inFen[link.to] += link.amountFen
    }
    let size = (0..<count).map { max(inFen[$0], outFen[$0]) }
    var columnTotal = Array(repeating: Int64(0), count: columns)
    for i in 0..<count { columnTotal[column[i]] += size[i] }
    let largest = max(1, columnTotal.max() ?? 1)
    scaleNumerator = bandHeight * 100
    scaleDenominator = largest
    func px(_ fen: Int64) -> Int64 {
      // fen × scale, rounded, in 1/100 px, without overflow.
      let product = fen.multipliedFullWidth(by: bandHeight * 100)
      let (q, r) = largest.dividingFullWidth(product)
      return q + (r * 2 >= largest ? 1 : 0)
    }
    // Order nodes within a column by the average position of their sources (barycentre), so bands cross
    // less; ties by size, larger first.
    var order = Array(repeating: [Int](), count: columns)
    for i in 0..<count { order[column[i]].append(i) }
    var position = Array(repeating: Int64(0), count: count)
    for c in 0..<columns {
      if c > 0 {
        order[c].sort { a, b in
          func centre(_ n: Int) -> Int64 {
            let ins = incoming[n]
            guard !ins.isEmpty else { return Int64.max / 2 }
            var weighted: Int64 = 0
            var total: Int64 = 0
            for l in ins {
              let w = max(1, graph.links[l].amountFen / 1_000_000)
              weighted += position[graph.links[l].from] * w
              total += w
            }
            return weighted / total
          }
          let (ca, cb) = (centre(a), centre(b))
          return ca != cb ? ca < cb : (size[a] != size[b] ? size[a] > size[b] : a < b)
        }
      } else {
        order[c].sort { size[$0] != size[$1] ? size[$0] > size[$1] : $0 < $1 }
      }
      for (rank, n) in order[c].enumerated() { position[n] = Int64(rank) }
    }
    // Stack nodes top to bottom, each at least a label's height tall in its slot.
    var placed = Array(repeating: PlacedNode(index: 0, column: 0, y: 0, height: 0, inFen: 0, outFen: 0), count: count)
    var tallest: Int64 = 0
    for c in 0..<columns {
      var y: Int64 = 0
      for n in order[c] {
        let h = px(size[n])
        placed[n] = PlacedNode(index: n, column: c, y: y, height: h, inFen: inFen[n], outFen: outFen[n])
        y += max(h, labelGap * 100) + 400
      }
      tallest = max(tallest, y)
    }
    height = tallest
    // Bands leave a node in the order of their targets and enter in the order of their sources.
    var outOffset = Array(repeating: Int64(0), count: count)
    var inOffset = Array(repeating: Int64(0), count: count)
    var placedLinks = Array(repeating: PlacedLink(index: 0, width: 0, sourceY: 0, targetY: 0), count: graph.links.count)
    for n in 0..<count {
      let sorted = outgoing[n].sorted { placed[graph.links[$0].to].y < placed[graph.links[$1].to].y }
      for l in sorted {
        let w = px(graph.links[l].amountFen)
        placedLinks[l].index = l
        placedLinks[l].width = w
        placedLinks[l].sourceY = placed[n].y + outOffset[n] + w / 2
        outOffset[n] += w
      }
    }
    for n in 0..<count {
      let sorted = incoming[n].sorted { placed[graph.links[$0].from].y < placed[graph.links[$1].from].y }
      for l in sorted {
        let w = placedLinks[l].width
        placedLinks[l].targetY = placed[n].y + inOffset[n] + w / 2
        inOffset[n] += w
      }
    }
    nodes = placed
    links = placedLinks
  }
}
