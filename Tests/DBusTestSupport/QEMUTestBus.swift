import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A private dbus-daemon for QEMU tests, listening on a Unix socket in a fresh temporary
/// directory; never the machine's session or system bus.
///
/// Kept separate from the general `PrivateBus` harness so the QEMU harness can be used on its
/// own; both start the same kind of daemon.
public final class QEMUTestBus {
    /// The bus address, e.g. `unix:path=/tmp/qemu-bus-XXXX/dbus-abc,guid=...`.
    public let address: String
    private let daemon: QEMUChildProcess
    private let directory: String

    public init(timeout: Duration = .seconds(10)) throws {
        directory = try QEMUTemporaryDirectory.make(prefix: "qemu-bus")
        let configuration = """
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
             "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>session</type>
              <listen>unix:dir=\(directory)</listen>
              <auth>EXTERNAL</auth>
              <policy context="default">
                <allow send_destination="*" eavesdrop="true"/>
                <allow eavesdrop="true"/>
                <allow own="*"/>
              </policy>
            </busconfig>
            """
        let configurationPath = directory + "/bus.conf"
        try configuration.write(toFile: configurationPath, atomically: true, encoding: .utf8)
        daemon = try QEMUChildProcess("dbus-daemon", ["--config-file=\(configurationPath)", "--nofork", "--print-address"])
        // dbus-daemon prints the address once it listens, so no polling is needed.
        guard let line = try daemon.readLine(timeout: timeout), line.hasPrefix("unix:") else {
            throw QEMUHarnessError("dbus-daemon did not print its address; stderr: \(daemon.standardErrorText)")
        }
        address = line
    }

    deinit {
        stop()
    }

    /// Stops the daemon by PID and removes its directory.
    public func stop() {
        daemon.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Creates private temporary directories for sockets and files (mode 0700).
enum QEMUTemporaryDirectory {
    static func make(prefix: String) throws -> String {
        var template = Array("/tmp/\(prefix).XXXXXX".utf8CString)
        let result = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard result != nil else { throw QEMUHarnessError("mkdtemp failed for /tmp/\(prefix).XXXXXX") }
        return String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
    }
}
