import DBus
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process started for a test (dbus-daemon, QEMU, a python3 peer, `gdbus`), with its
/// stdout readable line by line under a deadline and its stderr kept in a file for failure
/// messages. Its environment never points at the machine's buses.
///
/// The process is stopped by PID in `stop()` or when the object goes away: SIGTERM, then
/// SIGKILL if it has not exited after a grace period.
public final class PeerProcess: @unchecked Sendable {
    public let pid: Int32
    public let commandLine: String
    private let stdout: LineReader
    private let stdoutFD: Int32
    /// Our end of the child's stdin pipe (with `keepInputOpen`), until `closeInput()`.
    private var inputFD: Int32?
    private let stderrPath: String
    private var exitStatus: Int32?
    private let lock = Mutex()

    /// The interpreter that has python3-dbus and PyGObject on Debian.
    public static let python = "/usr/bin/python3"

    /// Starts `executable` (a path, or a name looked up in PATH) with `arguments`.
    /// - Parameters:
    ///   - environment: added to a copy of this process's environment, after the machine's bus
    ///     addresses are replaced by paths that do not exist (so a peer can never reach the real
    ///     session or system bus); a nil value removes the variable.
    ///   - bus: when given, the peer's DBUS_SESSION_BUS_ADDRESS points at it.
    ///   - passing: file descriptors to hand to the child, as `childFD: parentFD` (`0: socket`
    ///     makes a socket the child's stdin). The caller keeps its descriptors.
    ///   - keepInputOpen: give the child a pipe as stdin that stays open until `closeInput()` or
    ///     `stop()`; peers take its end as their signal to exit. Otherwise stdin is /dev/null.
    ///   - mergingErrors: send stderr to the stdout pipe too (for programs whose diagnostics are
    ///     part of what a test checks) instead of to a file.
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String?] = [:],
        bus: PrivateBus? = nil, passing: [Int32: Int32] = [:], keepInputOpen: Bool = false,
        mergingErrors: Bool = false
    ) throws {
        commandLine = ([executable] + arguments).joined(separator: " ")
        var env = PeerProcess.isolatedEnvironment()
        if let bus { env["DBUS_SESSION_BUS_ADDRESS"] = bus.address }
        for (key, value) in environment { env[key] = value }

        var outPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0 else { throw HarnessError("pipe failed: errno \(errno)") }
        _ = fcntl(outPipe[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(outPipe[1], F_SETFD, FD_CLOEXEC)
        stderrPath = try TemporaryDirectory.shared.path + "/stderr-\(UInt32.random(in: 0...UInt32.max)).txt"
        let errFD = open(stderrPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard errFD >= 0 else { throw HarnessError("cannot create \(stderrPath): errno \(errno)") }
        var inPipe: [Int32] = [-1, -1]
        if keepInputOpen {
            guard pipe(&inPipe) == 0 else { throw HarnessError("pipe failed: errno \(errno)") }
            _ = fcntl(inPipe[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(inPipe[1], F_SETFD, FD_CLOEXEC)
        }
        defer {
            close(errFD)
            close(outPipe[1])
            if keepInputOpen { close(inPipe[0]) }
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if keepInputOpen {
            posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, mergingErrors ? outPipe[1] : errFD, 2)
        for (child, parent) in passing.sorted(by: { $0.key < $1.key }) {
            posix_spawn_file_actions_adddup2(&actions, parent, child)
        }

        // The test runner's threads block signals; a child must start with none blocked, or
        // SIGTERM from stop() would never arrive.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaultSignals = sigset_t()
        sigfillset(&defaultSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        // A bare name is looked up in PATH, as a shell would.
        let result = executable.contains("/")
            ? posix_spawn(&child, executable, &actions, &attributes, argv, envp)
            : posix_spawnp(&child, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            close(outPipe[0])
            if keepInputOpen { close(inPipe[1]) }
            let reason = result == ENOENT ? "not installed (not found)" : "error \(result)"
            throw HarnessError("cannot start \(executable): \(reason)")
        }
        pid = child
        inputFD = keepInputOpen ? inPipe[1] : nil
        stdoutFD = outPipe[0]
        stdout = LineReader(fd: outPipe[0])
    }

    /// Starts a python3 script from a test's Peers folder with the system python (which has dbus and gi).
    public convenience init(
        pythonScript: String, _ arguments: [String], environment: [String: String?] = [:],
        bus: PrivateBus? = nil, passing: [Int32: Int32] = [:]
    ) throws {
        var env = environment
        env["PYTHONUNBUFFERED"] = "1"
        try self.init(PeerProcess.python, [pythonScript] + arguments, environment: env, bus: bus, passing: passing)
    }

    deinit {
        stop()
        close(stdoutFD)
        unlink(stderrPath)
    }

    /// Whether the child has not exited yet.
    public var isRunning: Bool { reap(blocking: false) == nil }

    /// The read end of the child's stdout; it hangs up when the child exits.
    public var outputDescriptor: Int32 { stdoutFD }

    /// Closes the child's stdin pipe (see `keepInputOpen`). Safe to call more than once.
    public func closeInput() {
        let fd: Int32? = lock.withLock {
            defer { inputFD = nil }
            return inputFD
        }
        if let fd { close(fd) }
    }

    /// The next line the peer printed, or nil once it closed stdout.
    public func readLine(timeout: Double = 20) throws -> String? {
        try stdout.readLine(timeout: timeout, what: "a line from `\(commandLine)`\(stderrSuffix())")
    }

    /// Skips lines until one starts with `prefix` and returns it.
    /// - Throws: `HarnessError` when the peer exits or stays silent for `timeout` seconds.
    @discardableResult
    public func waitForLine(startingWith prefix: String, timeout: Double = 20) throws -> String {
        let deadline = MonotonicClock.seconds() + timeout
        while true {
            let left = max(0.001, deadline - MonotonicClock.seconds())
            guard let line = try stdout.readLine(timeout: left, what: "`\(prefix)` from `\(commandLine)`\(stderrSuffix())") else {
                let status = reap(blocking: true).map(Self.describe) ?? "unknown status"
                throw HarnessError("`\(commandLine)` exited (\(status)) before printing `\(prefix)`\(stderrSuffix())")
            }
            if line.hasPrefix(prefix) { return line }
        }
    }

    /// Reads stdout to its end (the peer exits), then reaps it and returns the exit status.
    @discardableResult
    public func waitForExit(timeout: Double = 20) throws -> Int32 {
        _ = try readToEnd(timeout: timeout)
        return reap(blocking: true) ?? -1
    }

    /// Everything the child writes to stdout from here until it closes it, newlines included.
    public func readToEnd(timeout: Double = 20) throws -> String {
        try stdout.readToEnd(timeout: timeout, what: "`\(commandLine)` to finish\(stderrSuffix())")
    }

    /// The text the peer wrote to stderr so far.
    public func stderrText() -> String {
        guard let file = fopen(stderrPath, "r") else { return "" }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Closes its stdin, sends SIGTERM (by PID) and reaps it; SIGKILL follows if it is still
    /// running after `grace` seconds, so a child that ignores SIGTERM cannot hang a test.
    /// Safe to call more than once.
    public func stop(grace: Double = 10) {
        closeInput()
        if reap(blocking: false) != nil { return }
        kill(pid, SIGTERM)
        if waitForExitStatus(timeout: grace) == nil {
            kill(pid, SIGKILL)
            _ = reap(blocking: true)
        }
    }

    /// Waits up to `timeout` seconds for the child to exit without reading its stdout (checking
    /// every 10 ms: there is no portable way to wait for a pid with a deadline) and returns its
    /// waitpid status, or nil.
    public func waitForExitStatus(timeout: Double) -> Int32? {
        let deadline = MonotonicClock.seconds() + timeout
        while true {
            if let status = reap(blocking: false) { return status }
            if MonotonicClock.seconds() >= deadline { return nil }
            usleep(10_000)
        }
    }

    private func reap(blocking: Bool) -> Int32? {
        lock.withLock {
            if let exitStatus { return exitStatus }
            var status: Int32 = 0
            while true {
                let result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
                if result == pid {
                    exitStatus = status
                    return status
                }
                if result < 0 && errno == EINTR { continue }
                if result < 0 {  // Not our child any more; nothing to reap.
                    exitStatus = -1
                    return -1
                }
                return nil
            }
        }
    }

    /// "exit status N" or "signal N" for a waitpid status.
    static func describe(_ status: Int32) -> String {
        if status == -1 { return "reaped elsewhere" }
        let signal = status & 0x7F
        return signal == 0 ? "exit status \((status >> 8) & 0xFF)" : "signal \(signal)"
    }

    private func stderrSuffix() -> String {
        let text = stderrText()
        return text.isEmpty ? "" : "; its stderr:\n\(text)"
    }

    private static func isolatedEnvironment() -> [String: String] {
        var env: [String: String] = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            let pair = String(cString: entry)
            if let equals = pair.firstIndex(of: "=") {
                env[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            cursor += 1
        }
        // Never let a peer fall back to the machine's buses.
        env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/no-session-bus-in-tests"
        env["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=/nonexistent/no-system-bus-in-tests"
        env.removeValue(forKey: "DBUS_STARTER_ADDRESS")
        env.removeValue(forKey: "DBUS_STARTER_BUS_TYPE")
        return env
    }
}

/// A pthread mutex for the harness (no Foundation, no Synchronization availability concerns).
final class Mutex: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}
