/// What a program printed (stdout and stderr interleaved for `Program.run`) and how it exited:
/// its exit code, or 128 + the signal that killed it.
public struct ProgramOutput: Sendable {
    public var status: Int32
    public var output: String
}

/// Runs short-lived programs (swiftc, dbus-swift, python3 checkers) to completion from async
/// tests, in the environment every peer gets (the machine's buses removed).
///
/// The wait happens on a thread of its own: a test that blocked Swift's cooperative pool (two
/// threads on a two-core machine) would stall every connection test running beside it, whose
/// peers then time out waiting for replies.
public enum Program {
    /// - Parameters:
    ///   - environment: added to the isolated environment (see `PeerProcess`); nil removes.
    ///   - timeout: seconds until the program must have finished; a build of a whole package
    ///     on two cores takes minutes, hence the generous default.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String?] = [:], timeout: Double = 900
    ) async throws -> ProgramOutput {
        try await offload {
            try PeerProcess.run(executable, arguments, environment: environment, mergingErrors: true, timeout: timeout)
        }
    }
}
