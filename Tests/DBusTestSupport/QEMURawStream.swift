import DBus

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A raw byte stream on a socket (a QEMU dbus chardev after `Chardev.Register`), read with
/// deadlines.
public final class QEMURawStream {
    private let fd: Int32
    private var received: [UInt8] = []

    /// Takes ownership of `fd`.
    public init(socket fd: Int32) {
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    /// Reads until the text received so far contains `marker`; returns all of it.
    public func read(until marker: String, timeout: Duration = .seconds(30)) throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let text = String(decoding: received, as: UTF8.self)
            if text.contains(marker) { return text }
            guard try QEMUSystemCalls.waitReadable(fd, until: deadline) else {
                throw HarnessError("timed out waiting for '\(marker)'; got \(received.count) bytes: \(text.prefix(200))")
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw HarnessError("the stream closed before '\(marker)' arrived") }
            received.append(contentsOf: chunk[..<count])
        }
    }

    /// Writes `text` as UTF-8.
    public func write(_ text: String) throws {
        try SocketCalls.sendAll(fd, Array(text.utf8))
    }
}

/// read(2), named apart from `QEMURawStream.read(until:)`.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
