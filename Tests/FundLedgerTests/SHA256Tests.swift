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

  /// The engines this machine can run: always the portable one, and the SHA instructions where the CPU has them.
  private var engines: [SHA256Engine] {
    SHA256Engine.instructionsAvailable ? [.portable, .instructions] : [.portable]
  }

  func testEveryEngineGivesTheNISTDigests() {
    let vectors: [(String, String)] = [
      ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
      ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
      (
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
      ),
      (String(repeating: "a", count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ]
    for engine in engines {
      for (message, digest) in vectors {
        let bytes = Array(message.utf8)
        let oneShot = [UInt8](unsafeUninitializedCapacity: 32) { out, count in
          bytes.withUnsafeBytes { SHA256.hash($0, into: UnsafeMutableRawPointer(out.baseAddress!), engine: engine) }
          count = 32
        }
        XCTAssertEqual(Hex.encode(oneShot), digest, "\(engine) one-shot, \(bytes.count) bytes")
        var hasher = SHA256(engine: engine)
        hasher.update(bytes.prefix(bytes.count / 3))
        hasher.update(bytes.dropFirst(bytes.count / 3))
        XCTAssertEqual(Hex.encode(hasher.finalize()), digest, "\(engine) streaming, \(bytes.count) bytes")
      }
    }
  }

  /// The SHA instructions agree with the portable code on every length around block and padding edges and on
  /// runs of many blocks, so a mistake in one lane of one round cannot hide behind the four NIST messages.
  func testTheInstructionsAgreeWithThePortableCodeOnRandomMessages() throws {
    guard SHA256Engine.instructionsAvailable else {
      throw XCTSkip("this CPU has no SHA instructions; the portable code is checked by the other tests")
    }
    var generator = SplitMix64(seed: 11)
    let data = (0..<5000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    func digest(_ bytes: ArraySlice<UInt8>, _ engine: SHA256Engine) -> [UInt8] {
      [UInt8](unsafeUninitializedCapacity: 32) { out, count in
        bytes.withUnsafeBytes { SHA256.hash($0, into: UnsafeMutableRawPointer(out.baseAddress!), engine: engine) }
        count = 32
      }
    }
    for length in Array(0...260) + [511, 512, 513, 1000, 4095, 4096, 5000] {
      let start = length % 7
      let slice = data[start..<min(data.count, start + length)]
      XCTAssertEqual(digest(slice, .instructions), digest(slice, .portable), "length \(slice.count)")
    }
  }

  func testTheCPUCheckNeedsEveryFlagTheModuleWasBuiltFor() {
    let full = "processor\t: 0\nflags\t\t: fpu sse2 ssse3 sse4_1 sse4_2 movbe popcnt avx sha_ni\nbogomips\t: 1\n"
    XCTAssertTrue(SHA256Engine.cpuHasFeatures(cpuinfo: full))
    XCTAssertFalse(SHA256Engine.cpuHasFeatures(cpuinfo: full.replacingOccurrences(of: " sha_ni", with: "")))
    XCTAssertFalse(SHA256Engine.cpuHasFeatures(cpuinfo: full.replacingOccurrences(of: "sse4_1 ", with: "")))
    XCTAssertFalse(SHA256Engine.cpuHasFeatures(cpuinfo: "processor\t: 0\n"))
    // A flag that merely starts like a required one does not count.
    XCTAssertFalse(SHA256Engine.cpuHasFeatures(cpuinfo: "flags : ssse3 sse4_1 sse4_2 movbe popcnt sha_nix\n"))
  }
}
