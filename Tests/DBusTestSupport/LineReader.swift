import DBus
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads newline-terminated lines from a pipe or socket with a deadline, so a child process or
/// peer that stops talking turns into a test failure instead of a hang.
final class LineReader: @unchecked Sendable {
    private let fd: Int32
    private var pending: [UInt8] = []
    private var reachedEnd = false

    init(fd: Int32) { self.fd = fd }

    /// The next line without its newline, or nil at end of input.
    /// - Throws: `HarnessError` when no full line arrives within `timeout` seconds.
    func readLine(timeout: Double, what: @autoclosure () -> String) throws -> String? {
        let deadline = MonotonicClock.seconds() + timeout
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
            try readMore(before: deadline, timeout: timeout, what: what())
        }
    }

    /// Everything up to the end of input, exactly as written (newlines included).
    /// - Throws: `HarnessError` when the input has not ended within `timeout` seconds.
    func readToEnd(timeout: Double, what: @autoclosure () -> String) throws -> String {
        let deadline = MonotonicClock.seconds() + timeout
        while !reachedEnd { try readMore(before: deadline, timeout: timeout, what: what()) }
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    /// Waits until input is readable (or the deadline passes) and appends what one read returns.
    private func readMore(before deadline: Double, timeout: Double, what: @autoclosure () -> String) throws {
        let remaining = deadline - MonotonicClock.seconds()
        if remaining <= 0 { throw HarnessError("timed out after \(timeout) s waiting for \(what())") }
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&pfd, 1, PollTimeout.milliseconds(remaining))
        if ready < 0 {
            if errno == EINTR { return }
            throw HarnessError("poll while waiting for \(what()): errno \(errno)")
        }
        if ready == 0 { return }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR || errno == EAGAIN { return }
            // A peer that exits with unread input resets a socket: that is the end of input.
            if errno == ECONNRESET { reachedEnd = true; return }
            throw HarnessError("read while waiting for \(what()): errno \(errno)")
        }
        if count == 0 { reachedEnd = true } else { pending.append(contentsOf: chunk[..<count]) }
    }
}

extension Duration {
    /// The duration in seconds, for the harness's Double deadlines.
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// A failure of the test harness itself (not of the code under test): a process that did not
/// start, did not answer in time, or answered with an error. The description says which step
/// failed and what was seen.
public struct HarnessError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }

}
