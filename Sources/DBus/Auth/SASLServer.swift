#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Who may connect to a server-side (peer-to-peer) connection.
public struct AuthPolicy: Sendable {
    /// Uids accepted with EXTERNAL; by default only the uid this process runs as.
    public var allowedUIDs: Set<UInt32>
    /// Whether ANONYMOUS is accepted (off by default).
    public var allowAnonymous: Bool

    /// - Parameter allowedUIDs: nil means only the uid this process runs as.
    public init(allowedUIDs: Set<UInt32>? = nil, allowAnonymous: Bool = false) {
        self.allowedUIDs = allowedUIDs ?? [UInt32(getuid())]
        self.allowAnonymous = allowAnonymous
    }
}

/// The server side of the D-Bus SASL profile: EXTERNAL checked against the socket's peer
/// credentials (SO_PEERCRED), and ANONYMOUS when the policy allows it.
///
/// Only Unix sockets carry credentials: on any other socket (TCP) EXTERNAL is neither offered
/// nor accepted, so such a client can authenticate only with ANONYMOUS, and only when the policy
/// allows it. Without that, the handshake fails with an error that says why.
enum SASLServer {
    static func authenticate(fd: Int32, guid: String, policy: AuthPolicy, timeout: Double) throws(DBusConnectionError) -> AuthOutcome {
        let isUnix = SocketCalls.isUnixSocket(fd)
        guard isUnix || policy.allowAnonymous else {
            do throws(DBusConnectionError) {
                _ = try handshake(fd: fd, guid: guid, policy: policy, isUnix: false, timeout: timeout)
            } catch {
                throw .authenticationFailed(
                    "a client connected over a socket without credentials (TCP), where EXTERNAL cannot work, and the policy does not allow ANONYMOUS: nobody can authenticate (use AuthPolicy(allowAnonymous: true) to serve TCP clients); handshake ended with: \(error)")
            }
            throw .authenticationFailed("a TCP client authenticated although no mechanism was offered")
        }
        return try handshake(fd: fd, guid: guid, policy: policy, isUnix: isUnix, timeout: timeout)
    }

    private static func handshake(fd: Int32, guid: String, policy: AuthPolicy, isUnix: Bool, timeout: Double) throws(DBusConnectionError) -> AuthOutcome {
        var channel = SASLLineChannel(fd: fd, timeout: timeout)
        guard try channel.readByte() == 0 else {
            throw .authenticationFailed("the client did not start with a NUL byte")
        }
        let mechanisms = [isUnix ? "EXTERNAL" : nil, policy.allowAnonymous ? "ANONYMOUS" : nil].compactMap { $0 }.joined(separator: " ")
        let canPassFDs = isUnix
        var authenticated = false
        var unixFDs = false
        var waitingForData = false
        var rejections = 0

        func reject() throws(DBusConnectionError) {
            rejections += 1
            guard rejections <= 8 else { throw .authenticationFailed("the client failed authentication \(rejections) times") }
            try channel.write(mechanisms.isEmpty ? "REJECTED" : "REJECTED \(mechanisms)")
        }

        while true {
            let line = try channel.readLine()
            let words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            let command = words.first ?? ""
            if authenticated {
                switch command {
                case "BEGIN":
                    return AuthOutcome(guid: guid, unixFDs: unixFDs, leftover: channel.takeBuffered())
                case "NEGOTIATE_UNIX_FD":
                    if canPassFDs {
                        unixFDs = true
                        try channel.write("AGREE_UNIX_FD")
                    } else {
                        try channel.write("ERROR \"fd passing needs a Unix socket\"")
                    }
                case "CANCEL", "ERROR":
                    authenticated = false
                    try reject()
                default:
                    try channel.write("ERROR \"unknown command\"")
                }
                continue
            }
            switch command {
            case "AUTH" where words.count >= 2 && words[1] == "EXTERNAL" && isUnix:
                if words.count == 2 {
                    waitingForData = true
                    try channel.write("DATA")
                    continue
                }
                if try checkExternal(identity: words[2], fd: fd, policy: policy) {
                    authenticated = true
                    try channel.write("OK \(guid)")
                } else {
                    try reject()
                }
            case "AUTH" where words.count >= 2 && words[1] == "ANONYMOUS" && policy.allowAnonymous:
                authenticated = true
                try channel.write("OK \(guid)")
            case "AUTH":
                try reject()
            case "DATA" where waitingForData:
                waitingForData = false
                let identity = words.count >= 2 ? words[1] : ""
                if try checkExternal(identity: identity, fd: fd, policy: policy) {
                    authenticated = true
                    try channel.write("OK \(guid)")
                } else {
                    try reject()
                }
            case "CANCEL", "ERROR":
                waitingForData = false
                try reject()
            case "BEGIN":
                throw .authenticationFailed("the client sent BEGIN before authenticating")
            default:
                try channel.write("ERROR \"unknown command\"")
            }
        }
    }

    /// EXTERNAL: the peer's socket credentials decide; a claimed identity must match them.
    private static func checkExternal(identity hex: String, fd: Int32, policy: AuthPolicy) throws(DBusConnectionError) -> Bool {
        // On Linux SO_PEERCRED succeeds on a TCP socket too (uid 4294967295, i.e. -1): never
        // take credentials from anything but a Unix socket.
        guard SocketCalls.isUnixSocket(fd), let peerUID = SocketCalls.peerUID(fd) else { return false }
        if !hex.isEmpty {
            guard let bytes = SASLHex.decode(hex), bytes.count <= 20,
                let claimed = UInt32(String(decoding: bytes, as: UTF8.self)), claimed == peerUID
            else { return false }
        }
        return policy.allowedUIDs.contains(peerUID)
    }
}
