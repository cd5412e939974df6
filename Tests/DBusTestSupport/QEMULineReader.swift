#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads newline-terminated lines from a pipe or socket, giving up at a deadline instead of
/// blocking forever on a peer that stopped talking.
struct QEMULineReader {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var atEnd = false

    init(fd: Int32) {
        self.fd = fd
    }

    /// The next line without its newline; nil at end of input. Throws when `timeout` passes.
    mutating func readLine(timeout: Duration, waitingFor what: @autoclosure () -> String) throws -> String? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            if atEnd {
                if buffer.isEmpty { return nil }
                defer { buffer.removeAll() }
                return String(decoding: buffer, as: UTF8.self)
            }
            guard try QEMUSystemCalls.waitReadable(fd, until: deadline) else {
                throw QEMUHarnessError("timed out after \(timeout) waiting for \(what())")
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                // A peer that exits with unread input resets a socket: treat that as end of input.
                if errno == ECONNRESET { atEnd = true; continue }
                throw QEMUHarnessError("read failed while waiting for \(what()): errno \(errno)")
            }
            if count == 0 { atEnd = true }
            buffer.append(contentsOf: chunk[..<count])
        }
    }
}
