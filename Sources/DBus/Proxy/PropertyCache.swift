/// Values a proxy has read once and keeps: properties annotated
/// `org.freedesktop.DBus.Property.EmitsChangedSignal` `const` never change while the object exists.
public final class PropertyCache: Sendable {
    private let lock = Lock()
    nonisolated(unsafe) private var values: [String: any Sendable] = [:]

    public init() {}

    /// The cached value of `name`, or the result of `fetch`, which is then cached.
    public func value<T: Sendable>(_ name: String, fetch: () async throws -> T) async throws -> T {
        if let cached = lock.withLock({ values[name] }) as? T { return cached }
        let value = try await fetch()
        lock.withLock { values[name] = value }
        return value
    }
}
