public import DBus

/// A registered display listener on one console: the peer-to-peer connection QEMU sends frames
/// on, and the frame buffer they build. Close it to unregister (QEMU drops the listener when the
/// connection ends).
public final class QEMUDisplaySession: Sendable {
    public let console: QEMUConsole
    /// The connection QEMU calls the listener on (QEMU is its authentication server).
    public let connection: DBusConnection
    private let listener: DisplayListener

    init(console: QEMUConsole, connection: DBusConnection, listener: DisplayListener) {
        self.console = console
        self.connection = connection
        self.listener = listener
    }

    deinit { close() }

    /// Scanouts, updates and disables in the order QEMU sent them (one consumer).
    public var events: AsyncStream<DisplayEvent> { listener.events }

    /// The picture as of the last applied frame.
    public var frameBuffer: FrameBuffer { listener.frameBuffer }

    /// Waits for the first Scanout and returns the picture.
    /// - Throws: `QEMUDisplayError.noFrame` if the connection ends first, or on timeout.
    public func firstFrame(timeout: Duration = .seconds(10)) async throws -> FrameBuffer {
        if !frameBuffer.isEmpty { return frameBuffer }
        let events = self.events
        let gotFrame = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await event in events {
                    if case .scanout = event { return true }
                }
                return false
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        guard gotFrame || !frameBuffer.isEmpty else { throw QEMUDisplayError.noFrame(timeout: timeout) }
        return frameBuffer
    }

    /// The console's size each time QEMU announces a change (PropertiesChanged of `Width` and
    /// `Height`), for a front end that resizes its window. Subscribe before the change happens.
    public func sizeChanges() async throws -> AsyncThrowingStream<(width: UInt32, height: UInt32), any Error> {
        let rule = MatchRule(sender: console.destination, interface: "org.freedesktop.DBus.Properties", member: "PropertiesChanged", path: console.path)
            .matchingArgument(0, Display1Console.interfaceName.rawValue)
        let proxy = console.console
        return try await console.connection.typedSignals(matching: rule) { message in
            let (_, changed, invalidated) = try message.decodeBody(as: String.self, [String: Variant].self, [String].self)
            let sizeNames: Set<String> = ["Width", "Height"]
            guard changed.keys.contains(where: sizeNames.contains) || invalidated.contains(where: sizeNames.contains) else { return nil }
            // A change may carry one of the two; read the other from QEMU.
            var width = changed["Width"]?.get(as: UInt32.self)
            if width == nil { width = try await proxy.width }
            var height = changed["Height"]?.get(as: UInt32.self)
            if height == nil { height = try await proxy.height }
            guard let width, let height else { return nil }
            return (width, height)
        }
    }

    public func close() {
        connection.close()
        listener.finish()
    }

    /// Closes the connection and waits until QEMU has dropped the listener, so the same bus
    /// connection can register a new one (QEMU allows one listener per caller and console).
    public func closeAndWait() async {
        close()
        // A Console property read goes through QEMU's main loop, which handles the hang-up of
        // the listener socket first.
        _ = try? await console.console.label
    }
}

public enum QEMUDisplayError: Error, CustomStringConvertible {
    case noFrame(timeout: Duration)
    case sizeNeverSettled(console: (width: UInt32, height: UInt32), frame: (width: Int, height: Int))

    public var description: String {
        switch self {
        case .noFrame(let timeout): "QEMU sent no picture within \(timeout)"
        case .sizeNeverSettled(let console, let frame):
            "the console is \(console.width)x\(console.height) but QEMU keeps sending \(frame.width)x\(frame.height) pictures"
        }
    }
}
