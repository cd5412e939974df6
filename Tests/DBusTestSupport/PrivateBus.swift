/// A private `dbus-daemon` for one test: its own busconfig, socket directory and process.
///
/// Tests never touch the machine's session or system bus. Start one per test (it takes a few
/// milliseconds) and stop it in a `defer`; `deinit` stops it as well.
///
///     let bus = try PrivateBus()
///     defer { bus.stop() }
///     let peer = try PeerProcess(pythonScript: path, [], bus: bus)
public final class PrivateBus: @unchecked Sendable {
    /// The address dbus-daemon printed, e.g. `unix:path=/tmp/dbus-bus-XXXX/dbus-abc,guid=...`.
    public let address: String
    /// The daemon's process id.
    public var pid: Int32 { daemon.pid }
    /// Where the busconfig and the listening socket live; removed by `stop()`.
    public let directory: TemporaryDirectory
    private let daemon: PeerProcess

    /// Writes a busconfig that allows everything for the current user and starts the daemon.
    /// - Parameters:
    ///   - authMechanisms: the `<auth>` elements of the busconfig (default EXTERNAL only), e.g.
    ///     `["DBUS_COOKIE_SHA1"]`.
    ///   - environment: added to the daemon's environment, e.g. `HOME` pointing at a temporary
    ///     directory so that DBUS_COOKIE_SHA1 keeps its keyring out of the real home.
    /// - Throws: `HarnessError` if dbus-daemon is missing, fails, or prints no address in `timeout` s.
    public init(timeout: Double = 20, authMechanisms: [String] = ["EXTERNAL"], environment: [String: String] = [:]) throws {
        directory = try TemporaryDirectory(prefix: "dbus-bus")
        let config = try directory.write(
            Self.busConfig(socketDirectory: directory.path, authMechanisms: authMechanisms), to: "bus.conf")
        do {
            daemon = try PeerProcess(
                "/usr/bin/dbus-daemon", ["--config-file=\(config)", "--print-address", "--nofork"],
                environment: environment)
            let line = try daemon.readLine(timeout: timeout)
            guard let line, line.hasPrefix("unix:") else {
                throw HarnessError("dbus-daemon printed no address: \(daemon.stderrText())")
            }
            address = line
        } catch {
            directory.remove()
            throw error
        }
    }

    deinit { stop() }

    /// Stops the daemon by PID and removes its directory. Safe to call more than once.
    public func stop() {
        daemon.stop()
        directory.remove()
    }

    /// A session-type bus: EXTERNAL auth only (unless `authMechanisms` says otherwise),
    /// everything allowed, limits raised so that the 100 MB message tests can pass through it
    /// and a generous authentication timeout, so a stalled CI machine does not see every
    /// connection dropped after dbus-daemon's default 30 s.
    static func busConfig(socketDirectory: String, authMechanisms: [String] = ["EXTERNAL"]) -> String {
        """
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>session</type>
          <listen>unix:dir=\(socketDirectory)</listen>
          \(authMechanisms.map { "<auth>\($0)</auth>" }.joined(separator: "\n  "))
          <policy context="default">
            <allow send_destination="*" eavesdrop="true"/>
            <allow eavesdrop="true"/>
            <allow own="*"/>
          </policy>
          <limit name="max_message_size">134217728</limit>
          <limit name="max_incoming_bytes">1000000000</limit>
          <limit name="max_outgoing_bytes">1000000000</limit>
          <limit name="max_incoming_unix_fds">250000000</limit>
          <limit name="max_outgoing_unix_fds">250000000</limit>
          <limit name="max_message_unix_fds">64</limit>
          <limit name="reply_timeout">300000</limit>
          <limit name="auth_timeout">300000</limit>
        </busconfig>
        """
    }
}
