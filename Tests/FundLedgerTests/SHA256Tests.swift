import XCTest

@testable import FundLedger

/// NIST FIPS 180-4 example vectors (and the one-million-'a' long message).
final class SHA256Tests: XCTestCase {
  func testNISTVectors() {
    XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    XCTAssertEqual(SHA256.hex([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    XCTAssertEqual(
      SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    XCTAssertEqual(
      SHA256.hex(
        Array(
          "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
            .utf8)),
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    XCTAssertEqual(
      SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  func testTheOneShotPathMatchesTheVectorsAndEveryTailLength() {
    func oneShot(_ bytes: [UInt8]) -> String { Hex.encode(bytes.withUnsafeBytes { SHA256.hash($0) }) }
    XCTAssertEqual(oneShot(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    XCTAssertEqual(oneShot([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    XCTAssertEqual(
      oneShot([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    var generator = SplitMix64(seed: 3)
    let data = (0..<300).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    for length in 0...300 {
      XCTAssertEqual(oneShot(Array(data[0..<length])), SHA256.hex(data[0..<length]), "length \(length)")
    }
  }

  func testIncrementalUpdatesMatchOneShot() {
    var generator = SplitMix64(seed: 7)
    let data = (0..<1000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    for split in [0, 1, 55, 56, 63, 64, 65, 128, 999] {
      var hasher = SHA256()
      hasher.update(data[0..<split])
      hasher.update(data[split...])
      XCTAssertEqual(hasher.finalize(), SHA256.hash(data), "split at \(split)")
    }
  }
}
