import Foundation

/// Peers that report what happened as JSON lines (the QEMU peers), and one-shot commands.
extension PeerProcess {
    /// The next stdout line that is a JSON object, skipping other lines.
    public func readJSON(timeout: Double = 30) throws -> [String: Any] {
        let deadline = monotonicSeconds() + timeout
        while true {
            let left = deadline - monotonicSeconds()
            guard left > 0, let line = try readLine(timeout: left) else {
                throw HarnessError("`\(commandLine)` ended without more JSON output; stderr: \(stderrText())")
            }
            if let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] {
                return object
            }
        }
    }

    /// Reads JSON lines until one has `"event": name`.
    public func waitForJSONEvent(_ name: String, timeout: Double = 30) throws -> [String: Any] {
        let deadline = monotonicSeconds() + timeout
        while true {
            let left = deadline - monotonicSeconds()
            guard left > 0 else { throw HarnessError("timed out waiting for event \(name) from `\(commandLine)`") }
            let object = try readJSON(timeout: left)
            if object["event"] as? String == name { return object }
        }
    }

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
