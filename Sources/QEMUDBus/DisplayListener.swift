import DBus
import Foundation

/// What changed on a console's picture.
public enum DisplayEvent: Sendable, Equatable {
    /// A whole new picture of this size arrived.
    case scanout(width: Int, height: Int)
    /// A rectangle of the picture was redrawn.
    case update(x: Int, y: Int, width: Int, height: Int)
    /// QEMU stopped showing this console.
    case disabled
}

/// `org.qemu.Display1.Listener` (the generated protocol) keeping the console's frame buffer.
/// QEMU calls it on the peer-to-peer connection; frames with bad geometry are dropped and
/// reported as errors to QEMU, never applied.
final class DisplayListener: Display1Listener.Interface, @unchecked Sendable {
    static let path: ObjectPath = "/org/qemu/Display1/Listener"

    private let lock = NSLock()
    private var buffer = FrameBuffer()
    /// The shared picture of the last ScanoutMap; a plain Scanout releases it.
    private var mapping: SharedPicture?
    let events: AsyncStream<DisplayEvent>
    private let continuation: AsyncStream<DisplayEvent>.Continuation

    /// Reads the console's current `Width` and `Height` from QEMU.
    private let consoleSize: @Sendable () async throws -> (width: UInt32, height: UInt32)

    init(consoleSize: @escaping @Sendable () async throws -> (width: UInt32, height: UInt32)) {
        self.consoleSize = consoleSize
        (events, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(256))
    }

    var frameBuffer: FrameBuffer { lock.withLock { buffer } }

    func finish() {
        continuation.finish()
        lock.withLock { mapping = nil }
    }

    func yield(_ event: DisplayEvent) { continuation.yield(event) }

    func replaceMapping(with new: SharedPicture?, _ apply: (inout FrameBuffer) throws -> Void) throws {
        try lock.withLock {
            try apply(&buffer)
            mapping = new
        }
    }

    func withMapping(_ body: (SharedPicture?, inout FrameBuffer) throws -> Void) throws {
        try lock.withLock { try body(mapping, &buffer) }
    }

    /// Exports the listener (and its shared-memory variant) on QEMU's peer-to-peer connection.
    /// Call before `start()`: QEMU's first message is GetAll on it.
    func export(on connection: DBusConnection) throws {
        _ = try connection.export(Display1Listener.Skeleton(self), at: Self.path)
        _ = try connection.export(Display1ListenerUnixMap.Skeleton(self), at: Self.path)
    }

    func scanout(width: UInt32, height: UInt32, stride: UInt32, pixmanFormat: UInt32, data: [UInt8]) async throws {
        try replaceMapping(with: nil) { try $0.scanout(width: width, height: height, stride: stride, format: pixmanFormat, data: data) }
        continuation.yield(.scanout(width: Int(width), height: Int(height)))
    }

    func update(x: Int32, y: Int32, width: Int32, height: Int32, stride: UInt32, pixmanFormat: UInt32, data: [UInt8]) async throws {
        // QEMU 7.2 switches the first listener's console to a new mode with Updates only (no
        // Scanout). An Update beyond the picture means the console changed size: ask QEMU for
        // it and grow or shrink the picture, so the Updates that follow fill it.
        let current = frameBuffer
        if !current.isEmpty, Int(x) + Int(width) > current.width || Int(y) + Int(height) > current.height {
            let size = try await consoleSize()
            lock.withLock { buffer.resize(width: Int(size.width), height: Int(size.height)) }
        }
        try lock.withLock {
            try buffer.update(x: x, y: y, width: width, height: height, stride: stride, format: pixmanFormat, data: data)
        }
        continuation.yield(.update(x: Int(x), y: Int(y), width: Int(width), height: Int(height)))
    }

    func scanoutDMABUF(dmabuf: UnixFD, width: UInt32, height: UInt32, stride: UInt32, fourcc: UInt32, modifier: UInt64, y0Top: Bool) async throws {
        dmabuf.close()
        throw DBusError(name: "org.qemu.Display1.Error.Unsupported", message: "this listener takes shared-memory frames only, not DMABUF")
    }

    func updateDMABUF(x: Int32, y: Int32, width: Int32, height: Int32) async throws {
        throw DBusError(name: "org.qemu.Display1.Error.Unsupported", message: "this listener takes shared-memory frames only, not DMABUF")
    }

    func disable() async throws {
        continuation.yield(.disabled)
    }

    func mouseSet(x: Int32, y: Int32, on: Int32) async throws {}

    func cursorDefine(width: Int32, height: Int32, hotX: Int32, hotY: Int32, data: [UInt8]) async throws {}

    /// QEMU 8.1+ reads this to learn which optional listener interfaces we serve; 7.2 ignores it.
    var interfaces: [String] { get async throws { [Display1ListenerUnixMap.interfaceName.rawValue] } }
}
