public import DBus

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bare peer-to-peer D-Bus connection over a connected stream socket, acting as the
/// authentication client, for talking to QEMU from Swift before the runtime's own connection
/// type exists. It only does what the QEMU flows need: SASL EXTERNAL, sending messages (with
/// descriptors) and reading whole messages with a deadline. Incoming descriptors are not read.
public final class QEMUPrototypeConnection {
    private let fd: Int32
    private var nextSerial: UInt32 = 1
    private var buffer: [UInt8] = []

    /// Takes ownership of `fd`, a connected AF_UNIX stream socket.
    public init(socket fd: Int32) {
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    /// Connects to a bus at a `unix:path=...` address (as `PrivateBus` prints), authenticates
    /// and says Hello.
    /// - Returns: the connection and the unique name the bus assigned.
    public static func connect(toBus address: String) throws -> (connection: QEMUPrototypeConnection, uniqueName: String) {
        guard address.hasPrefix("unix:"),
              let path = address.dropFirst(5).split(separator: ",").first(where: { $0.hasPrefix("path=") })?.dropFirst(5)
        else {
            throw HarnessError("only unix:path= bus addresses are supported, got '\(address)'")
        }
        let connection = QEMUPrototypeConnection(socket: try SocketCalls.connectUnix(path: String(path), abstract: false))
        try connection.authenticate()
        let hello = Message.methodCall(
            destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus", member: "Hello")
        let reply = try connection.reply(to: try connection.send(hello))
        guard reply.type == .methodReturn else { throw HarnessError("Hello failed: \(String(describing: reply.dbusError))") }
        return (connection, try reply.decodeBody(as: String.self))
    }

    /// A connected socket pair for handing one end to QEMU; the caller owns both descriptors.
    public static func socketPair() throws -> (ours: Int32, theirs: Int32) {
        try SocketCalls.socketPair()
    }

    /// Runs the client side of the SASL exchange: EXTERNAL with our uid, then Unix fd passing.
    /// - Returns: the server's GUID.
    @discardableResult
    public func authenticate(timeout: Duration = .seconds(10)) throws -> String {
        let uid = String(getuid())
        let hexUID = uid.utf8.map { String($0, radix: 16) }.joined()
        try SocketCalls.sendAll(fd, Array("\0AUTH EXTERNAL \(hexUID)\r\n".utf8))
        let ok = try readAuthLine(timeout: timeout)
        guard ok.hasPrefix("OK ") else { throw HarnessError("server rejected EXTERNAL authentication: '\(ok)'") }
        try SocketCalls.sendAll(fd, Array("NEGOTIATE_UNIX_FD\r\n".utf8))
        let agree = try readAuthLine(timeout: timeout)
        guard agree == "AGREE_UNIX_FD" else { throw HarnessError("server refused Unix fd passing: '\(agree)'") }
        try SocketCalls.sendAll(fd, Array("BEGIN\r\n".utf8))
        return String(ok.dropFirst(3))
    }

    /// Sends `message` with the next serial; its descriptors go along as SCM_RIGHTS.
    /// - Returns: the serial used.
    @discardableResult
    public func send(_ message: Message) throws -> UInt32 {
        let serial = nextSerial
        nextSerial += 1
        let bytes = try message.serialized(serial: serial)
        try SocketCalls.sendAll(fd, bytes, passing: message.fds.compactMap(\.rawValue))
        return serial
    }

    /// Sends `messages` with consecutive serials in a single write, so that the peer finds them
    /// all in one read (no descriptors).
    /// - Returns: the serials used.
    @discardableResult
    public func sendTogether(_ messages: [Message]) throws -> [UInt32] {
        var bytes: [UInt8] = []
        var serials: [UInt32] = []
        for message in messages {
            serials.append(nextSerial)
            bytes += try message.serialized(serial: nextSerial)
            nextSerial += 1
        }
        try SocketCalls.sendAll(fd, bytes)
        return serials
    }

    /// Reads the next whole message.
    public func receive(timeout: Duration = .seconds(30)) throws -> Message {
        let deadline = ContinuousClock.now + timeout
        try fill(Message.fixedHeaderLength, until: deadline)
        let length = try Message.requiredLength(fromPrefix: Array(buffer.prefix(Message.fixedHeaderLength)))
        try fill(length, until: deadline)
        let bytes = Array(buffer.prefix(length))
        buffer.removeFirst(length)
        return try Message.parse(bytes: bytes)
    }

    /// Reads messages until the reply (return or error) to `serial` arrives; others are dropped.
    public func reply(to serial: UInt32, timeout: Duration = .seconds(30)) throws -> Message {
        let deadline = ContinuousClock.now + timeout
        while true {
            let message = try receive(timeout: ContinuousClock.now.duration(to: deadline))
            if message.replySerial == serial, message.type == .methodReturn || message.type == .error {
                return message
            }
        }
    }

    private func fill(_ count: Int, until deadline: ContinuousClock.Instant) throws {
        while buffer.count < count {
            guard try QEMUSystemCalls.waitReadable(fd, until: deadline) else {
                throw HarnessError("timed out waiting for a D-Bus message (\(buffer.count) of \(count) bytes)")
            }
            var chunk = [UInt8](repeating: 0, count: max(65536, count - buffer.count))
            let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw HarnessError("read failed: errno \(errno)")
            }
            if got == 0 { throw HarnessError("the peer closed the connection") }
            buffer.append(contentsOf: chunk[..<got])
        }
    }

    /// One SASL line, read byte by byte so that no message bytes after it are consumed.
    private func readAuthLine(timeout: Duration) throws -> String {
        let deadline = ContinuousClock.now + timeout
        var line: [UInt8] = []
        while !(line.count >= 2 && line.suffix(2) == [13, 10]) {
            guard try QEMUSystemCalls.waitReadable(fd, until: deadline) else {
                throw HarnessError("timed out waiting for the server's authentication reply")
            }
            var byte: UInt8 = 0
            let got = read(fd, &byte, 1)
            if got < 0, errno == EINTR { continue }
            guard got == 1 else { throw HarnessError("the server closed the connection during authentication") }
            line.append(byte)
            guard line.count < 4096 else { throw HarnessError("authentication line longer than 4096 bytes") }
        }
        return String(decoding: line.dropLast(2), as: UTF8.self)
    }
}
