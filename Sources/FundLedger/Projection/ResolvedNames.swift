/// The holder and program numbers of a movement's names, found before `apply` looks for them: by
/// `LedgerState.canonicalize` within one `LedgerWriter.stage`, or by a reader's `NameMirror`.
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
