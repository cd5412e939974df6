import DBus
import DBusTestSupport
import Foundation
import QEMUDBus

/// A QEMU started for one test, with async entry points: the harness's start-up and output
/// waits block, so they run on a thread of their own and never tie up the cooperative pool that
/// the D-Bus connections under test need.
final class QEMUTestVM: @unchecked Sendable {
    let process: QEMUProcess

    private init(process: QEMUProcess) { self.process = process }

    /// Starts QEMU with SeaBIOS's boot menu held open and returns once SeaBIOS waits for keys
    /// (its debug console printed "Press ESC for boot menu"), so the screen shows text.
    static func start(_ display: QEMUProcess.Display, name: String? = nil, extraArguments: [String] = []) async throws -> QEMUTestVM {
        var options = QEMUProcess.Options(display: display)
        options.name = name
        options.extraArguments = [
            "-boot", "menu=on,splash-time=60000",
            "-chardev", "stdio,id=seabios", "-device", "isa-debugcon,iobase=0x402,chardev=seabios",
        ] + extraArguments
        let settings = options
        let vm = try await offload { QEMUTestVM(process: try QEMUProcess(settings)) }
        try await offload { try vm.process.waitForOutput(containing: "Press ESC for boot menu") }
        return vm
    }

    /// Starts QEMU with no display (dbus-vmstate tests).
    static func startHeadless(extraArguments: [String]) async throws -> QEMUTestVM {
        var options = QEMUProcess.Options(display: .none)
        options.vga = nil
        options.extraArguments = extraArguments
        let settings = options
        return try await offload { QEMUTestVM(process: try QEMUProcess(settings)) }
    }

    func stop() async {
        _ = try? await offload { self.process.stop() }
    }

    /// Waits for a line of QEMU's standard output (SeaBIOS's debug console) containing `text`.
    func waitForOutput(containing text: String) async throws {
        try await offload { try self.process.waitForOutput(containing: text, timeout: .seconds(20)) }
    }

    /// Runs QMP commands off the pool.
    func qmp<T: Sendable>(_ body: @escaping @Sendable (QMPClient) throws -> T) async throws -> T {
        try await offload { try body(self.process.monitor) }
    }
}

/// A private dbus-daemon, started off the pool.
func startPrivateBus() async throws -> PrivateBus {
    try await offload { try PrivateBus() }
}
