#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The few file-system and process calls the library needs, made on the C library directly.
///
/// The library once reached them through Foundation (`FileManager`, `ProcessInfo`, `Date`, `URL`), and
/// loading Foundation's shared libraries was about 5 ms of every process: half of what a fresh `status`
/// takes. Without them the tool loads only the Swift runtime and Dispatch.
public enum FileSystem {
  /// The names in `directory` (not `.` and `..`), in no particular order; nil if it cannot be read.
  public static func entries(of directory: String) -> [String]? {
    guard let stream = opendir(directory) else { return nil }
    defer { closedir(stream) }
    var names: [String] = []
    while let entry = readdir(stream) {
      let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
        String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }

  /// Whether anything exists at `path`.
  public static func exists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }

  /// Removes the file at `path`; false if it could not.
  @discardableResult
  public static func remove(_ path: String) -> Bool { unlink(path) == 0 }

  /// Creates `path` and any missing directories above it (as `mkdir -p`); a directory already there is
  /// not an error.
  public static func createDirectories(_ path: String) throws {
    let absolute = path.hasPrefix("/")
    var built = absolute ? "/" : ""
    for part in path.split(separator: "/") {
      built += (built.isEmpty || built.hasSuffix("/") ? "" : "/") + part
      if mkdir(built, 0o755) != 0 {
        let error = errno
        guard error == EEXIST else { throw LedgerError.io(path: built, operation: "mkdir", errno: error) }
        // Something is there already: fine if it is a directory, else it is in the way.
        var info = stat()
        guard stat(built, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
          throw LedgerError.io(path: built, operation: "mkdir", errno: ENOTDIR)
        }
      }
    }
  }

  /// The file name of `path` without its directory and without its last extension ("events/x.jsonl"
  /// gives "x"; a name that starts with its only dot keeps it, as ".ledger" does).
  public static func stem(_ path: String) -> String {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
    return String(name[..<dot])
  }

  /// The value of the environment variable `name`, if set.
  public static func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

  /// Now, in whole milliseconds since 1970 (UTC), from the real-time clock.
  public static func nowMillis() -> Int64 {
    var time = timespec()
    clock_gettime(CLOCK_REALTIME, &time)
    return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
  }

  /// All of `path`, read until the end (for files whose size `stat` does not tell, as under `/proc`); nil
  /// if it cannot be opened or read.
  public static func readUntilEnd(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 << 10)
    while true {
      let got = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if got < 0 && errno == EINTR { continue }
      guard got >= 0 else { return nil }
      if got == 0 { return bytes }
      bytes += chunk[0..<got]
    }
  }

  /// The `count` bytes of `path` from `offset`; nil if the file cannot be opened or is shorter.
  public static func read(_ path: String, offset: Int64, count: Int) -> [UInt8]? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var failed = false
    let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
      var done = 0
      while done < count {
        let got = pread(fd, buffer.baseAddress! + done, count - done, off_t(offset) + off_t(done))
        if got < 0 && errno == EINTR { continue }
        guard got > 0 else { break }
        done += got
      }
      initialized = done
      failed = done != count
    }
    return failed ? nil : bytes
  }
}
