/// The `TaggedSlots.hash` of a movement's two holder names, worked out once, where its line is decoded.
///
/// The pass that numbers names (`NameMirror`) looks a recipient up in a table larger than the caches for
/// nearly every event, and waited first for the table entry, then for the name it points to: about two
/// thirds of that pass. With the hashes known ahead it asks for both a few events early.
struct NameHashes {
  var from = 0
  var to = 0
  /// False for an event that is not a movement naming both holders: its look-ups hash the names themselves.
  var isSet = false

  init() {}

  init(_ event: Event) {
    guard event.type.movesMoney, let from = event.from, let to = event.to else { return }
    self.from = TaggedSlots.hash(from)
    self.to = TaggedSlots.hash(to)
    isSet = true
  }
}
