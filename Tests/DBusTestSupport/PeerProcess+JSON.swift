import DBus
import Foundation

/// Peers that report what happened as JSON lines (the QEMU peers).
extension PeerProcess {
    /// The next stdout line that is a JSON object, skipping other lines.
    public func readJSON(timeout: Double = 30) throws -> [String: Any] {
        let deadline = MonotonicClock.seconds() + timeout
        while true {
            let left = deadline - MonotonicClock.seconds()
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
        let deadline = MonotonicClock.seconds() + timeout
        while true {
            let left = deadline - MonotonicClock.seconds()
            guard left > 0 else { throw HarnessError("timed out waiting for event \(name) from `\(commandLine)`") }
            let object = try readJSON(timeout: left)
            if object["event"] as? String == name { return object }
        }
    }
}
