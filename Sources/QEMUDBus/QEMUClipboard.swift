public import DBus
import Foundation

/// Clipboard sharing with a VM (`org.qemu.Display1.Clipboard`).
///
/// Both sides export the same interface at the same path: we call QEMU's object, QEMU calls
/// ours. `Register` is asynchronous in the sense that QEMU calls back (GetAll, then our
/// `Register`) before it replies, so our object is exported first and the connection keeps
/// serving while the call is pending.
public final class QEMUClipboard: Sendable {
    public static let path: ObjectPath = "/org/qemu/Display1/Clipboard"
    /// The MIME type for plain text, as QEMU's other front ends offer it.
    public static let textMime = "text/plain;charset=utf-8"

    /// What the guest's clipboard did.
    public enum Event: Sendable, Equatable {
        /// QEMU called our `Register` (it does so while registering us, and after a reset).
        case registered
        case grabbed(selection: UInt32, serial: UInt32, mimes: [String])
        case released(selection: UInt32)
        case unregistered
    }

    public let vm: QEMUVirtualMachine
    public var events: AsyncStream<Event> { local.events }
    private let local: LocalClipboard
    private let registration: ExportRegistration

    private var remote: Display1Clipboard.Proxy {
        .init(connection: vm.connection, destination: vm.destination, path: Self.path)
    }

    /// Exports our clipboard and registers it with QEMU.
    public init(vm: QEMUVirtualMachine) async throws {
        self.vm = vm
        local = LocalClipboard()
        registration = try vm.connection.export(Display1Clipboard.Skeleton(local), at: Self.path)
        do {
            try await remote.register()
        } catch {
            await registration.unexport()
            throw error
        }
    }

    /// Offers `text` to the guest; QEMU then calls our `Request` when the guest pastes.
    public func offer(text: String, selection: UInt32 = 0) async throws {
        let serial = local.offer(Array(text.utf8), selection: selection)
        try await remote.grab(selection: selection, serial: serial, mimes: [Self.textMime])
    }

    /// The guest's clipboard as text (after a `.grabbed` event offering text).
    public func requestText(selection: UInt32 = 0) async throws -> String {
        let (mime, data) = try await remote.request(selection: selection, mimes: [Self.textMime])
        guard mime.hasPrefix("text/plain") else { throw QEMUClipboardError.notText(mime) }
        return String(decoding: data, as: UTF8.self)
    }

    public func unregister() async throws {
        try await remote.unregister()
        await registration.unexport()
    }
}

public enum QEMUClipboardError: Error, CustomStringConvertible {
    case notText(String)
    public var description: String {
        switch self {
        case .notText(let mime): "the guest offered \(mime), not text"
        }
    }
}

/// Our side of the clipboard, called by QEMU.
final class LocalClipboard: Display1Clipboard.Interface, @unchecked Sendable {
    private let lock = NSLock()
    private var offered: [UInt32: [UInt8]] = [:]
    private var serial: UInt32 = 0
    let events: AsyncStream<QEMUClipboard.Event>
    private let continuation: AsyncStream<QEMUClipboard.Event>.Continuation

    init() {
        (events, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(64))
    }

    func offer(_ data: [UInt8], selection: UInt32) -> UInt32 {
        lock.withLock {
            serial &+= 1
            offered[selection] = data
            return serial
        }
    }

    func register() async throws { continuation.yield(.registered) }

    func unregister() async throws { continuation.yield(.unregistered) }

    func grab(selection: UInt32, serial: UInt32, mimes: [String]) async throws {
        lock.withLock { offered[selection] = nil }
        continuation.yield(.grabbed(selection: selection, serial: serial, mimes: mimes))
    }

    func release(selection: UInt32) async throws {
        continuation.yield(.released(selection: selection))
    }

    func request(selection: UInt32, mimes: [String]) async throws -> (replyMime: String, data: [UInt8]) {
        guard mimes.contains(where: { $0.hasPrefix("text/plain") }) else {
            throw DBusError(name: "org.qemu.Display1.Error.Unsupported", message: "only text is offered")
        }
        guard let data = lock.withLock({ offered[selection] }) else {
            throw DBusError(name: "org.qemu.Display1.Error.Failed", message: "nothing offered on selection \(selection)")
        }
        return (QEMUClipboard.textMime, data)
    }

    var interfaces: [String] { get async throws { [] } }
}
