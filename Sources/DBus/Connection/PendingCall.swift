/// A method call waiting for its reply.
struct PendingCall {
    var continuation: CheckedContinuation<Message, any Error>
    /// Monotonic seconds; the I/O thread fails the call after it.
    var deadline: Double
    /// `interface.member` for error messages.
    var member: String
    var timeout: Double
}
