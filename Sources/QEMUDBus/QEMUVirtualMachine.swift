public import DBus

/// One QEMU VM's D-Bus display (`-display dbus`), reached over a bus or over QEMU's bus-less
/// peer-to-peer mode.
public struct QEMUVirtualMachine: Sendable {
    /// The well-known name every QEMU display owns (queued when several VMs share a bus).
    public static let busName: BusName = "org.qemu"
    static let vmPath: ObjectPath = "/org/qemu/Display1/VM"

    public let connection: DBusConnection
    /// The VM's unique name on the bus; nil on a peer-to-peer connection (no bus, no destination).
    public let destination: BusName?

    public init(connection: DBusConnection, destination: BusName?) {
        self.connection = connection
        self.destination = destination
    }

    /// The VMs on a bus: every connection queued for `org.qemu`, the current owner first; empty
    /// when no QEMU is there.
    public static func discover(on connection: DBusConnection) async throws -> [QEMUVirtualMachine] {
        let owners: [BusName]
        do {
            owners = try await connection.listQueuedOwners(busName)
        } catch let error as DBusError where error.name.rawValue == "org.freedesktop.DBus.Error.NameHasNoOwner" {
            return []
        }
        return owners.map { QEMUVirtualMachine(connection: connection, destination: $0) }
    }

    /// A VM started with `-display dbus,p2p=yes`, reached through its QMP socket: QEMU gets one end
    /// of a socket pair (QMP `getfd` + `add_client`) and we authenticate as the client on the other.
    public static func peerToPeer(qmpSocketPath: String) async throws -> QEMUVirtualMachine {
        let socket = try await runDetached {
            let qmp = try QMPClient(socketPath: qmpSocketPath)
            return try qmp.addDisplayClient()
        }
        let connection = try await DBusConnection.peer(socket: socket, role: .client())
        connection.start()
        return QEMUVirtualMachine(connection: connection, destination: nil)
    }

    /// The generated proxy of `org.qemu.Display1.VM`.
    public var vm: Display1VM.Proxy { Display1VM.Proxy(connection: connection, destination: destination, path: Self.vmPath) }

    /// Name, UUID and console ids in one round trip each.
    public func info() async throws -> Info {
        Info(name: try await vm.name, uuid: try await vm.uuid, consoleIDs: try await vm.consoleIDs)
    }

    public struct Info: Sendable, Hashable {
        public var name: String
        public var uuid: String
        public var consoleIDs: [UInt32]
    }

    /// Console `id` (see `Info.consoleIDs`).
    public func console(_ id: UInt32) -> QEMUConsole {
        QEMUConsole(connection: connection, destination: destination, id: id)
    }
}
