import DBus
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A QMP (QEMU Machine Protocol) client: line-delimited JSON over a Unix socket.
///
/// It covers what a display client and a migration participant need: handing QEMU a socket with
/// `getfd` and `add_client` (`-display dbus,p2p=yes`), starting a migration and waiting for its
/// outcome, the run state, and `quit`. Anything else goes through `execute(_:arguments:passing:)`.
///
/// Asynchronous events that arrive while a command waits for its reply are kept in `events`, so
/// `waitForEvent(_:timeout:where:)` finds them later. Calls block; run them on a thread of their
/// own, as `QEMUVirtualMachine.peerToPeer(qmpSocketPath:)` does, not on Swift's cooperative pool.
public final class QMPClient {
    private let socket: Int32
    private var buffer: [UInt8] = []
    private let timeout: Duration
    /// Events received and not yet consumed by `waitForEvent`, oldest first.
    public private(set) var events: [[String: Any]] = []

    /// Connects to a QMP server socket (`-qmp unix:PATH,server=on,wait=off`) and negotiates capabilities.
    public convenience init(socketPath: String, timeout: Duration = .seconds(10)) throws(QMPError) {
        let socket: Int32
        do throws(SystemError) {
            socket = try SocketCalls.connectUnix(path: socketPath, abstract: false)
        } catch {
            throw QMPError("QMP: \(error)")  // "cannot connect to PATH: reason (errno N)"
        }
        try self.init(socket: socket, timeout: timeout, name: socketPath)
    }

    /// Takes over a connected QMP socket (for example one QEMU connected to with `-qmp unix:PATH`
    /// in client mode), reads the greeting and negotiates capabilities. The socket is closed on
    /// failure and when the client goes away.
    ///
    /// - Parameter timeout: how long each reply may take.
    public convenience init(socket: Int32, timeout: Duration = .seconds(10)) throws(QMPError) {
        try self.init(socket: socket, timeout: timeout, name: "the QMP socket")
    }

    private init(socket: Int32, timeout: Duration, name: String) throws(QMPError) {
        self.socket = socket
        self.timeout = timeout
        // Every stored property is set, so if this throws, `deinit` runs and closes the socket.
        // Closing it here too would close the number twice, the second time perhaps another
        // thread's fd that had just taken it.
        let greeting = try readObject(waitingFor: "the QMP greeting")
        guard greeting["QMP"] != nil else { throw QMPError("\(name) is not a QMP socket (no greeting)") }
        _ = try execute("qmp_capabilities")
    }

    deinit { close(socket) }

    /// Runs `command` and returns its `return` value; a QMP error becomes a thrown `QMPError`.
    ///
    /// - Parameter fds: descriptors to attach to the command (SCM_RIGHTS), as `getfd` needs.
    @discardableResult
    public func execute(_ command: String, arguments: [String: Any] = [:], passing fds: [Int32] = []) throws(QMPError) -> Any {
        var request: [String: Any] = ["execute": command]
        if !arguments.isEmpty { request["arguments"] = arguments }
        let line: Data
        do {
            line = try JSONSerialization.data(withJSONObject: request) + Data("\n".utf8)
        } catch {
            throw QMPError("cannot encode QMP command \(command): \(error)")
        }
        do throws(SystemError) {
            try SocketCalls.sendAll(socket, Array(line), passing: fds)
        } catch {
            throw QMPError("cannot send QMP command \(command): \(error)")
        }
        while true {
            let reply = try readObject(waitingFor: "the reply to \(command)")
            if let value = reply["return"] { return value }
            if let error = reply["error"] as? [String: Any] {
                let errorClass = error["class"] as? String ?? "GenericError"
                throw QMPError("QEMU refused \(command) (\(errorClass)): \(error["desc"] as? String ?? "\(error)")")
            }
            events.append(reply)
        }
    }

    /// Waits for an event named `name` whose `data` satisfies `predicate`, consuming it and every
    /// event received before it.
    ///
    /// - Parameter timeout: defaults to the client's reply timeout.
    @discardableResult
    public func waitForEvent(
        _ name: String, timeout: Duration? = nil, where predicate: ([String: Any]) -> Bool = { _ in true }
    ) throws(QMPError) -> [String: Any] {
        let deadline = ContinuousClock.now + (timeout ?? self.timeout)
        while true {
            while !events.isEmpty {
                let event = events.removeFirst()
                if event["event"] as? String == name, predicate(event["data"] as? [String: Any] ?? [:]) {
                    return event
                }
            }
            events.append(try readObject(waitingFor: "the event \(name)", until: deadline))
        }
    }

