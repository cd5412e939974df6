#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Authentication mechanisms a client may offer, in the order given.
public enum AuthMechanism: String, Sendable, Hashable {
    /// Credentials of the socket (the server checks our uid with SO_PEERCRED).
    case external = "EXTERNAL"
    /// No identity; servers accept it only when configured to.
    case anonymous = "ANONYMOUS"
}

/// What a finished handshake established.
struct AuthOutcome: Sendable {
    var guid: String
    var unixFDs: Bool
    /// Bytes read past the handshake: the start of the message stream.
    var leftover: [UInt8]
}

/// The client side of the D-Bus SASL profile ("Authentication Protocol" in the specification).
enum SASLClient {
    /// Runs the handshake on a blocking socket.
    /// - Parameters:
    ///   - mechanisms: tried in order until the server accepts one.
    ///   - negotiateFDs: ask for Unix fd passing (only on Unix sockets).
    static func authenticate(
        fd: Int32, mechanisms: [AuthMechanism], negotiateFDs: Bool, timeout: Double
    ) throws(DBusConnectionError) -> AuthOutcome {
        var channel = SASLLineChannel(fd: fd, timeout: timeout)
        try channel.writeBytes([0])
        var guid: String?
        var lastReply = ""
        for mechanism in mechanisms {
            switch mechanism {
            case .external: try channel.write("AUTH EXTERNAL \(SASLHex.encode(String(getuid())))")
            case .anonymous: try channel.write("AUTH ANONYMOUS \(SASLHex.encode("dbus-swift"))")
            }
            var reply = try channel.readLine()
            if reply == "DATA" || reply.hasPrefix("DATA ") {
                // A server that wants the identity in a DATA round: send it empty (use credentials).
                try channel.write("DATA")
                reply = try channel.readLine()
            }
            lastReply = reply
            if reply.hasPrefix("OK ") {
                let announced = String(reply.dropFirst(3))
                guard ServerGUID.isValid(announced) else {
                    throw .authenticationFailed("the server sent an invalid GUID `\(announced)`")
                }
                guid = announced
                break
            }
            if reply.hasPrefix("REJECTED") || reply.hasPrefix("ERROR") { continue }
            throw .authenticationFailed("unexpected server reply `\(reply)` to AUTH \(mechanism.rawValue)")
        }
        guard let guid else {
            let offered = mechanisms.map(\.rawValue).joined(separator: ", ")
            throw .authenticationFailed("the server rejected every mechanism offered (\(offered)); last reply `\(lastReply)`")
        }
        var unixFDs = false
        if negotiateFDs && SocketCalls.isUnixSocket(fd) {
            try channel.write("NEGOTIATE_UNIX_FD")
            let reply = try channel.readLine()
            if reply == "AGREE_UNIX_FD" {
                unixFDs = true
            } else if !reply.hasPrefix("ERROR") {
                throw .authenticationFailed("unexpected server reply `\(reply)` to NEGOTIATE_UNIX_FD")
            }
        }
        try channel.write("BEGIN")
        return AuthOutcome(guid: guid, unixFDs: unixFDs, leftover: channel.takeBuffered())
    }
}
