import DBus
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few QMP (QEMU Machine Protocol) commands a display client needs: enough to hand QEMU a
/// socket with `getfd` and attach it to the D-Bus display with `add_client`
/// (`-display dbus,p2p=yes`). QMP is line-delimited JSON over a Unix socket.
///
/// Calls block; `QEMUPeerToPeer.connect` runs them on a thread of their own.
public final class QMPClient {
    private let socket: Int32
    private var buffer: [UInt8] = []
    private let timeout: Duration

    /// Connects to a QMP server socket (`-qmp unix:PATH,server=on,wait=off`) and negotiates capabilities.
    public init(socketPath: String, timeout: Duration = .seconds(10)) throws(QMPError) {
        self.timeout = timeout
        do throws(SystemError) {
            socket = try SocketCalls.connectUnix(path: socketPath, abstract: false)
        } catch {
            throw QMPError("QMP: \(error)")  // "cannot connect to PATH: reason (errno N)"
        }
        do throws(QMPError) {
            let greeting = try readObject()
            guard greeting["QMP"] != nil else { throw QMPError("\(socketPath) is not a QMP socket (no greeting)") }
            _ = try execute("qmp_capabilities")
        } catch {
            close(socket)
            throw error
        }
    }

    deinit { close(socket) }

    /// Runs `command` and returns its `return` value; a QMP error becomes a thrown `QMPError`.
    @discardableResult
    public func execute(_ command: String, arguments: [String: Any] = [:], passing fds: [Int32] = []) throws(QMPError) -> Any {
        var request: [String: Any] = ["execute": command]
        if !arguments.isEmpty { request["arguments"] = arguments }
        let line: Data
        do {
            line = try JSONSerialization.data(withJSONObject: request) + Data("\n".utf8)
        } catch {
            throw QMPError("cannot encode QMP command \(command): \(error)")
        }
        try send(Array(line), fds: fds)
        while true {
            let reply = try readObject()
            if let value = reply["return"] { return value }
            if let error = reply["error"] as? [String: Any] {
                throw QMPError("QEMU refused \(command): \(error["desc"] as? String ?? "\(error)")")
            }
            // Anything else is an asynchronous event; not needed here.
        }
    }

    /// Gives QEMU one end of a new socket pair as a D-Bus display client and returns the other
    /// end. QEMU is the D-Bus authentication server on it.
    public func addDisplayClient() throws(QMPError) -> Int32 {
        let (ours, theirs): (Int32, Int32)
        do throws(SystemError) {
            (ours, theirs) = try SocketCalls.socketPair()
        } catch {
            throw QMPError("\(error)")
        }
        defer { close(theirs) }
        do throws(QMPError) {
            try execute("getfd", arguments: ["fdname": "dbus-display-client"], passing: [theirs])
            try execute("add_client", arguments: ["protocol": "@dbus-display", "fdname": "dbus-display-client"])
        } catch {
            close(ours)
            throw error
        }
        return ours
    }

    private func send(_ bytes: [UInt8], fds: [Int32]) throws(QMPError) {
        var offset = 0
        var pending = fds
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                Self.sendMessage(socket, UnsafeRawBufferPointer(rebasing: raw[offset...]), fds: pending)
            }
            if sent < 0 {
                if errno == EINTR { continue }
                throw QMPError("cannot write to QMP: \(String(cString: strerror(errno)))")
            }
            pending = []
            offset += sent
        }
    }

    /// sendmsg with the descriptors as SCM_RIGHTS (the CMSG_* macros are not visible to Swift).
    private static func sendMessage(_ socket: Int32, _ bytes: UnsafeRawBufferPointer, fds: [Int32]) -> Int {
        let word = MemoryLayout<Int>.size
        func aligned(_ n: Int) -> Int { (n + word - 1) & ~(word - 1) }
        let headerSize = aligned(MemoryLayout<cmsghdr>.size)
        let payloadSize = fds.count * MemoryLayout<Int32>.size
        var control = [UInt8](repeating: 0, count: fds.isEmpty ? 0 : headerSize + aligned(payloadSize))
        return control.withUnsafeMutableBytes { controlBytes in
            if !fds.isEmpty {
                let header = controlBytes.baseAddress!.assumingMemoryBound(to: cmsghdr.self)
                header.pointee.cmsg_len = numericCast(headerSize + payloadSize)
                header.pointee.cmsg_level = SOL_SOCKET
                header.pointee.cmsg_type = Int32(SCM_RIGHTS)
                fds.withUnsafeBytes { (controlBytes.baseAddress! + headerSize).copyMemory(from: $0.baseAddress!, byteCount: payloadSize) }
            }
            var vector = iovec(iov_base: UnsafeMutableRawPointer(mutating: bytes.baseAddress), iov_len: bytes.count)
            return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                var message = msghdr()
                message.msg_iov = vectorPointer
                message.msg_iovlen = 1
                message.msg_control = fds.isEmpty ? nil : controlBytes.baseAddress
                message.msg_controllen = numericCast(controlBytes.count)
                return sendmsg(socket, &message, Int32(MSG_NOSIGNAL))
            }
        }
    }

    /// Reads one JSON object line, waiting at most `timeout` in total.
    private func readObject() throws(QMPError) -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else {
                    throw QMPError("QMP sent a line that is not a JSON object: \(String(decoding: line.prefix(200), as: UTF8.self))")
                }
                return object
            }
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { throw QMPError("QMP did not answer within \(timeout)") }
            var entry = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            let ready = poll(&entry, 1, milliseconds)
            if ready < 0, errno != EINTR { throw QMPError("poll on QMP failed: \(String(cString: strerror(errno)))") }
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { read(socket, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw QMPError("cannot read from QMP: \(String(cString: strerror(errno)))")
            }
            guard count > 0 else { throw QMPError("QEMU closed the QMP connection") }
            buffer += chunk[..<count]
        }
    }
}

/// A QMP failure, phrased for the user.
public struct QMPError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
