import DBus
import DBusTestSupport
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        let vm = try await detached { QEMUTestVM(process: try QEMUProcess(settings)) }
        try await detached { try vm.process.waitForOutput(containing: "Press ESC for boot menu") }
        return vm
    }

    /// Starts QEMU with no display (dbus-vmstate tests).
    static func startHeadless(extraArguments: [String]) async throws -> QEMUTestVM {
        var options = QEMUProcess.Options(display: .none)
        options.vga = nil
        options.extraArguments = extraArguments
        let settings = options
        return try await detached { QEMUTestVM(process: try QEMUProcess(settings)) }
    }

    func stop() async {
        _ = try? await detached { self.process.stop() }
    }

    /// Waits for a line of QEMU's standard output (SeaBIOS's debug console) containing `text`.
    func waitForOutput(containing text: String) async throws {
        try await detached { try self.process.waitForOutput(containing: text, timeout: .seconds(20)) }
    }

    /// Runs QMP commands off the pool.
    func qmp<T: Sendable>(_ body: @escaping @Sendable (QEMUMonitor) throws -> T) async throws -> T {
        try await detached { try body(self.process.monitor) }
    }
}

/// A private dbus-daemon, started off the pool.
func startPrivateBus() async throws -> PrivateBus {
    try await detached { try PrivateBus() }
}

private final class DetachedJob: @unchecked Sendable {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

/// Runs blocking `body` on a new detached thread and resumes with its result.
func detached<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let job = DetachedJob { continuation.resume(with: Result { try body() }) }
        let context = Unmanaged.passRetained(job).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { raw in
            Unmanaged<DetachedJob>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, context)
        if result == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<DetachedJob>.fromOpaque(context).takeRetainedValue().body()
        }
    }
}
