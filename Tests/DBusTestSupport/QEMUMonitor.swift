import DBus
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal QMP (QEMU Machine Protocol) client: JSON objects, one per line, over a Unix socket.
///
/// Asynchronous events that arrive while waiting for a reply are kept in `events`, so a test can
/// wait for them later with `waitForEvent(_:timeout:where:)`.
public final class QEMUMonitor {
    private let fd: Int32
    private let reader: LineReader
    private let timeout: Duration
    /// Events received and not yet consumed by `waitForEvent`, oldest first.
    public private(set) var events: [[String: Any]] = []
    /// The greeting's version object, e.g. `["major": 7, "minor": 2, "micro": 22]`.
    public let version: [String: Any]

    /// Takes over a connected QMP socket, reads the greeting and leaves capabilities negotiation.
    init(socket fd: Int32, timeout: Duration) throws {
        self.fd = fd
        self.reader = LineReader(fd: fd)
        self.timeout = timeout
        guard let line = try reader.readLine(timeout: timeout, what: "the QMP greeting"),
              let greeting = Self.decode(line)?["QMP"] as? [String: Any]
        else {
            throw HarnessError("QEMU closed the QMP socket before sending its greeting")
        }
        version = (greeting["version"] as? [String: Any])?["qemu"] as? [String: Any] ?? [:]
        _ = try execute("qmp_capabilities")
    }

    deinit {
        close(fd)
    }

    /// Runs one QMP command and returns its `return` value.
    ///
    /// - Parameter fds: descriptors to attach to the command (SCM_RIGHTS), as `getfd` needs.
    /// - Throws: `HarnessError` with QEMU's error class and text when the command fails.
    @discardableResult
    public func execute(_ command: String, arguments: [String: Any] = [:], passing fds: [Int32] = []) throws -> Any {
        var request: [String: Any] = ["execute": command]
        if !arguments.isEmpty { request["arguments"] = arguments }
        var bytes = Array(try JSONSerialization.data(withJSONObject: request))
        bytes.append(UInt8(ascii: "\n"))
        if fds.isEmpty {
            try QEMUSystemCalls.writeAll(fd, bytes)
        } else {
            try QEMUSystemCalls.send(fd, bytes, passing: fds)
        }
        while true {
            let message = try readMessage(waitingFor: "the reply to QMP '\(command)'")
            if let result = message["return"] { return result }
            if let error = message["error"] as? [String: Any] {
                throw HarnessError("QMP '\(command)' failed: \(error["class"] ?? "?"): \(error["desc"] ?? "?")")
            }
            events.append(message)
        }
    }

    /// Waits for an event named `name` whose `data` satisfies `predicate`, consuming it and every
    /// earlier event.
    @discardableResult
    public func waitForEvent(
        _ name: String, timeout: Duration? = nil, where predicate: ([String: Any]) -> Bool = { _ in true }
    ) throws -> [String: Any] {
        let deadline = ContinuousClock.now + (timeout ?? self.timeout)
        while true {
            while !events.isEmpty {
                let event = events.removeFirst()
                if event["event"] as? String == name, predicate(event["data"] as? [String: Any] ?? [:]) {
                    return event
                }
            }
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { throw HarnessError("timed out waiting for QMP event \(name)") }
            let message = try readMessage(waitingFor: "QMP event \(name)", timeout: left)
            events.append(message)
        }
    }

    /// The run state from `query-status`, e.g. `running`, `inmigrate`, `postmigrate`.
    public func status() throws -> String {
        let result = try execute("query-status") as? [String: Any]
        guard let status = result?["status"] as? String else {
            throw HarnessError("query-status returned no status: \(String(describing: result))")
        }
        return status
    }

    /// Connects a peer-to-peer D-Bus display client (`-display dbus,p2p=yes`).
    ///
    /// Creates a socket pair, hands one end to QEMU with `getfd` and `add_client`, and returns the
    /// other end. QEMU is the D-Bus authentication server on it; the caller owns the returned
    /// descriptor and must authenticate as the client.
    public func addDisplayClient() throws -> Int32 {
        let (ours, theirs) = try SocketCalls.socketPair()
        defer { close(theirs) }
        do {
            try execute("getfd", arguments: ["fdname": "dbus-display-client"], passing: [theirs])
            try execute("add_client", arguments: ["protocol": "@dbus-display", "fdname": "dbus-display-client"])
        } catch {
            close(ours)
            throw error
        }
        return ours
    }

    /// Migrates the VM to `uri` (for example `exec:cat > FILE`) and waits until QEMU reports the
    /// migration completed. Throws if it fails.
    public func migrate(to uri: String, timeout: Duration? = nil) throws {
        try startMigration(to: uri)
        try waitForMigration(to: uri, timeout: timeout)
    }

    /// Starts a migration and returns at once (QEMU runs it in the background); pair with
    /// `waitForMigration(to:timeout:)`.
    public func startMigration(to uri: String) throws {
        try execute("migrate-set-capabilities", arguments: ["capabilities": [["capability": "events", "state": true]]])
        try execute("migrate", arguments: ["uri": uri])
    }

    /// Waits for the migration started with `startMigration(to:)` to end; throws unless it completed.
    public func waitForMigration(to uri: String, timeout: Duration? = nil) throws {
        let event = try waitForEvent("MIGRATION", timeout: timeout) { data in
            ["completed", "failed", "cancelled"].contains(data["status"] as? String ?? "")
        }
        let status = (event["data"] as? [String: Any])?["status"] as? String
        if status != "completed" {
            let info = (try? execute("query-migrate")) as? [String: Any]
            throw HarnessError("migration to '\(uri)' ended with status \(status ?? "?"): \(info?["error-desc"] ?? "no error text")")
        }
    }

    /// Asks QEMU to exit. QEMU answers after it has started shutting down.
    public func quit() throws {
        try execute("quit")
    }

    private func readMessage(waitingFor what: String, timeout: Duration? = nil) throws -> [String: Any] {
        guard let line = try reader.readLine(timeout: timeout ?? self.timeout, what: what) else {
            throw HarnessError("QEMU closed the QMP socket while waiting for \(what)")
        }
        guard let message = Self.decode(line) else {
            throw HarnessError("QMP sent a line that is not a JSON object: \(line.prefix(200))")
        }
        return message
    }

    private static func decode(_ line: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }
}
