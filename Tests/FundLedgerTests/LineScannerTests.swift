import XCTest

@testable import FundLedger

/// The chunked, pipelined line scanner against a plain split of the same bytes.
final class LineScannerTests: XCTestCase {
  /// Lines of many lengths (empty, short, longer than a chunk), read in chunks far smaller than the file so
  /// lines straddle chunk boundaries: every line, offset and hash is what a plain split and a one-line
  /// SHA-256 give.
  func testSmallChunksGiveTheSameLinesOffsetsAndHashes() throws {
    var random = SplitMix64(seed: 3)
    var lines: [[UInt8]] = []
    for index in 0..<2_000 {
      let length = index % 97 == 0 ? 0 : Int(random.next() % (index % 50 == 0 ? 3_000 : 120))
      lines.append((0..<length).map { _ in UInt8(0x20 + random.next() % 90) })
    }
    let path = F.directory() + "/lines.txt"
    let file: [UInt8] = lines.flatMap { $0 + [UInt8(0x0A)] }
    XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(file)))
    for chunkBytes in [61, 1_000, 4_096, 1 << 20] {
      for hashLines in [false, true] {
        var seen: [(Int, Int64, [UInt8], [UInt8]?)] = []
        try LineScanner.scan(path: path, hashLines: hashLines, chunkBytes: chunkBytes) { item in
          guard case .line(let number, let offset, let bytes, let hash) = item else {
            XCTFail("\(item)")
            return false
          }
          seen.append((number, offset, Array(bytes), hash.map { Array($0) }))
          return true
        }
        XCTAssertEqual(seen.count, lines.count, "chunk \(chunkBytes)")
        var offset: Int64 = 0
        for (index, (number, at, bytes, hash)) in seen.enumerated() {
          XCTAssertEqual(number, index + 1)
          XCTAssertEqual(at, offset)
          XCTAssertEqual(bytes, lines[index])
          XCTAssertEqual(hash, hashLines ? SHA256.hash(lines[index]) : nil)
          offset += Int64(lines[index].count + 1)
        }
      }
    }
  }

  /// Stopping early, a torn tail after many chunks, and a scan started from an offset.
  func testStopTornTailAndStartOffset() throws {
    let path = F.directory() + "/lines.txt"
    let lines = (0..<500).map { Array("line \($0) ".utf8) + Array(repeating: UInt8(0x61), count: $0 % 37) }
    XCTAssertTrue(
      FileManager.default.createFile(atPath: path, contents: Data(lines.flatMap { $0 + [0x0A] } + Array("torn".utf8))))
    var count = 0
    try LineScanner.scan(path: path, hashLines: true, chunkBytes: 100) { _ in
      count += 1
      return count < 250
    }
    XCTAssertEqual(count, 250)
    var last: LineScanner.Item?
    var lineCount = 0
    try LineScanner.scan(path: path, hashLines: true, chunkBytes: 100) { item in
      if case .line = item { lineCount += 1 } else { last = item }
      return true
    }
    XCTAssertEqual(lineCount, 500)
    let tailOffset = Int64(lines.map { $0.count + 1 }.reduce(0, +))
    guard case .tornTail(let number, let offset, let bytes)? = last else {
      return XCTFail("\(String(describing: last))")
    }
    XCTAssertEqual(number, 501)
    XCTAssertEqual(offset, tailOffset)
    XCTAssertEqual(bytes, 4)
    let start = Int64(lines[0..<10].map { $0.count + 1 }.reduce(0, +))
    var first: [UInt8]?
    try LineScanner.scan(path: path, offset: start, firstLine: 11, chunkBytes: 100) { item in
      if case .line(let number, _, let bytes, _) = item {
        XCTAssertEqual(number, 11)
        first = Array(bytes)
      }
      return false
    }
    XCTAssertEqual(first, lines[10])
  }

  /// What a worker prepares reaches `body` with its own line, in order, across chunks; stopping early
  /// and throwing leave nothing behind (prepared values not handed out are destroyed).
  func testPreparedValuesArriveWithTheirLines() throws {
    struct Copy: LinePreparer {
      var count = 0
      init() {}
      mutating func prepare(line: UnsafeRawBufferPointer, hash: UnsafeRawBufferPointer) -> ([UInt8], [UInt8]) {
        count += 1
        return (Array(line), Array(hash))
      }
    }
    let path = F.directory() + "/lines.txt"
    let lines = (0..<3_000).map { Array("行 \($0) ".utf8) + Array(repeating: UInt8(0x62), count: $0 % 53) }
    XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(lines.flatMap { $0 + [0x0A] })))
    var seen = 0
    // Reads of 777 bytes: a chunk's lines are those whose newline the read brought in.
    var newlines: [Int] = []
    var end = 0
    for line in lines {
      end += line.count + 1
      newlines.append(end - 1)
    }
    let lastOfChunk = Set(
      newlines.indices.filter { $0 == newlines.count - 1 || newlines[$0] / 777 != newlines[$0 + 1] / 777 }.map {
        $0 + 1
      })
    try LineScanner.scan(path: path, hashLines: true, chunkBytes: 777, preparer: Copy.self) { item, handed in
      guard case .line(let number, _, let bytes, let hash) = item, let handed else {
        XCTFail("\(item)")
        return false
      }
      // The value is handed where it lies, and the last line of each chunk says so.
      XCTAssertEqual(handed.isLastOfChunk, lastOfChunk.contains(number))
      let prepared = handed.pointer.move()
      XCTAssertEqual(prepared.0, Array(bytes))
      XCTAssertEqual(prepared.0, lines[number - 1])
      XCTAssertEqual(prepared.1, Array(hash!))
      seen += 1
      return true
    }
    XCTAssertEqual(seen, 3_000)
    struct Stop: Error {}
    seen = 0
    XCTAssertThrowsError(
      try LineScanner.scan(path: path, hashLines: true, chunkBytes: 5_000, preparer: Copy.self) { _, handed in
        handed?.pointer.deinitialize(count: 1)
        seen += 1
        if seen == 100 { throw Stop() }
        return true
      })
    seen = 0
    try LineScanner.scan(path: path, hashLines: true, chunkBytes: 5_000, preparer: Copy.self) { _, handed in
      handed?.pointer.deinitialize(count: 1)
      seen += 1
      return seen < 1_500
    }
    XCTAssertEqual(seen, 1_500)
  }

  /// The sequential pass sees every chunk once, in file order, after its workers and before `body`, and
  /// what it changes is what `body` gets: a running count it keeps numbers the lines as the file does.
  func testSequentialPassRunsInFileOrderBeforeBody() throws {
    struct Length: LinePreparer {
      init() {}
      mutating func prepare(line: UnsafeRawBufferPointer, hash: UnsafeRawBufferPointer) -> Int { line.count }
    }
    final class Pass: @unchecked Sendable {
      var linesSeen = 0
      var chunks = 0
    }
    let path = F.directory() + "/lines.txt"
    let lines = (0..<4_000).map { Array(repeating: UInt8(0x61), count: 1 + $0 % 37) }
    XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(lines.flatMap { $0 + [0x0A] })))
    for chunkBytes in [300, 4_096] {
      let pass = Pass()
      var seen = 0
      try LineScanner.scan(
        path: path, hashLines: true, chunkBytes: chunkBytes, preparer: Length.self,
        sequence: { values in
          pass.chunks += 1
          for index in values.indices {
            // The line's length, and its number as counted by the pass alone.
            values[index] = values[index] * 1_000_000 + pass.linesSeen + 1
            pass.linesSeen += 1
          }
        }
      ) { item, handed in
        guard case .line(let number, _, let bytes, _) = item, let handed else {
          XCTFail("\(item)")
          return false
        }
        XCTAssertEqual(handed.pointer.move(), bytes.count * 1_000_000 + number)
        seen += 1
        return true
      }
      XCTAssertEqual(seen, lines.count)
      XCTAssertEqual(pass.linesSeen, lines.count)
      XCTAssertGreaterThan(pass.chunks, 10, "chunk \(chunkBytes)")
    }
  }

  typealias F = Fixtures
}
