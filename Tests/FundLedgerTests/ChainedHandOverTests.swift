import Foundation
import XCTest

@testable import FundLedger

/// The reader hands each line on from where its worker decoded it, except the last line of each chunk,
/// which waits for the next chunk moved out: whatever the chunk size, the same frames come out, damage is
/// found at the same line, and a read stopped or failed anywhere reports where.
final class ChainedHandOverTests: XCTestCase {
  typealias F = Fixtures

  /// What a frame says, as a comparable row.
  struct Row: Equatable {
    var line: Int
    var offset: Int64
    var endOffset: Int64
    var digest: Digest
    var id: String
    var seq: Int64?
    var amountFen: Int64?
    var from: Int32?
    var to: Int32?
    var program: Int32?
  }

  func rows(_ path: String, chunkBytes: Int, mirror: Bool = true) throws -> ([Row], LogReader.Summary) {
    var rows: [Row] = []
    let summary = try LogReader.read(
      path: path, resolvingNames: mirror ? NameMirror(LedgerState()) : nil, chunkBytes: chunkBytes
    ) { frame, _ in
      rows.append(
        Row(
          line: frame.line, offset: frame.offset, endOffset: frame.endOffset, digest: frame.digest, id: frame.event.id,
          seq: frame.event.seq, amountFen: frame.event.amountFen, from: frame.resolved?.from, to: frame.resolved?.to,
          program: frame.resolved?.program))
      return true
    }
    return (rows, summary)
  }

  func generated(_ count: Int, seed: UInt64) throws -> Ledger {
    var generator = Generator.small(eventCount: count, seed: seed)
    var built = LedgerState()
    return try F.ledger(generator.events(into: &built))
  }

  func testFramesAreTheSameWhateverTheChunkSize() throws {
    let ledger = try generated(1_500, seed: 3)
    let (whole, wholeSummary) = try rows(ledger.path, chunkBytes: LineScanner.chunkBytesDefault)
    XCTAssertEqual(whole.map(\.line), Array(1...whole.count))
    XCTAssertEqual(whole.last?.endOffset, Int64(FileManager.default.contents(atPath: ledger.path)!.count))
    XCTAssertGreaterThan(whole.filter { $0.to != nil }.count, 1_000)
    // 300 bytes is about a line a chunk: nearly every line is the last of its chunk.
    for chunkBytes in [300, 777, 5_000, 64 << 10] {
      let (chunked, summary) = try rows(ledger.path, chunkBytes: chunkBytes)
      XCTAssertEqual(chunked, whole, "chunk \(chunkBytes)")
      XCTAssertEqual(summary, wholeSummary, "chunk \(chunkBytes)")
    }
    // Without a name pass, the same frames with no numbers.
    let (plain, _) = try rows(ledger.path, chunkBytes: 777, mirror: false)
    XCTAssertEqual(plain.map(\.digest), whole.map(\.digest))
    XCTAssertTrue(plain.allSatisfy { $0.from == nil && $0.to == nil })
  }

  func testAChangedLineIsFoundWhereverItFallsInAChunk() throws {
    let ledger = try generated(120, seed: 5)
    let original = Array(FileManager.default.contents(atPath: ledger.path)!)
    let lineStarts = [0] + original.indices.filter { original[$0] == 0x0A }.map { $0 + 1 }
    let lineCount = lineStarts.count - 1
    let marker = Array(#""id":""#.utf8)
    for changed in [1, 2, 7, 30, 59, 60, 61, lineCount - 1] {
      var data = original
      let start = lineStarts[changed - 1]
      let idAt = (start..<lineStarts[changed]).first { Array(data[$0..<($0 + marker.count)]) == marker }! + marker.count
      // Another letter in the id: still a valid line, no longer the bytes the next line's `prev` hashed.
      data[idAt] = data[idAt] == UInt8(ascii: "q") ? UInt8(ascii: "r") : UInt8(ascii: "q")
      FileManager.default.createFile(atPath: ledger.path, contents: Data(data))
      for chunkBytes in [300, 2_000, LineScanner.chunkBytesDefault] {
        var handed: [Int] = []
        XCTAssertThrowsError(
          try LogReader.read(path: ledger.path, resolvingNames: nil, chunkBytes: chunkBytes) { frame, _ in
            handed.append(frame.line)
            return true
          }
        ) { error in
          guard case .hashMismatch(let line, _, _)? = error as? LedgerError else {
            return XCTFail("line \(changed), chunk \(chunkBytes): \(error)")
          }
          XCTAssertEqual(line, changed, "chunk \(chunkBytes)")
        }
        // The changed line itself is never handed on.
        XCTAssertEqual(handed, Array(1..<changed), "line \(changed), chunk \(chunkBytes)")
      }
    }
  }

  func testAReadStoppedOrFailedAtAnyLineSaysWhere() throws {
    let ledger = try generated(80, seed: 7)
    let (all, _) = try rows(ledger.path, chunkBytes: LineScanner.chunkBytesDefault)
    struct Stop: Error {}
    for chunkBytes in [300, 1_500] {
      for stopAt in 1...all.count {
        var seen = 0
        let summary = try LogReader.read(path: ledger.path, resolvingNames: nil, chunkBytes: chunkBytes) { frame, _ in
          seen += 1
          return frame.line < stopAt
        }
        XCTAssertEqual(seen, stopAt)
        XCTAssertEqual(summary.lastLine, stopAt, "chunk \(chunkBytes)")
        XCTAssertEqual(summary.linesRead, stopAt)
        XCTAssertEqual(summary.lastDigest, all[stopAt - 1].digest)
        XCTAssertEqual(summary.endOffset, all[stopAt - 1].endOffset)
        // `body` said stop, at the last line too.
        XCTAssertTrue(summary.stoppedEarly, "chunk \(chunkBytes), line \(stopAt)")

        seen = 0
        XCTAssertThrowsError(
          try LogReader.read(path: ledger.path, resolvingNames: nil, chunkBytes: chunkBytes) { frame, _ in
            seen += 1
            if frame.line == stopAt { throw Stop() }
            return true
          }
        ) { XCTAssertTrue($0 is Stop) }
        XCTAssertEqual(seen, stopAt)
      }
    }
  }
}
