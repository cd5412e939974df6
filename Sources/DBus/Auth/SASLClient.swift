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
    /// Proof that we can read a secret cookie the server wrote into `~/.dbus-keyrings` (for
    /// transports without socket credentials, such as TCP between hosts sharing a home
    /// directory). Offered only when asked for: not in the default list.
    case cookieSHA1 = "DBUS_COOKIE_SHA1"
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
    ///   - keyringDirectory: where DBUS_COOKIE_SHA1 looks for keyrings; nil means
    ///     `CookieSHA1.keyringDirectory()` (`$HOME/.dbus-keyrings`).
    static func authenticate(
        fd: Int32, mechanisms: [AuthMechanism], negotiateFDs: Bool, timeout: Double, keyringDirectory: String? = nil
    ) throws(DBusConnectionError) -> AuthOutcome {
        var channel = SASLLineChannel(fd: fd, timeout: timeout)
        try channel.writeBytes([0])
        var guid: String?
        var lastReply = ""
        var cookieFailure: String?
        mechanisms: for mechanism in mechanisms {
            var reply: String
            switch mechanism {
            case .external, .anonymous:
                if mechanism == .external {
                    try channel.write("AUTH EXTERNAL \(SASLHex.encode(String(getuid())))")
                } else {
                    try channel.write("AUTH ANONYMOUS \(SASLHex.encode("dbus-swift"))")
                }
                reply = try channel.readLine()
                if reply == "DATA" || reply.hasPrefix("DATA ") {
                    // A server that wants the identity in a DATA round: send it empty (use credentials).
                    try channel.write("DATA")
                    reply = try channel.readLine()
                }
            case .cookieSHA1:
                try channel.write("AUTH DBUS_COOKIE_SHA1 \(SASLHex.encode(CookieSHA1.userName()))")
                reply = try channel.readLine()
                if reply.hasPrefix("DATA ") || reply == "DATA" {
                    let response: String
                    do throws(CookieSHA1.Failure) {
                        guard let payload = SASLHex.decode(String(reply.dropFirst(5))) else {
                            throw CookieSHA1.Failure("the server's DBUS_COOKIE_SHA1 challenge is not valid hex")
                        }
                        response = try CookieSHA1.respond(toChallenge: payload, keyringDirectory: keyringDirectory ?? CookieSHA1.keyringDirectory())
                    } catch {
                        // We cannot answer: cancel this mechanism (the server answers REJECTED)
                        // and go on with the next one, remembering why.
                        cookieFailure = error.description
                        try channel.write("CANCEL")
                        lastReply = try channel.readLine()
                        guard lastReply.hasPrefix("REJECTED") || lastReply.hasPrefix("ERROR") else {
                            throw .authenticationFailed("unexpected server reply `\(lastReply)` to CANCEL")
                        }
                        continue mechanisms
                    }
                    try channel.write("DATA \(SASLHex.encode(response))")
                    reply = try channel.readLine()
                    if reply.hasPrefix("REJECTED") {
                        cookieFailure = "the server rejected our DBUS_COOKIE_SHA1 response (the cookie in our keyring does not match the server's)"
                    }
                }
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
            let cookie = cookieFailure.map { "; DBUS_COOKIE_SHA1: \($0)" } ?? ""
            let tcp = SocketCalls.isUnixSocket(fd) ? "" : "; over TCP there are no socket credentials for EXTERNAL, so the server must accept ANONYMOUS or DBUS_COOKIE_SHA1"
            throw .authenticationFailed("the server rejected every mechanism offered (\(offered)); last reply `\(lastReply)`\(cookie)\(tcp)")
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
