/// Why a connection could not be made or stopped working, or why a call failed locally.
/// Errors the peer sends back travel as `DBusError` instead.
public enum DBusConnectionError: Error, Sendable, CustomStringConvertible {
    case invalidAddress(DBusAddressError)
    case connectFailed(address: String, SystemError)
    case authenticationFailed(String)
    /// The connection is closed; pending calls fail with this, naming why.
    case disconnected(reason: String)
    /// No reply arrived in time.
    case timedOut(member: String, seconds: Double)
    /// The peer sent bytes that are not a valid message; the connection was closed.
    case protocolViolation(DBusWireError)
    /// A message could not be serialized (a bad value in its body, or too large).
    case cannotSend(DBusWireError)
    /// The message carries fds but the transport cannot pass them.
    case fdPassingNotNegotiated
    /// A reply had a body other than the caller expected.
    case unexpectedReply(String)

    public var description: String {
        switch self {
        case .invalidAddress(let error): "\(error)"
        case .connectFailed(let address, let error): "cannot connect to \(address): \(error)"
        case .authenticationFailed(let reason): "D-Bus authentication failed: \(reason)"
        case .disconnected(let reason): "D-Bus connection closed: \(reason)"
        case .timedOut(let member, let seconds): "no reply to \(member) within \(seconds) s"
        case .protocolViolation(let error): "the peer sent an invalid message: \(error)"
        case .cannotSend(let error): "cannot send message: \(error)"
        case .fdPassingNotNegotiated: "the message carries Unix fds but this connection cannot pass them (not a Unix socket, or the peer refused NEGOTIATE_UNIX_FD)"
        case .unexpectedReply(let detail): "unexpected reply: \(detail)"
        }
    }
}
