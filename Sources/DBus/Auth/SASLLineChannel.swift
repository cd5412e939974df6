#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Line-oriented, blocking I/O on a socket for the authentication handshake, run on a
/// dedicated thread. The peer is untrusted: lines are limited in length and count, must be
/// ASCII, and every read has a deadline.
struct SASLLineChannel {
    /// Longer than any legitimate command (a hex-encoded EXTERNAL identity is tiny).
    static let maximumLineLength = 16 * 1024
    /// More commands than any real handshake needs; a peer that keeps talking is cut off.
    static let maximumLines = 64

    let fd: Int32
    let deadline: Double
    /// Bytes read past the last line; after BEGIN they are the start of the message stream.
    private(set) var buffered: [UInt8] = []
    private var linesRead = 0

    init(fd: Int32, timeout: Double) {
        self.fd = fd
        self.deadline = MonotonicClock.seconds() + timeout
    }

    /// Hands out the bytes read past the handshake.
    mutating func takeBuffered() -> [UInt8] {
        defer { buffered = [] }
        return buffered
    }

    func write(_ line: String) throws(DBusConnectionError) {
        try writeBytes(Array((line + "\r\n").utf8))
    }

    func writeBytes(_ bytes: [UInt8]) throws(DBusConnectionError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                SocketCalls.retryingEINTR { send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL)) }
            }
            if written < 0 {
                if errno == EAGAIN { try waitFor(Int16(POLLOUT)); continue }
                throw .authenticationFailed("cannot write to the peer: \(SystemError("send"))")
            }
            offset += written
        }
    }

    /// Reads one byte (the NUL the client sends first).
    mutating func readByte() throws(DBusConnectionError) -> UInt8 {
        while buffered.isEmpty { try fill() }
        return buffered.removeFirst()
    }

    /// Reads one `\r\n`-terminated line and returns it without the terminator.
    mutating func readLine() throws(DBusConnectionError) -> String {
        linesRead += 1
        guard linesRead <= Self.maximumLines else {
            throw .authenticationFailed("the peer sent more than \(Self.maximumLines) authentication lines")
        }
        var searchFrom = 0
        while true {
            if let end = findCRLF(from: searchFrom) {
                let lineBytes = Array(buffered[..<end])
                buffered.removeSubrange(..<(end + 2))
                guard lineBytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
                    throw .authenticationFailed("the peer sent a non-ASCII or control byte in an authentication line")
                }
                return String(decoding: lineBytes, as: UTF8.self)
            }
            searchFrom = max(0, buffered.count - 1)
            guard buffered.count <= Self.maximumLineLength else {
                throw .authenticationFailed("the peer sent an authentication line longer than \(Self.maximumLineLength) bytes")
            }
            try fill()
        }
    }

    private func findCRLF(from start: Int) -> Int? {
        guard buffered.count >= 2 else { return nil }
        var index = start
        while index + 1 < buffered.count {
            if buffered[index] == 13 && buffered[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }

    private mutating func fill() throws(DBusConnectionError) {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { raw in
                SocketCalls.retryingEINTR { recv(fd, raw.baseAddress, raw.count, 0) }
            }
            if count > 0 {
                buffered.append(contentsOf: chunk[..<count])
                return
            }
            if count == 0 { throw .authenticationFailed("the peer closed the connection during authentication") }
            if errno == EAGAIN || errno == EWOULDBLOCK {
                try waitFor(Int16(POLLIN))
                continue
            }
            throw .authenticationFailed("cannot read from the peer: \(SystemError("recv"))")
        }
    }

    private func waitFor(_ events: Int16) throws(DBusConnectionError) {
        while true {
            let left = deadline - MonotonicClock.seconds()
            guard left > 0 else { throw .authenticationFailed("the peer did not complete authentication in time") }
            var pfd = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&pfd, 1, PollTimeout.milliseconds(left))
            if ready > 0 { return }
            if ready < 0 && errno != EINTR {
                throw .authenticationFailed("cannot wait for the peer: \(SystemError("poll"))")
            }
        }
    }
}

/// Hex encoding as the SASL profile uses it (lowercase on output, either case on input).
enum SASLHex {
    static func encode(_ text: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 { out += [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]] }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ hex: String) -> [UInt8]? {
        let bytes = Array(hex.utf8)
        guard bytes.count % 2 == 0 else { return nil }
        func value(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 48...57: byte - 48
            case 97...102: byte - 87
            case 65...70: byte - 55
            default: nil
            }
        }
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let high = value(bytes[index]), let low = value(bytes[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }
}
