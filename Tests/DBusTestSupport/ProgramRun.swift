/// What a program printed (stdout and stderr interleaved for `Program.run`) and how it exited:
/// its exit code, or 128 + the signal that killed it.
public struct ProgramOutput: Sendable {
    public var status: Int32
    public var output: String
}

/// Runs short-lived programs (swiftc, dbus-swift, python3 checkers) to completion from async
/// tests, in the environment every peer gets (the machine's bus addresses replaced).
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

/// The blocking form, for synchronous tests and harness code.
extension PeerProcess {
    /// Runs a short command to completion and returns its exit code and stdout (with
    /// `mergingErrors`, stderr too), failing after `timeout` seconds instead of hanging.
    /// `environment` is added to the isolated one every peer gets.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String?] = [:],
        mergingErrors: Bool = false, timeout: Double = 30
    ) throws -> ProgramOutput {
        let child = try PeerProcess(executable, arguments, environment: environment, mergingErrors: mergingErrors)
        let output = try child.readToEnd(timeout: timeout)
        guard let status = child.waitForExitStatus(timeout: timeout) else {
            throw HarnessError("`\(child.commandLine)` closed its output but did not exit within \(timeout) s")
        }
        return ProgramOutput(status: exitCode(status), output: output)
    }

    /// The exit code of a waitpid status, or 128 + the signal for a child killed by one (as a
    /// shell reports it).
    static func exitCode(_ status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
