#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads newline-terminated lines from a pipe with a deadline, so a silent child process turns
/// into a test failure instead of a hang.
final class LineReader: @unchecked Sendable {
    private let fd: Int32
    private var pending: [UInt8] = []
    private var reachedEnd = false

    init(fd: Int32) { self.fd = fd }

    /// The next line without its newline, or nil at end of stream.
    /// - Throws: `HarnessError.timedOut` when no full line arrives within `timeout` seconds.
    func readLine(timeout: Double, what: String) throws -> String? {
        let deadline = monotonicSeconds() + timeout
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            if reachedEnd {
                if pending.isEmpty { return nil }
                defer { pending.removeAll() }
                return String(decoding: pending, as: UTF8.self)
            }
            let remaining = deadline - monotonicSeconds()
            if remaining <= 0 { throw HarnessError.timedOut(what) }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, Int32(min(remaining * 1000, 60_000)) + 1)
            if ready < 0 {
                if errno == EINTR { continue }
                throw HarnessError.io("poll on \(what): errno \(errno)")
            }
            if ready == 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw HarnessError.io("read from \(what): errno \(errno)")
            }
            if count == 0 { reachedEnd = true } else { pending.append(contentsOf: chunk[..<count]) }
        }
    }
}

func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// Failures of the test harness itself (not of the code under test).
public enum HarnessError: Error, CustomStringConvertible {
    case timedOut(String)
    case io(String)
    case processFailed(String)

    public var description: String {
        switch self {
        case .timedOut(let what): return "timed out waiting for \(what)"
        case .io(let message): return message
        case .processFailed(let message): return message
        }
    }
}
