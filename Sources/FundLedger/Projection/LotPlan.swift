/// The lots an outflow spends and how much of each, in spending order, with the first kept inline.
///
/// An outflow spends one lot unless it crosses the end of the oldest lot it draws on, so an array per
/// movement was usually a heap allocation and a free on the applying thread for one element; the rest
/// only allocates when an outflow spans lots.
struct LotPlan: Sequence {
  typealias Element = (lot: Int32, amount: Int64)

  private var first: Element?
  private var rest: [Element] = []

  mutating func append(_ part: Element) {
    if first == nil {
      first = part
    } else {
      rest.append(part)
    }
  }

  func makeIterator() -> Iterator { Iterator(plan: self) }

  struct Iterator: IteratorProtocol {
    fileprivate let plan: LotPlan
    private var position = -1

    fileprivate init(plan: LotPlan) { self.plan = plan }

    mutating func next() -> Element? {
      defer { position += 1 }
      if position < 0 { return plan.first }
      return position < plan.rest.count ? plan.rest[position] : nil
    }
  }
}
