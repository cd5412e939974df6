public import DBus

/// A helper process's state carried along with a QEMU migration (`-object dbus-vmstate`).
///
/// The helper exports `org.qemu.VMState1` at `/org/qemu/VMState1` with its `Id` and queues for
/// the name `org.qemu.VMState1` (several helpers share it; QEMU asks every queued owner). QEMU
/// calls `Save` on the source and `Load` with exactly those bytes on the destination, matching
/// helpers by `Id`.
public final class VMStateHelper: Sendable {
    public static let busName: BusName = "org.qemu.VMState1"
    public static let path: ObjectPath = "/org/qemu/VMState1"

    public let connection: DBusConnection
    public let id: String
    /// Whether this helper got the name at once or waits in the queue (both are served).
    public let ownership: RequestNameReply
    private let registration: ExportRegistration

    /// Exports the helper on `connection` (a bus connection of its own: the bus queues
    /// connections, not objects) and requests the name.
    public init(
        on connection: DBusConnection, id: String,
        save: @escaping @Sendable () async throws -> [UInt8],
        load: @escaping @Sendable ([UInt8]) async throws -> Void
    ) async throws {
        self.connection = connection
        self.id = id
        registration = try connection.export(VMState1.Skeleton(Implementation(id: id, save: save, load: load)), at: Self.path)
        ownership = try await connection.requestName(Self.busName)
        guard ownership == .primaryOwner || ownership == .inQueue || ownership == .alreadyOwner else {
            await registration.unexport()
            throw VMStateHelperError.nameRefused(ownership)
        }
    }

    /// Leaves the queue and stops serving.
    public func stop() async {
        _ = try? await connection.releaseName(Self.busName)
        await registration.unexport()
    }

    private struct Implementation: VMState1.Interface {
        let identifier: String
        let saveState: @Sendable () async throws -> [UInt8]
        let loadState: @Sendable ([UInt8]) async throws -> Void

        init(id: String, save: @escaping @Sendable () async throws -> [UInt8], load: @escaping @Sendable ([UInt8]) async throws -> Void) {
            identifier = id
            saveState = save
            loadState = load
        }

        var id: String { get async throws { identifier } }
        func save() async throws -> [UInt8] { try await saveState() }
        func load(data: [UInt8]) async throws { try await loadState(data) }
    }
}

public enum VMStateHelperError: Error, CustomStringConvertible {
    case nameRefused(RequestNameReply)

    public var description: String {
        switch self {
        case .nameRefused(let reply): "the bus refused org.qemu.VMState1 (\(reply)); QEMU would not see this helper"
        }
    }
}
