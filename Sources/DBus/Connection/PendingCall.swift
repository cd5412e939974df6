/// A method call waiting for its reply.
///
/// The continuation is an unsafe (unchecked) one, as a checked one allocates per call. It is
/// resumed exactly once: whoever resumes it (reply, error, timeout, cancellation, disconnection)
/// first removes the call from the connection's `pending` table under its lock.
struct PendingCall {
    var continuation: UnsafeContinuation<Message, any Error>
    /// Monotonic seconds; the I/O thread fails the call after it.
    var deadline: Double
    /// For the timeout error; joined into `interface.member` only if the call times out.
    var interface: InterfaceName?
    var member: MemberName?
    var timeout: Double

    /// `interface.member`, as the timeout error names the call.
    var qualifiedMember: String {
        [interface?.rawValue, member?.rawValue].compactMap { $0 }.joined(separator: ".")
    }
}
