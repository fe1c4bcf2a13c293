import Foundation
import XCTest

@testable import FundLedger

/// Reading snapshots in place: a mapped file reads as its bytes do, also after its pages are let go.
final class ByteReaderTests: XCTestCase {
  func testMappedFileReadsAsItsBytesAndAgainAfterItsPagesAreLetGo() throws {
    var writer = ByteWriter()
    for i in 0..<200_000 {
      writer.int64(Int64(i) * 1_000_003 - 7)
      writer.int32(Int32(truncatingIfNeeded: i &* 31))
      if i % 1_000 == 0 { writer.string("第\(i)行") }
    }
    let path = NSTemporaryDirectory() + "fundledger-bytes-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: path) }
    XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(writer.bytes)))
    let file = try XCTUnwrap(MappedFile(path: path))
    var mapped = ByteReader(ByteSource(mapped: file))
    mapped.releaseBytesMin = 4_096
    var copied = ByteReader(writer.bytes)
    for i in 0..<200_000 {
      XCTAssertEqual(try mapped.int64(), try copied.int64())
      XCTAssertEqual(try mapped.int32(), try copied.int32())
      if i % 1_000 == 0 {
        XCTAssertEqual(try mapped.string(), "第\(i)行")
        _ = try copied.string()
      }
      mapped.releaseRead()
    }
    XCTAssertEqual(mapped.index, writer.bytes.count)
    XCTAssertThrowsError(try mapped.int32())
    // Pages let go are mapped again from the page cache when read again.
    var again = ByteReader(mapped.source)
    XCTAssertEqual(try again.int64(), -7)
    XCTAssertEqual(Array(mapped.bytes), writer.bytes)
  }

  func testUnframeRefusesADamagedMappedSnapshot() throws {
    var writer = Snapshot.framedWriter(magic: Snapshot.magic)
    writer.int64(42)
    let framed = Snapshot.seal(&writer, magic: Snapshot.magic)
    var damaged = framed
    damaged[damaged.count - 1] ^= 0x01
    for (bytes, refusal) in [(framed, nil), (damaged, Snapshot.Refusal.damaged)] as [([UInt8], Snapshot.Refusal?)] {
      let path = NSTemporaryDirectory() + "fundledger-frame-" + UUID().uuidString
      defer { try? FileManager.default.removeItem(atPath: path) }
      XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
      let source = ByteSource(mapped: try XCTUnwrap(MappedFile(path: path)))
      do {
        var reader = try Snapshot.unframe(source, magic: Snapshot.magic)
        XCTAssertNil(refusal)
        XCTAssertEqual(try reader.int64(), 42)
      } catch {
        XCTAssertEqual(error, refusal)
      }
    }
  }
}
