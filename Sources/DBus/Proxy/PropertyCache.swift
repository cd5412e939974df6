/// A proxy's cache of property values, following `org.freedesktop.DBus.Property.EmitsChangedSignal`:
/// `const` values are read once and kept; `true` and `invalidates` values are kept while the
/// cache tracks PropertiesChanged (see `startTracking`), updated by new values and dropped on
/// invalidation; `false` values are never cached.
public final class PropertyCache: Sendable {
    public enum Policy: Sendable {
        /// EmitsChangedSignal `const`.
        case constant
        /// EmitsChangedSignal `true` or `invalidates`.
        case tracked
    }

    private struct State {
        var values: [String: Variant] = [:]
        var tracker: Task<Void, Never>?
        /// Bumped by every signal and invalidation, so a `Get` that overlapped one never stores
        /// its possibly older answer.
        var generation = 0
    }

    private let lock = Lock()
    nonisolated(unsafe) private var state = State()

    public init() {}

    deinit {
        state.tracker?.cancel()
    }

    private var isTracking: Bool { lock.withLock { state.tracker != nil } }

    /// The cached value of `name` if the policy allows one, else the result of `fetch` (kept
    /// for next time when the policy allows it).
    public func value<T: DBusCodable & Sendable>(_ name: String, policy: Policy, fetch: () async throws -> T) async throws -> T {
        let usable = policy == .constant || isTracking
        let (cached, generation) = lock.withLock { (state.values[name], state.generation) }
        if usable, let cached = cached?.get(as: T.self) { return cached }
        let value = try await fetch()
        if usable {
            lock.withLock {
                if state.generation == generation { state.values[name] = Variant(value) }
            }
        }
        return value
    }

    /// Forgets `name`, e.g. after this client set it: the next read asks the object.
    public func invalidate(_ name: String) {
        lock.withLock {
            state.values[name] = nil
            state.generation += 1
        }
    }

    /// Subscribes to PropertiesChanged for `interface` at `path` and keeps the cache current
    /// until the cache is released. Idempotent.
    public func startTracking(connection: DBusConnection, destination: BusName?, path: ObjectPath, interface: InterfaceName) async throws {
        guard !isTracking else { return }
        let rule = MatchRule(sender: destination, interface: StandardInterfaces.properties, member: "PropertiesChanged", path: path)
            .matchingArgument(0, interface.rawValue)
        let signals = try await connection.signals(matching: rule)
        let tracker = Task { [weak self] in
            for await message in signals {
                guard let self else { return }
                guard let (changedInterface, changed, invalidated) = try? message.decodeBody(as: String.self, [String: Variant].self, [String].self) else {
                    // A malformed signal says something changed without saying what: forget everything.
                    self.lock.withLock {
                        self.state.values.removeAll()
                        self.state.generation += 1
                    }
                    continue
                }
                guard changedInterface == interface.rawValue else { continue }
                self.lock.withLock {
                    for (name, value) in changed { self.state.values[name] = value }
                    for name in invalidated { self.state.values[name] = nil }
                    self.state.generation += 1
                }
            }
        }
        let replaced: Task<Void, Never>? = lock.withLock {
            defer { state.tracker = tracker }
            return state.tracker
        }
        replaced?.cancel()
    }
}
