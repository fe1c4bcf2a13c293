#if canImport(Glibc)
  import Glibc
#endif

/// The process-level pieces the executable needs: environment, standard input, writing output.
public enum ProcessEnvironment {
  public static var current: [String: String] {
    var out: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
      let text = String(cString: entry)
      if let equals = text.firstIndex(of: "=") {
        out[String(text[..<equals])] = String(text[text.index(after: equals)...])
      }
      pointer += 1
    }
    return out
  }

  public static func readStandardInput() -> [UInt8] {
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress!, $0.count) }
      if count < 0 && errno == EINTR { continue }
      if count <= 0 { break }
      out.append(contentsOf: chunk[0..<count])
    }
    return out
  }

  public static func write(_ text: String, to fd: Int32) {
    var bytes = Array(text.utf8)
    var done = 0
    while done < bytes.count {
      let count = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
      if count < 0 && errno == EINTR { continue }
      if count <= 0 { break }
      done += count
    }
  }
}
