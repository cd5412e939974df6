/// Client-side property access through org.freedesktop.DBus.Properties, as generated proxies use it.
extension DBusConnection {
    /// Reads one property with `Properties.Get` and checks its type.
    /// - Throws: `DBusError` from the peer, or `InvalidArgs` when the value has another type.
    public func getProperty<T: DBusDecodable>(
        _ name: String, of interface: InterfaceName, at path: ObjectPath, on destination: BusName?, as type: T.Type = T.self
    ) async throws -> T {
        let reply = try await call(
            destination: destination, path: path, interface: StandardInterfaces.properties, member: "Get",
            body: MessageBody(interface.rawValue, name))
        return try Self.unwrap(try reply.decodeBody(as: Variant.self), property: name, of: interface)
    }

    /// Writes one property with `Properties.Set`.
    public func setProperty<T: DBusEncodable>(
        _ name: String, of interface: InterfaceName, at path: ObjectPath, on destination: BusName?, to value: T
    ) async throws {
        _ = try await call(
            destination: destination, path: path, interface: StandardInterfaces.properties, member: "Set",
            body: MessageBody(interface.rawValue, name, Variant(value)))
    }

    /// New values of one property, from PropertiesChanged: a value carried in the signal is
    /// delivered as is (EmitsChangedSignal `true`); an invalidation is followed by a `Get`
    /// (EmitsChangedSignal `invalidates`). Subscribed before this returns, so no change made
    /// afterwards is missed.
    public func propertyChanges<T: DBusDecodable & Sendable>(
        _ name: String, of interface: InterfaceName, at path: ObjectPath, on destination: BusName?, as type: T.Type = T.self
    ) async throws -> AsyncThrowingStream<T, any Error> {
        let rule = MatchRule(sender: destination, interface: StandardInterfaces.properties, member: "PropertiesChanged", path: path)
            .matchingArgument(0, interface.rawValue)
        return try await typedSignals(matching: rule) { [weak self] message throws -> T? in
            let (changedInterface, changed, invalidated) = try message.decodeBody(as: String.self, [String: Variant].self, [String].self)
            guard changedInterface == interface.rawValue else { return nil }
            if let value = changed[name] { return try Self.unwrap(value, property: name, of: interface) }
            guard invalidated.contains(name), let self else { return nil }
            return try await self.getProperty(name, of: interface, at: path, on: destination, as: T.self)
        }
    }

    /// Signals matching `rule`, each turned into a value by `decode` (`nil` skips the signal).
    /// The stream finishes with the first error `decode` throws (a signal of the wrong type).
    public func typedSignals<T: Sendable>(
        matching rule: MatchRule, decode: @escaping @Sendable (Message) async throws -> T?
    ) async throws -> AsyncThrowingStream<T, any Error> {
        let signals = try await signals(matching: rule)
        return AsyncThrowingStream { continuation in
            let task = Task {
                for await message in signals {
                    do {
                        if let value = try await decode(message) { continuation.yield(value) }
                    } catch {
                        continuation.finish(throwing: error)
                        return
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in
                task.cancel()
                signals.cancel()
            }
        }
    }

    static func unwrap<T: DBusDecodable>(_ variant: Variant, property name: String, of interface: InterfaceName) throws(DBusError) -> T {
        guard let value = variant.get(as: T.self) else {
            throw DBusError.invalidArgs("Property “\(name)” of \(interface) has type “\(variant.signature)”, expected “\(T.dbusSignature)”")
        }
        return value
    }
}