    /// The run state from `query-status`, e.g. `running`, `paused`, `inmigrate`, `postmigrate`.
    public func status() throws(QMPError) -> String {
        let result = try execute("query-status") as? [String: Any]
        guard let status = result?["status"] as? String else {
            throw QMPError("query-status returned no status: \(String(describing: result))")
        }
        return status
    }

    /// Gives QEMU one end of a new socket pair as a D-Bus display client and returns the other
    /// end, which the caller owns. QEMU is the D-Bus authentication server on it.
    public func addDisplayClient() throws(QMPError) -> Int32 {
        let (ours, theirs): (Int32, Int32)
        do throws(SystemError) {
            (ours, theirs) = try SocketCalls.socketPair()
        } catch {
            throw QMPError("\(error)")
        }
        defer { close(theirs) }
        do throws(QMPError) {
            try execute("getfd", arguments: ["fdname": "dbus-display-client"], passing: [theirs])
            try execute("add_client", arguments: ["protocol": "@dbus-display", "fdname": "dbus-display-client"])
        } catch {
            close(ours)
            throw error
        }
        return ours
    }

    /// Migrates the VM to `uri` (for example `exec:cat > FILE`) and returns once QEMU reports the
    /// migration completed; throws with QEMU's reason if it failed or was cancelled.
    public func migrate(to uri: String, timeout: Duration? = nil) throws(QMPError) {
        try startMigration(to: uri)
        try waitForMigration(to: uri, timeout: timeout)
    }

    /// Starts a migration and returns at once (QEMU runs it in the background); pair it with
    /// `waitForMigration(to:timeout:)`. Turns on QEMU's MIGRATION events, which the wait reads.
    public func startMigration(to uri: String) throws(QMPError) {
        try execute("migrate-set-capabilities", arguments: ["capabilities": [["capability": "events", "state": true]]])
        try execute("migrate", arguments: ["uri": uri])
    }

    /// Waits for the migration started with `startMigration(to:)` to end; throws unless it completed.
    public func waitForMigration(to uri: String, timeout: Duration? = nil) throws(QMPError) {
        let event = try waitForEvent("MIGRATION", timeout: timeout) { data in
            ["completed", "failed", "cancelled"].contains(data["status"] as? String ?? "")
        }
        let status = (event["data"] as? [String: Any])?["status"] as? String
        if status != "completed" {
            let info = (try? execute("query-migrate")) as? [String: Any]
            throw QMPError("migration to '\(uri)' ended with status \(status ?? "?"): \(info?["error-desc"] ?? "no error text")")
        }
    }

    /// Asks QEMU to exit. QEMU answers once it has started shutting down.
    public func quit() throws(QMPError) {
        try execute("quit")
    }

    /// Reads one JSON object line, waiting at most the client's timeout.
    private func readObject(waitingFor what: String) throws(QMPError) -> [String: Any] {
        try readObject(waitingFor: what, until: ContinuousClock.now + timeout)
    }

    private func readObject(waitingFor what: String, until deadline: ContinuousClock.Instant) throws(QMPError) -> [String: Any] {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else {
                    throw QMPError("QMP sent a line that is not a JSON object: \(String(decoding: line.prefix(200), as: UTF8.self))")
                }
                return object
            }
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { throw QMPError("QMP did not answer in time: waited for \(what)") }
            var entry = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, PollTimeout.milliseconds(left))
            if ready < 0, errno != EINTR { throw QMPError("poll on QMP failed: \(String(cString: strerror(errno)))") }
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { read(socket, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                // A reset is QEMU exiting with our command unread (it failed at start-up, say).
                if errno != ECONNRESET { throw QMPError("cannot read from QMP: \(String(cString: strerror(errno)))") }
            }
            guard count > 0 else { throw QMPError("QEMU closed the QMP connection while we waited for \(what)") }
            buffer += chunk[..<count]
        }
    }
}

/// A QMP failure, phrased for the user.
public struct QMPError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
