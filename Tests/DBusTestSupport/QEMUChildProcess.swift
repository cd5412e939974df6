import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A process started by the QEMU harness (QEMU itself, dbus-daemon, gdbus, a Python peer).
///
/// Standard output is a pipe read line by line with deadlines; standard error goes to a file
/// so it can be shown when something fails. `stop()` signals the process by PID and waits for
/// it with a deadline, escalating to SIGKILL.
public final class QEMUChildProcess {
    private let process = Process()
    private let exited = DispatchSemaphore(value: 0)
    private let output: LineReader
    private let outputPipe = Pipe()
    private let inputPipe: Pipe?
    private let errorPath: String
    /// The command line, for error messages.
    public let commandLine: [String]

    /// Starts `executable` (a path, or a name looked up in PATH) with `arguments`.
    ///
    /// - Parameters:
    ///   - keepInputOpen: give the child a pipe on standard input that stays open until
    ///     `closeInput()` or `stop()`; peers use its end as their signal to exit.
    ///   - standardInputDescriptor: instead, hand this descriptor to the child as standard input
    ///     (for passing a socket to a peer). The caller keeps ownership.
    public init(
        _ executable: String, _ arguments: [String], keepInputOpen: Bool = false,
        standardInputDescriptor: Int32? = nil, environment: [String: String]? = nil
    ) throws {
        let path = try Self.resolve(executable)
        commandLine = [path] + arguments
        errorPath = NSTemporaryDirectory() + "qemu-harness-\(UUID().uuidString).stderr"
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = outputPipe
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        if let standardInputDescriptor {
            inputPipe = nil
            process.standardInput = FileHandle(fileDescriptor: standardInputDescriptor, closeOnDealloc: false)
        } else if keepInputOpen {
            let pipe = Pipe()
            inputPipe = pipe
            process.standardInput = pipe
        } else {
            inputPipe = nil
            process.standardInput = FileHandle.nullDevice
        }
        output = LineReader(fd: outputPipe.fileHandleForReading.fileDescriptor)
        let exited = self.exited
        process.terminationHandler = { _ in exited.signal() }
        do {
            try Self.withSignalsUnblocked { try process.run() }
        } catch {
            throw HarnessError("cannot start \(commandLine.joined(separator: " ")): \(error)")
        }
        // Close our copy of the write end so reading sees end of input when the child exits.
        try? outputPipe.fileHandleForWriting.close()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            _ = exited.wait(timeout: .now() + 5)
        }
        try? FileManager.default.removeItem(atPath: errorPath)
    }

    public var pid: Int32 { process.processIdentifier }

    /// The read end of the child's standard output; it hangs up when the child exits.
    var outputDescriptor: Int32 { outputPipe.fileHandleForReading.fileDescriptor }

    public var isRunning: Bool { process.isRunning }

    /// What the child wrote to standard error so far.
    public var standardErrorText: String {
        (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
    }

    /// The next line of standard output; nil once the child closed it.
    public func readLine(timeout: Duration = .seconds(30)) throws -> String? {
        try output.readLine(timeout: timeout, what: "output from \(commandLine.first ?? "?")")
    }

    /// The next standard output line that is a JSON object, skipping other lines.
    public func readJSON(timeout: Duration = .seconds(30)) throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero, let line = try readLine(timeout: left) else {
                throw HarnessError("\(commandLine.joined(separator: " ")) ended without more JSON output; stderr: \(standardErrorText)")
            }
            if let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] {
                return object
            }
        }
    }

    /// Reads JSON lines until one has `"event": name`.
    public func waitForJSONEvent(_ name: String, timeout: Duration = .seconds(30)) throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { throw HarnessError("timed out waiting for event \(name) from \(commandLine.joined(separator: " "))") }
            let object = try readJSON(timeout: left)
            if object["event"] as? String == name { return object }
        }
    }

    /// Closes the child's standard input pipe, if it has one.
    public func closeInput() {
        try? inputPipe?.fileHandleForWriting.close()
    }

    /// Waits for the child to exit by itself and returns its status.
    @discardableResult
    public func waitForExit(timeout: Duration = .seconds(30)) throws -> Int32 {
        let (seconds, attoseconds) = timeout.components
        let milliseconds = Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
        guard exited.wait(timeout: .now() + .milliseconds(milliseconds)) == .success else {
            throw HarnessError("\(commandLine.joined(separator: " ")) did not exit within \(timeout)")
        }
        exited.signal()  // keep the semaphore signalled for later waits
        return process.terminationStatus
    }

    /// Stops the child by PID: SIGTERM, then SIGKILL if it has not exited after `grace`.
    public func stop(grace: Duration = .seconds(10)) {
        closeInput()
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        if (try? waitForExit(timeout: grace)) == nil {
            kill(process.processIdentifier, SIGKILL)
            _ = try? waitForExit(timeout: .seconds(5))
        }
    }

    /// Runs a short command to completion and returns its exit status and standard output.
    public static func run(_ executable: String, _ arguments: [String], timeout: Duration = .seconds(30)) throws -> (status: Int32, output: String) {
        let child = try QEMUChildProcess(executable, arguments)
        var lines: [String] = []
        while let line = try child.readLine(timeout: timeout) { lines.append(line) }
        let status = try child.waitForExit(timeout: timeout)
        return (status, lines.joined(separator: "\n"))
    }

    /// Runs `body` with no signals blocked on the calling thread.
    ///
    /// Foundation's Process hands the spawning thread's signal mask to the child, and Swift
    /// concurrency and Dispatch threads block most signals, SIGTERM included. A child started
    /// from there ignores `kill(pid, SIGTERM)` (dbus-daemon then only dies by SIGKILL), so the
    /// mask is cleared while spawning and restored right after.
    private static func withSignalsUnblocked<T>(_ body: () throws -> T) rethrows -> T {
        var empty = sigset_t()
        var saved = sigset_t()
        sigemptyset(&empty)
        pthread_sigmask(SIG_SETMASK, &empty, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        return try body()
    }

    private static func resolve(_ executable: String) throws -> String {
        if executable.contains("/") { return executable }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(executable)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw HarnessError("'\(executable)' is not installed (not found in PATH)")
    }
}
