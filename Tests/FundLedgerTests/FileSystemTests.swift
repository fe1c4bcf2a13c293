import Foundation
import XCTest

@testable import FundLedger

/// The C-library calls that stand in for Foundation in the library, checked against Foundation itself.
final class FileSystemTests: XCTestCase {
  private var root = ""

  override func setUp() {
    root = NSTemporaryDirectory() + "fundledger-fs-" + UUID().uuidString
  }

  override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

  func testCreateDirectoriesMakesEveryMissingLevelAndAcceptsAnExistingOne() throws {
    let deep = root + "/a/b/c"
    try FileSystem.createDirectories(deep)
    var isDirectory: ObjCBool = false
    XCTAssertTrue(FileManager.default.fileExists(atPath: deep, isDirectory: &isDirectory))
    XCTAssertTrue(isDirectory.boolValue)
    XCTAssertNoThrow(try FileSystem.createDirectories(deep))
    XCTAssertNoThrow(try FileSystem.createDirectories(root + "/a//b/"))
  }

  func testCreateDirectoriesRefusesAFileInTheWay() throws {
    try FileSystem.createDirectories(root)
    let file = root + "/plain"
    XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
    XCTAssertThrowsError(try FileSystem.createDirectories(file + "/below")) { error in
      guard case LedgerError.io(let path, let operation, let code) = error else {
        return XCTFail("unexpected \(error)")
      }
      XCTAssertEqual(path, file, "the error names what is in the way")
      XCTAssertEqual(operation, "mkdir")
      XCTAssertEqual(code, ENOTDIR)
    }
    XCTAssertThrowsError(try FileSystem.createDirectories(file))
  }

  func testEntriesExistsRemoveAndReadAgreeWithFoundation() throws {
    try FileSystem.createDirectories(root)
    let names = ["x-0000000001.snap", "x-0000000002.summary", "账本.jsonl", ".hidden"]
    for name in names {
      XCTAssertTrue(FileManager.default.createFile(atPath: root + "/" + name, contents: Data(name.utf8)))
    }
    XCTAssertEqual(Set(try XCTUnwrap(FileSystem.entries(of: root))), Set(names))
    XCTAssertEqual(
      Set(try XCTUnwrap(FileSystem.entries(of: root))),
      Set(try FileManager.default.contentsOfDirectory(atPath: root)))
    XCTAssertNil(FileSystem.entries(of: root + "/missing"))

    let chinese = root + "/账本.jsonl"
    XCTAssertTrue(FileSystem.exists(chinese))
    XCTAssertEqual(FileSystem.read(chinese, offset: 3, count: 3), Array("本".utf8))
    XCTAssertNil(FileSystem.read(chinese, offset: 3, count: 100), "a read past the end is refused, not cut short")
    XCTAssertNil(FileSystem.read(root + "/missing", offset: 0, count: 1))
    XCTAssertTrue(FileSystem.remove(chinese))
    XCTAssertFalse(FileSystem.exists(chinese))
    XCTAssertFalse(FileSystem.remove(chinese))
  }

  func testReadUntilEndReadsFilesWhoseSizeIsNotKnown() throws {
    // /proc files report a size of 0; the CPU check reads /proc/cpuinfo this way.
    let cpuinfo = try XCTUnwrap(FileSystem.readUntilEnd("/proc/cpuinfo"))
    XCTAssertTrue(String(decoding: cpuinfo, as: UTF8.self).contains("processor"))
    try FileSystem.createDirectories(root)
    let big = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    XCTAssertTrue(FileManager.default.createFile(atPath: root + "/big", contents: Data(big)))
    XCTAssertEqual(FileSystem.readUntilEnd(root + "/big"), big)
    XCTAssertNil(FileSystem.readUntilEnd(root + "/missing"))
  }

  func testStemIsTheFileNameWithoutItsLastExtension() {
    XCTAssertEqual(FileSystem.stem("events/national-2023.jsonl"), "national-2023")
    XCTAssertEqual(FileSystem.stem("/tmp/b/n10m.jsonl"), "n10m")
    XCTAssertEqual(FileSystem.stem("ledger"), "ledger")
    XCTAssertEqual(FileSystem.stem("a.b.jsonl"), "a.b")
    XCTAssertEqual(FileSystem.stem("dir.d/ledger"), "ledger")
    XCTAssertEqual(FileSystem.stem(".ledger"), ".ledger")
    XCTAssertEqual(FileSystem.stem("账本.jsonl"), "账本")
    for path in ["events/national-2023.jsonl", "/tmp/b/n10m.jsonl", "ledger", "a.b.jsonl", "dir.d/ledger"] {
      XCTAssertEqual(
        FileSystem.stem(path), URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent, path)
    }
  }

  func testNowAndTheEnvironmentAgreeWithFoundation() {
    let before = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    let now = FileSystem.nowMillis()
    let after = Int64((Date().timeIntervalSince1970 * 1000).rounded(.up))
    XCTAssertLessThanOrEqual(before, now)
    XCTAssertLessThanOrEqual(now, after)
    setenv("FUNDLEDGER_FS_TEST", "值 1", 1)
    XCTAssertEqual(FileSystem.environment("FUNDLEDGER_FS_TEST"), "值 1")
    unsetenv("FUNDLEDGER_FS_TEST")
    XCTAssertNil(FileSystem.environment("FUNDLEDGER_FS_TEST"))
  }
}
