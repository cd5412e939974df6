/// A registered object; `unexport()` removes it.
public struct ExportRegistration: Sendable {
    public let path: ObjectPath
    public let interface: InterfaceName
    weak var connection: DBusConnection?

    /// Removes the object; InterfacesRemoved is emitted if an ObjectManager is above it.
    public func unexport() async {
        guard let connection, connection.objects.remove(interface, at: path) else { return }
        if let manager = connection.objects.objectManager(above: path) {
            try? await connection.emitSignal(
                path: manager, interface: StandardInterfaces.objectManager, member: "InterfacesRemoved",
                body: MessageBody(path, [interface.rawValue]))
        }
    }
}

extension DBusConnection {
    /// Exports `object` at `path`. Calls to `path` for its interface go to `object.handle`.
    /// On a peer-to-peer connection, export before `start()` so the peer's first call finds it.
    /// - Parameter fallback: also route calls for paths below `path` that have no object of
    ///   their own (the handler sees the full path in `MethodCallContext.path`).
    /// - Throws: `DBusError` `ObjectPathInUse` when the interface is already exported there.
    @discardableResult
    public func export(_ object: some DBusExportedInterface, at path: ObjectPath, fallback: Bool = false) throws(DBusError) -> ExportRegistration {
        try objects.add(object, at: path, fallback: fallback)
        let name = type(of: object).interfaceName
        if let manager = objects.objectManager(above: path), !isClosed {
            // Announce the new object to ObjectManager clients, with its current properties.
            let context = MethodCallContext(message: .methodCall(path: path, member: "GetAll"), connection: self)
            Task {
                let properties = (try? await object.getAllProperties(context: context)) ?? [:]
                try? await self.emitSignal(
                    path: manager, interface: StandardInterfaces.objectManager, member: "InterfacesAdded",
                    body: MessageBody(path, [name.rawValue: properties]))
            }
        }
        return ExportRegistration(path: path, interface: name, connection: self)
    }

    /// Adds org.freedesktop.DBus.ObjectManager at `path`: GetManagedObjects lists every object
    /// below it, and exports/unexports below it emit InterfacesAdded/InterfacesRemoved.
    public func exportObjectManager(at path: ObjectPath) {
        objects.addObjectManager(at: path)
    }

    /// Emits org.freedesktop.DBus.Properties.PropertiesChanged for `interface` at `path`.
    public func emitPropertiesChanged(
        path: ObjectPath, interface: InterfaceName, changed: [String: Variant], invalidated: [String] = []
    ) async throws(DBusConnectionError) {
        try await emitSignal(
            path: path, interface: StandardInterfaces.properties, member: "PropertiesChanged",
            body: MessageBody(interface.rawValue, changed, invalidated))
    }
}
