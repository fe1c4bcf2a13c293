import Foundation
import XCTest

@testable import FundLedger

/// Files written a piece at a time as they are encoded hold the same bytes, and the same checksum, as
/// files encoded whole.
final class StreamedFileTests: XCTestCase {
  func testRunningChecksumOverAnyCutsEqualsTheOneShotChecksum() {
    var random = SplitMix64(seed: 7)
    for length in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1_000] {
      let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
      let whole = bytes.withUnsafeBytes { Checksum64.of($0) }
      for _ in 0..<20 {
        var cuts = (0..<Int(random.next() % 5)).map { _ in length == 0 ? 0 : Int(random.next() % UInt64(length + 1)) }
        cuts = ([0] + cuts + [length]).sorted()
        var running = Checksum64.Running()
        bytes.withUnsafeBytes { raw in
          for (start, end) in zip(cuts, cuts.dropFirst()) {
            running.add(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
          }
        }
        XCTAssertEqual(running.finish(), whole, "length \(length), cuts \(cuts)")
      }
    }
    // A changed byte changes the sum, whichever piece holds it.
    let bytes = [UInt8](repeating: 3, count: 100)
    var changed = bytes
    changed[41] = 4
    XCTAssertNotEqual(bytes.withUnsafeBytes { Checksum64.of($0) }, changed.withUnsafeBytes { Checksum64.of($0) })
  }

  func testAStreamedFileOfManyPiecesHoldsTheBytesWrittenWholeAndItsChecksum() throws {
    let path = Fixtures.directory() + "/streamed.bin"
    let magic = Array("STREAMED-TEST\n".utf8)
    let headerBytes = magic.count + Snapshot.checksumBytes
    var whole = Snapshot.framedWriter(magic: magic)
    var streamed = Snapshot.framedWriter(magic: magic)
    let file = try StreamedFile(path: path, headerBytes: headerBytes)
    streamed.stream(to: file)
    // Three and a half pieces of records of several lengths.
    var index: Int64 = 0
    while whole.bytes.count < StreamedFile.pieceBytes * 7 / 2 {
      whole.int64(index)
      streamed.int64(index)
      if index % 3 == 0 {
        whole.string("第\(index)笔")
        streamed.string("第\(index)笔")
      }
      streamed.flushIfFull()
      index += 1
    }
    streamed.flush()
    try file.finish(patchOffset: magic.count, patch: Snapshot.checksumField)
    let expected = Snapshot.seal(&whole, magic: magic)
    let written = try XCTUnwrap(FileManager.default.contents(atPath: path))
    XCTAssertEqual(written.count, expected.count)
    XCTAssertTrue(written.elementsEqual(expected), "the streamed file differs from the file encoded whole")
    XCTAssertNoThrow(try Snapshot.unframe(Array(written), magic: magic))
  }

  func testASnapshotWrittenAsItIsEncodedEqualsItsEncodingAndLoads() throws {
    let directory = Fixtures.directory()
    try Ledger.create(path: directory + "/g.jsonl")
    let writer = try LedgerWriter(ledger: Ledger(path: directory + "/g.jsonl"))
    var generator = Generator.small(eventCount: 800, seed: 5)
    generator.run(state: { writer.state }, propose: { if case .staged = writer.stage($0) { true } else { false } })
    try writer.commit()
    let state = writer.state
    writer.close()
    XCTAssertGreaterThan(state.records.count, 700)
    let snapshot = Snapshot(
      state: state, next: LogReader.Start(offset: 0, line: 1, seq: state.lastSeq, digest: state.lastDigest),
      lastLineOffset: 0, firstLineHash: LedgerState.genesisHash)
    let path = directory + "/streamed.snap"
    try snapshot.write(streamingTo: path)
    let written = try XCTUnwrap(FileManager.default.contents(atPath: path))
    XCTAssertEqual(Array(written), snapshot.encode())
    XCTAssertEqual(try Snapshot.decode(Array(written)).state, state)
    // Room left for a tail changes capacities only: the tail is then applied without copying the tables.
    let roomy = try Snapshot.decode(ByteSource(copying: Array(written)), headroomEvents: 500).state
    XCTAssertEqual(roomy, state)
    XCTAssertGreaterThanOrEqual(roomy.records.capacity, state.records.count + 500)
    XCTAssertGreaterThanOrEqual(roomy.lots.capacity, state.lots.count + 500)
    XCTAssertGreaterThanOrEqual(roomy.accounts.values.capacity, state.accounts.count + 500 / 4)
  }
}
