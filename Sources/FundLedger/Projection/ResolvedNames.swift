/// The holder and program numbers `LedgerState.canonicalize` found for a movement's names, handed on to
/// `apply` within one `LedgerWriter.stage`.
///
/// Staging canonicalizes an event (names and aliases to ids) and then applies it, and both looked the same
/// three names up: each lookup a probe of a table far larger than the caches. A number is only a hint
/// for the same state: `apply` looks a name up itself when its number is missing. Ids, names and aliases
/// are all distinct keys (`holderMustBeNew`), so the number found for a name is the one its id finds.
struct ResolvedNames {
  var from: Int32?
  var to: Int32?
  var program: Int32?
}
