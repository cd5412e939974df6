import DBus
import Foundation
public import QEMUDBus

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A running `qemu-system-x86_64` with the D-Bus display, for interop tests.
///
/// The harness listens on a private Unix socket and starts QEMU with `-qmp unix:PATH` (client
/// mode), so QEMU connects to the harness during start-up: no polling for a socket file. In bus
/// mode it then waits for QEMU to own `org.qemu` with `gdbus wait`, which watches
/// NameOwnerChanged. QEMU is stopped with QMP `quit`, then by PID.
public final class QEMUProcess {
    /// How QEMU's D-Bus display is reached.
    public enum Display: Sendable {
        /// `-display dbus,addr=ADDRESS`: QEMU joins this bus and owns `org.qemu` there.
        case bus(address: String)
        /// `-display dbus,p2p=yes`: no bus; clients come in through QMP `add_client`.
        case peerToPeer
        /// `-display none`: no display (for `dbus-vmstate` tests).
        case none
    }

    public struct Options: Sendable {
        public var display: Display
        /// Guest RAM in MiB; 64 is plenty for SeaBIOS.
        public var memoryMiB = 64
        /// Extra `-display dbus` sub-options, e.g. `["audiodev=a0"]` (ignored for `.none`).
        public var displaySuboptions: [String] = []
        /// The `-vga` model, or nil for no video device.
        public var vga: String? = "std"
        /// The `-name` value (shown as `org.qemu.Display1.VM.Name`).
        public var name: String?
        /// Appended verbatim, e.g. `["-object", "dbus-vmstate,id=dv,addr=..."]`.
        public var extraArguments: [String] = []
        /// Limit for start-up and for each QMP reply.
        public var timeout: Duration = .seconds(30)

        public init(display: Display) {
            self.display = display
        }
    }

    public let options: Options
    /// QMP, for commands, events and migrations (QEMUDBus's client, as front ends use it).
    public let monitor: QMPClient
    private let child: PeerProcess
    private let directory: TemporaryDirectory

    /// The QEMU command line, without the `-qmp` option the harness adds.
    public static func arguments(for options: Options) -> [String] {
        var arguments = ["-nodefaults", "-m", String(options.memoryMiB)]
        switch options.display {
        case .bus(let address):
            // QEMU splits option values at commas; a literal comma is written twice.
            let value = ["dbus", "addr=" + address.replacingOccurrences(of: ",", with: ",,")] + options.displaySuboptions
            arguments += ["-display", value.joined(separator: ",")]
        case .peerToPeer:
            arguments += ["-display", (["dbus", "p2p=yes"] + options.displaySuboptions).joined(separator: ",")]
        case .none:
            arguments += ["-display", "none"]
        }
        if let vga = options.vga { arguments += ["-vga", vga] }
        if let name = options.name { arguments += ["-name", name] }
        return arguments + options.extraArguments
    }

    /// Starts QEMU and returns once QMP is ready and, in bus mode, `org.qemu` is owned.
    public init(_ options: Options) throws {
        self.options = options
        directory = try TemporaryDirectory(prefix: "qemu-vm")
        let socketPath = directory.path + "/qmp.sock"
        let listener = try SocketCalls.listenUnix(path: socketPath, abstract: false)
        defer { close(listener) }

        child = try PeerProcess("qemu-system-x86_64", Self.arguments(for: options) + ["-qmp", "unix:" + socketPath])
        let deadline = ContinuousClock.now + options.timeout
        do {
            guard let connection = try QEMUSystemCalls.accept(on: listener, until: deadline, watchingHangUpOf: child.outputDescriptor) else {
                if !child.isRunning || child.waitForExitStatus(timeout: 5) != nil {
                    throw HarnessError("QEMU exited during start-up (\(child.commandLine))")
                }
                throw HarnessError("QEMU did not connect to its QMP socket within \(options.timeout)")
            }
            monitor = try QMPClient(socket: connection, timeout: options.timeout)
            if case .bus(let address) = options.display {
                try Self.waitForBusName("org.qemu", on: address, until: deadline)
            }
        } catch {
            child.stop()
            directory.remove()
            throw HarnessError("\(error); QEMU stderr: \(child.stderrText())")
        }
    }

    deinit {
        child.stop()
        directory.remove()
    }

    public var pid: Int32 { child.pid }

    public var isRunning: Bool { child.isRunning }

    /// What QEMU wrote to standard error (warnings such as dbus-vmstate's).
    public var standardErrorText: String { child.stderrText() }

    /// The next line QEMU wrote to standard output, e.g. from `-chardev stdio` (SeaBIOS's debug
    /// console with `-device isa-debugcon,iobase=0x402,chardev=...`); nil once QEMU closed it.
    /// Standard output is a pipe: a test that routes a chatty device there must keep reading,
    /// or QEMU blocks once the pipe buffer (64 KiB) is full.
    public func readOutputLine(timeout: Duration = .seconds(30)) throws -> String? {
        try child.readLine(timeout: timeout.inSeconds)
    }

    /// Reads standard output lines until one contains `text`.
    public func waitForOutput(containing text: String, timeout: Duration = .seconds(30)) throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero, let line = try readOutputLine(timeout: left) else {
                throw HarnessError("QEMU's output never contained '\(text)'; stderr: \(standardErrorText)")
            }
            if line.contains(text) { return }
        }
    }

    /// Waits for QEMU to exit by itself (for example after a failed incoming migration).
    @discardableResult
    public func waitForExit(timeout: Duration = .seconds(30)) throws -> Int32 {
        // Not reading stdout meanwhile, as QEMU's is quiet unless a test routes a device there.
        guard let status = child.waitForExitStatus(timeout: timeout.inSeconds) else {
            throw HarnessError("QEMU did not exit within \(timeout)")
        }
        return PeerProcess.exitCode(status)
    }

    /// Quits QEMU through QMP and waits for it to exit; falls back to signals by PID.
    public func stop() {
        if child.isRunning {
            try? monitor.quit()
            if child.waitForExitStatus(timeout: 10) == nil {
                child.stop()
            }
        }
    }

    /// Waits until `name` has an owner on the bus at `address`, using `gdbus wait` (it watches
    /// NameOwnerChanged, so there is no sleeping or polling).
    public static func waitForBusName(_ name: String, on address: String, until deadline: ContinuousClock.Instant) throws {
        let seconds = max(1, ContinuousClock.now.duration(to: deadline).components.seconds)
        let result = try PeerProcess.run(
            "gdbus", ["wait", "--address", address, "--timeout", String(seconds), name],
            timeout: Double(seconds + 5))
        if result.status != 0 {
            throw HarnessError("'\(name)' got no owner on \(address) within \(seconds) s")
        }
    }
}
