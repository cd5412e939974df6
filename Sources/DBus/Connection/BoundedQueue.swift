/// A FIFO between a producer (the connection's I/O thread or dispatcher) and one async consumer,
/// with a capacity: `send` suspends while it is full, so a slow consumer slows the producer
/// down instead of growing memory without bound.
///
/// Continuations are unsafe (unchecked) ones: this queue runs once per message, and a checked
/// continuation allocates. Each is resumed exactly once because it is taken out of `consumer`
/// or `producers` under the lock before it is resumed.
final class BoundedQueue<Element: Sendable>: @unchecked Sendable {
    private let lock = Lock()
    // Guarded by `lock` (hence no run-time exclusivity check).
    /// Slots before `head` are nil: a taken element must not stay referenced here (a message
    /// would keep its fds open until the array is compacted).
    @exclusivity(unchecked) private var items: [Element?] = []
    @exclusivity(unchecked) private var head = 0
    @exclusivity(unchecked) private var finished = false
    @exclusivity(unchecked) private var consumer: UnsafeContinuation<Element?, Never>?
    @exclusivity(unchecked) private var producers: [UnsafeContinuation<Bool, Never>] = []
    let capacity: Int
    /// Called (outside the lock) when the queue drains from full to half its capacity.
    private let onDrain: (@Sendable () -> Void)?
    @exclusivity(unchecked) private var wasFull = false

    init(capacity: Int, onDrain: (@Sendable () -> Void)? = nil) {
        self.capacity = capacity
        self.onDrain = onDrain
    }

    var count: Int { lock.withLock { items.count - head } }

    /// Appends without waiting. Returns false once finished.
    /// - Returns: whether the queue is now at or over capacity (the producer should pause).
    @discardableResult
    func push(_ element: consuming Element) -> (accepted: Bool, full: Bool) {
        // Moved, not copied, into the queue or to the consumer (a copy of a message costs a
        // retain per buffer); the lock's closure cannot consume a captured parameter, so the
        // element goes through an optional it can take from.
        var slot = Optional(element)
        let (waiter, full, accepted): (UnsafeContinuation<Element?, Never>?, Bool, Bool) = lock.withLock {
            guard !finished else { return (nil, false, false) }
            if let consumer {
                self.consumer = nil
                return (consumer, false, true)
            }
            items.append(slot.take())
            let full = items.count - head >= capacity
            if full { wasFull = true }
            return (nil, full, true)
        }
        waiter?.resume(returning: slot.take())
        return (accepted, full)
    }

    /// Appends, waiting while the queue is full. Returns false once finished.
    func send(_ element: Element) async -> Bool {
        while true {
            let outcome = push(element)
            if !outcome.accepted { return false }
            if !outcome.full { return true }
            // Accepted but now full: wait for room before letting the producer continue.
            let open = await withUnsafeContinuation { continuation in
                let resumeNow: Bool = lock.withLock {
                    if finished || items.count - head < capacity { return true }
                    producers.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume(returning: true) }
            }
            return open
        }
    }

    /// The next element, or nil once finished and empty, or when the calling task is cancelled.
    nonisolated(nonsending) func next() async -> Element? {
        if let element = takeIfAvailable() { return element }
        return await withTaskCancellationHandler {
            await waitForNext()
        } onCancel: {
            let waiter: UnsafeContinuation<Element?, Never>? = lock.withLock {
                defer { consumer = nil }
                return consumer
            }
            waiter?.resume(returning: nil)
        }
    }

    /// `next()` for a consumer task that is never cancelled (a connection's dispatcher): it ends
    /// only through `finish`, and skips registering a cancellation handler for every element.
    /// It goes straight to the wait, which still takes an element queued meanwhile: its caller
    /// has just found the queue empty with `takeIfAvailable()`, so a separate check first would
    /// only cost another lock.
    nonisolated(nonsending) func nextUncancellable() async -> Element? {
        await waitForNext()
    }

    nonisolated(nonsending) private func waitForNext() async -> Element? {
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Element?, Never>) in
            let immediate: (Bool, Element?) = lock.withLock {
                if head < items.count {
                    return (true, takeLocked())
                }
                if finished || Task.isCancelled { return (true, nil) }
                consumer = continuation
                return (false, nil)
            }
            if immediate.0 {
                continuation.resume(returning: immediate.1)
                drained()
            }
        }
    }

    /// The next element if one is queued, without waiting.
    func takeIfAvailable() -> Element? {
        let element: Element? = lock.withLock { head < items.count ? takeLocked() : nil }
        if element != nil { drained() }
        return element
    }

    private func takeLocked() -> Element {
        let element = items[head].take()!
        head += 1
        if head > 64 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return element
    }

    /// Wakes producers waiting for room, and reports the drain once.
    private func drained() {
        let (waiters, report): ([UnsafeContinuation<Bool, Never>], Bool) = lock.withLock {
            guard items.count - head <= capacity / 2 else { return ([], false) }
            let waiters = producers
            producers = []
            let report = wasFull
            wasFull = false
            return (waiters, report)
        }
        for waiter in waiters { waiter.resume(returning: true) }
        if report { onDrain?() }
    }

    /// Ends the queue: the consumer gets what is left, then nil; producers get false.
    /// With `discarding`, elements not yet consumed are dropped (closing their fds).
    func finish(discarding: Bool = false) {
        let (consumer, producers): (UnsafeContinuation<Element?, Never>?, [UnsafeContinuation<Bool, Never>]) = lock.withLock {
            finished = true
            if discarding {
                items = []
                head = 0
            }
            defer {
                self.consumer = nil
                self.producers = []
            }
            return (head < items.count ? nil : self.consumer, self.producers)
        }
        consumer?.resume(returning: nil)
        for producer in producers { producer.resume(returning: false) }
    }
}
