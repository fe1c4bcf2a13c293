// This module is compiled with `-parse-stdlib` for `Builtin`, which reaches LLVM's prefetch intrinsic; see
// Package.swift. It holds nothing else.
import Swift

/// Asks the CPU to bring the cache line at `address` closer, without waiting for it and without faulting.
///
/// Replay is bound by cache misses on the applying thread: each event probes tables far larger than the
/// caches (the id index, the account index, the accounts, the lot queues), and each probe waits about a
/// hundred nanoseconds. The events a few places ahead are already decoded, so their addresses can be
/// worked out and requested while the current event is applied. Swift has no prefetch function; this
/// is `llvm.prefetch` (read, keep in all cache levels, data), which x86-64 emits as `prefetcht0`.
@inlinable @inline(__always)
public func prefetch(_ address: UnsafeRawPointer) {
  Builtin.int_prefetch_RawPointer(address._rawValue, Int32(0)._value, Int32(3)._value, Int32(1)._value)
}
