/// One live signal subscription inside a connection.
final class SignalSubscription: Sendable {
    let id: UInt64
    let rule: MatchRule
    let queue: BoundedQueue<Message>

    init(id: UInt64, rule: MatchRule, capacity: Int) {
        self.id = id
        self.rule = rule
        self.queue = BoundedQueue(capacity: capacity)
    }
}

/// Signals matching a rule, in arrival order. The bus match (AddMatch) was added before the
/// stream was returned and is removed (RemoveMatch) when the last copy of the stream and its
/// iterators is gone, or on `cancel()`.
///
/// ```swift
/// let changes = try await bus.signals(matching: MatchRule(interface: "org.example.Iface", member: "Changed"))
/// for await signal in changes { ... }
/// ```
/// The stream ends when the connection closes or the iterating task is cancelled. A consumer
/// that falls `capacity` signals behind makes the connection stop reading (back-pressure).
public struct SignalStream: AsyncSequence, Sendable {
    public typealias Element = Message
    let token: SubscriptionToken

    public func makeAsyncIterator() -> Iterator { Iterator(token: token) }

    /// Ends the subscription now.
    public func cancel() { token.cancel() }

    public struct Iterator: AsyncIteratorProtocol {
        let token: SubscriptionToken
        public mutating func next() async -> Message? { await token.subscription.queue.next() }
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(Never) -> Message? {
            await token.subscription.queue.next()
        }
    }
}

/// Keeps a subscription alive; its deinit unsubscribes.
final class SubscriptionToken: Sendable {
    let subscription: SignalSubscription
    weak let connection: DBusConnection?

    init(subscription: SignalSubscription, connection: DBusConnection) {
        self.subscription = subscription
        self.connection = connection
    }

    func cancel() { connection?.unsubscribe(subscription) }

    deinit { cancel() }
}

extension DBusConnection {
    /// Subscribes to signals matching `rule`. On a bus, AddMatch is sent (and awaited) first.
    /// - Parameter capacity: signals buffered before the connection stops reading.
    /// - Throws: `DBusError` when the bus rejects the rule, or `DBusConnectionError`.
    public func signals(matching rule: MatchRule, capacity: Int = 4096) async throws -> SignalStream {
        let subscription: SignalSubscription = state.withLock {
            let subscription = SignalSubscription(id: nextSubscriptionID, rule: rule, capacity: capacity)
            nextSubscriptionID += 1
            subscriptions[subscription.id] = subscription
            return subscription
        }
        // Registered before AddMatch so that no signal sent right after the reply is missed.
        let token = SubscriptionToken(subscription: subscription, connection: self)
        if isBus {
            _ = try await call(destination: .bus, path: .bus, interface: .bus, member: "AddMatch", body: MessageBody(rule.description))
        }
        return SignalStream(token: token)
    }

    func unsubscribe(_ subscription: SignalSubscription) {
        let removed = state.withLock { subscriptions.removeValue(forKey: subscription.id) != nil }
        subscription.queue.finish(discarding: true)
        guard removed, isBus, !isClosed else { return }
        // Queued synchronously (so it precedes anything sent later); the reply is not awaited.
        try? sendNow(.methodCall(
            destination: .bus, path: .bus, interface: .bus, member: "RemoveMatch",
            body: MessageBody(subscription.rule.description)))
    }

    /// Hands a signal to every subscription whose rule selects it, waiting for room.
    nonisolated(nonsending) func deliverSignal(_ message: Message) async {
        let targets = state.withLock { subscriptions.values.filter { $0.rule.matches(message) } }
        for target in targets { _ = await target.queue.send(message) }
    }

    /// Number of live subscriptions (for tests of subscription lifetime).
    public var subscriptionCount: Int { state.withLock { subscriptions.count } }
}
