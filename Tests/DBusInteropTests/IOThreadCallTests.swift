import Testing
import DBus
import Synchronization
import DBusTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Calls made on a connection's own I/O thread (a task preferring `connection.executor`), which
/// wait for a quick reply in poll() instead of suspending: every way a call can end, and every
/// event that must end the wait early, over a Swift-to-Swift socketpair.
@Suite struct IOThreadCallTests {
    /// `server` exports `Holder` at /holder and `Talker` at /talker; `client` exports a
    /// `Recorder` at /recorder (for calls back) and is started with no task on its thread.
    func makePair() async throws -> (server: DBusConnection, client: DBusConnection, holder: Holder, recorder: Recorder) {
        var ends: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0)
        let holder = Holder()
        let recorder = Recorder()
        async let serverSide = DBusConnection.peer(socket: ends[0], role: .server()) { connection in
            try connection.export(holder, at: "/holder")
            try connection.export(Talker(), at: "/talker")
        }
        async let clientSide = DBusConnection.peer(socket: ends[1], role: .client()) { connection in
            try connection.export(recorder, at: "/recorder")
        }
        let (server, client) = try await (serverSide, clientSide)
        return (server, client, holder, recorder)
    }

    /// Starts a `Hang` call with no timeout on `client`'s I/O thread (so it waits inline) and
    /// returns once the peer's handler has entered it: the call is then certainly waiting.
    @available(macOS 15.0, *)
    func hangOnIOThread(_ client: DBusConnection, _ holder: Holder) async -> Task<Message, any Error> {
        let call = Task(executorPreference: client.executor) {
            try await client.call(path: "/holder", interface: Holder.interfaceName, member: "Hang", timeout: nil)
        }
        _ = await holder.entered.first { _ in true }
        return call
    }

    @available(macOS 15.0, *)
    @Test func sequentialCallsGetTheirRepliesAndErrors() async throws {
        let (server, client, holder, _) = try await makePair()
        defer { holder.release(); server.close(); client.close() }
        try await withTaskExecutorPreference(client.executor) {
            for length in 0..<300 {
                let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7) }
                let reply = try await client.call(path: "/holder", interface: Holder.interfaceName, member: "Echo", body: MessageBody(payload))
                #expect(try reply.decodeBody(as: [UInt8].self) == payload)
            }
            await #expect { _ = try await client.call(path: "/holder", interface: Holder.interfaceName, member: "Nope") } throws: { error in
                (error as? DBusError)?.name == .unknownMethod
            }
            // The connection is still in step after the error.
            let reply = try await client.call(path: "/holder", interface: Holder.interfaceName, member: "Echo", body: MessageBody([UInt8(9)]))
            #expect(try reply.decodeBody(as: [UInt8].self) == [9])
        }
    }

    /// A reply far larger than one read: the wait ends on the partial read and the call
    /// completes by suspending.
    @available(macOS 15.0, *)
    @Test func replyLargerThanOneReadArrives() async throws {
        let (server, client, holder, _) = try await makePair()
        defer { holder.release(); server.close(); client.close() }
        let payload = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
        try await withTaskExecutorPreference(client.executor) {
            for _ in 0..<3 {
                let reply = try await client.call(path: "/holder", interface: Holder.interfaceName, member: "Echo", body: MessageBody(payload))
                #expect(try reply.decodeBody(as: [UInt8].self) == payload)
            }
        }
    }

    @available(macOS 15.0, *)
    @Test func callWithoutReplyTimesOut() async throws {
        let (server, client, holder, _) = try await makePair()
        defer { holder.release(); server.close(); client.close() }
        await withTaskExecutorPreference(client.executor) {
            for timeout in [1, 30] {  // Shorter than the inline wait, and longer.
                await #expect {
                    _ = try await client.call(path: "/holder", interface: Holder.interfaceName, member: "Hang", timeout: .milliseconds(timeout))
                } throws: { error in
                    guard case .timedOut(let member, _) = error as? DBusConnectionError else { return false }
                    return member == "org.example.Holder.Hang"
                }
            }
        }
    }

    @available(macOS 15.0, *)
    @Test func cancellingTheTaskCancelsTheCall() async throws {
        let (server, client, holder, _) = try await makePair()
        defer { holder.release(); server.close(); client.close() }
        let call = await hangOnIOThread(client, holder)
        call.cancel()
        await #expect(throws: CancellationError.self) { _ = try await call.value }
        // A task cancelled before it calls fails at once.
        let early = Task(executorPreference: client.executor) {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.call(path: "/holder", interface: Holder.interfaceName, member: "Echo")
        }
        await #expect(throws: CancellationError.self) { _ = try await early.value }
    }

    /// A task cancelled while its call waits inline (no cancellation handler wakes that wait)
    /// fails as cancelled once the wait gives up, not when the call's 20 s timeout runs out. A
    /// scripted peer that never replies says when each call has arrived; the cancel then
    /// follows, mostly while the call still waits inline (for up to 20 ms), sometimes after.
    /// A lost cancel shows as an iteration of 20 s; under a loaded test run an iteration has
    /// taken up to 2.5 s, hence the 10 s bound.
    @available(macOS 15.0, *)
    @Test func cancellingDuringTheInlineWaitCancelsTheCall() async throws {
        let (ours, theirs) = try SocketCalls.socketPair()
        let (arrivals, arrived) = AsyncStream.makeStream(of: Void.self)
        let peerThread = Thread {
            let peer = QEMUPrototypeConnection(socket: theirs)
            do {
                try peer.authenticate()
                while true {  // Never replies; ends when we close.
                    _ = try peer.receive(timeout: .seconds(60))
                    arrived.yield()
                }
            } catch {
                arrived.finish()
            }
        }
        peerThread.start()
        let connection = try await DBusConnection.peer(socket: ours, role: .server()) { _ in }
        defer { connection.close() }
        var next = arrivals.makeAsyncIterator()
        let clock = ContinuousClock()
        for _ in 0..<10 {
            let call = Task(executorPreference: connection.executor) {
                try await connection.call(path: "/peer", member: "Never", timeout: .seconds(20))
            }
            #expect(await next.next() != nil)
            let cancelled = clock.now
            call.cancel()
            await #expect(throws: CancellationError.self) { _ = try await call.value }
            #expect(clock.now - cancelled < .seconds(10))
        }
    }

    /// A reply that comes after the inline wait has given up reaches the call, which by then
    /// has suspended. (The pause makes sure the wait is over: it is 5 times its 20 ms limit.)
    @available(macOS 15.0, *)
    @Test func replySlowerThanTheInlineWaitArrives() async throws {
        let (server, client, holder, _) = try await makePair()
        defer { holder.release(); server.close(); client.close() }  // Releasing twice is harmless.
        let call = Task(executorPreference: client.executor) {
            try await client.call(path: "/holder", interface: Holder.interfaceName, member: "Hang", timeout: .seconds(30))
        }
        _ = await holder.entered.first { _ in true }
        try await Task.sleep(for: .milliseconds(100))
        holder.release()
        let reply = try await call.value
        #expect(reply.type == .methodReturn)
    }

    /// While a call on the I/O thread waits inline with no timeout, a call from another thread
    /// with a short one still times out (the peer's dispatcher is stuck in the first Hang, so
    /// nothing else could end either wait).
    @available(macOS 15.0, *)
    @Test func anotherCallTimesOutWhileOneWaitsInline() async throws {
        let (server, client, holder, _) = try await makePair()
        defer { holder.release(); server.close(); client.close() }
        let waiting = await hangOnIOThread(client, holder)
        let clock = ContinuousClock()
        let started = clock.now
        await #expect {
            _ = try await client.call(path: "/holder", interface: Holder.interfaceName, member: "Hang", timeout: .milliseconds(50))
        } throws: { error in
            guard case .timedOut = error as? DBusConnectionError else { return false }
            return true
        }
        #expect(clock.now - started < .seconds(5))
        waiting.cancel()
        await #expect(throws: CancellationError.self) { _ = try await waiting.value }
    }

    /// A call from another thread times out on time while a handler's call waits inline right
    /// after the loop's last deadline was answered. Staged so: a scripted peer answers `First`
    /// (300 ms timeout) and, in the same write, calls `Trigger`, whose handler then calls `Slow`
    /// and waits inline before the loop looks at its deadlines again. `Late` (500 ms), called
    /// from the pool meanwhile, must time out on time, not when `Slow` gives up 10 s later. The
    /// inline wait publishes its deadline for this (other threads compare theirs with it to
    /// decide whether to wake the I/O thread); since it also gives up after 20 ms, the test no
    /// longer fails without that.
    @available(macOS 15.0, *)
    @Test func anotherCallTimesOutWhileAHandlerWaitsInlineRightAfterAReply() async throws {
        let (ours, theirs) = try SocketCalls.socketPair()
        let (membersSeen, seeMember) = AsyncStream.makeStream(of: String.self)  // What the peer receives.
        let peerThread = Thread {
            let peer = QEMUPrototypeConnection(socket: theirs)
            do {
                try peer.authenticate()
                let first = try peer.receive()
                // Not needed for the test to pass, but for it to stage anything: without a pause
                // the answer can arrive before our loop has woken for First and taken its
                // deadline, and the inline wait below then starts with no earlier deadline around.
                usleep(50_000)
                try peer.sendTogether([
                    .methodReturn(replyingTo: first),
                    .methodCall(path: "/caller", interface: SlowCaller.interfaceName, member: "Trigger"),
                ])
                while true {  // Slow, Late and Trigger's reply stay unanswered; ends when we close.
                    let message = try peer.receive(timeout: .seconds(60))
                    if let member = message.member { seeMember.yield(member.description) }
                }
            } catch {
                seeMember.finish()
            }
        }
        peerThread.start()
        let connection = try await DBusConnection.peer(socket: ours, role: .server()) { connection in
            try connection.export(SlowCaller(), at: "/caller")
        }
        defer { connection.close() }
        _ = try await connection.call(path: "/peer", member: "First", timeout: .milliseconds(300))
        #expect(await membersSeen.first { _ in true } == "Slow")
        let clock = ContinuousClock()
        let started = clock.now
        await #expect {
            _ = try await connection.call(path: "/peer", member: "Late", timeout: .milliseconds(500))
        } throws: { error in
            guard case .timedOut = error as? DBusConnectionError else { return false }
            return true
        }
        #expect(clock.now - started < .seconds(5))
    }

    @available(macOS 15.0, *)
    @Test func peerClosingFailsTheCallWithDisconnected() async throws {
        let (server, client, holder, _) = try await makePair()
        defer { holder.release(); client.close() }
        let call = await hangOnIOThread(client, holder)
        server.close()
        await #expect {
            _ = try await call.value
        } throws: { error in
            guard case .disconnected = error as? DBusConnectionError else { return false }
            return true
        }
        #expect(client.isClosed)
    }

    /// Signals sent just before each reply reach the subscriber, in order, and every call still
    /// gets its reply.
    @available(macOS 15.0, *)
    @Test func signalsSentBeforeTheRepliesAreDelivered() async throws {
        let (server, client, holder, _) = try await makePair()
        defer { holder.release(); server.close(); client.close() }
        let stream = try await client.signals(matching: MatchRule(interface: Talker.interfaceName, member: "Said"))
        let count = 100
        try await withTaskExecutorPreference(client.executor) {
            for n in 0..<count {
                let reply = try await client.call(path: "/talker", interface: Talker.interfaceName, member: "Say", body: MessageBody(UInt32(n)))
                #expect(try reply.decodeBody(as: UInt32.self) == UInt32(n))
            }
        }
        var heard: [UInt32] = []
        for try await signal in stream {
            heard.append(try signal.decodeBody(as: UInt32.self))
            if heard.count == count { break }
        }
        #expect(heard == (0..<UInt32(count)).map { $0 })
    }

    /// The peer calls back into this connection before it replies: the waiting call must let
    /// the dispatcher answer, or both sides would wait until the timeout.
    @available(macOS 15.0, *)
    @Test func peerCallingBackBeforeItRepliesIsAnswered() async throws {
        let (server, client, holder, recorder) = try await makePair()
        defer { holder.release(); server.close(); client.close() }
        let clock = ContinuousClock()
        let started = clock.now
        try await withTaskExecutorPreference(client.executor) {
            for n in 0..<50 {
                let reply = try await client.call(
                    path: "/talker", interface: Talker.interfaceName, member: "CallBack", body: MessageBody(UInt32(n)), timeout: .seconds(5))
                #expect(try reply.decodeBody(as: UInt32.self) == UInt32(n))
            }
        }
        #expect(recorder.values.withLock { $0 } == (0..<50).map { UInt32($0) })
        #expect(clock.now - started < .seconds(5))  // No call waited for its timeout.
    }

    /// Both ends call each other at once, from their I/O threads and from the pool, while each
    /// dispatcher waits inline for its next call: every call gets its own reply, none waits for
    /// its timeout.
    @available(macOS 15.0, *)
    @Test func callsBothWaysAtOnceAllComplete() async throws {
        let (server, client, holder, recorder) = try await makePair()
        defer { holder.release(); server.close(); client.close() }
        let serverRecorder = Recorder()
        try server.export(serverRecorder, at: "/recorder")
        let perTask: UInt32 = 200
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, connection) in [client, server, client, server].enumerated() {
                let base = UInt32(index) * 1000
                let executor: (any TaskExecutor)? = index < 2 ? connection.executor : nil
                group.addTask(executorPreference: executor) {
                    for n in base..<base + perTask {
                        _ = try await connection.call(
                            path: "/recorder", interface: Recorder.interfaceName, member: "Add", body: MessageBody(n), timeout: .seconds(5))
                    }
                }
            }
            try await group.waitForAll()
        }
        let expectedOnClient = Array(1000..<1000 + perTask) + Array(3000..<3000 + perTask)
        let expectedOnServer = Array(0..<perTask) + Array(2000..<2000 + perTask)
        #expect(recorder.values.withLock { $0 }.sorted() == expectedOnClient)
        #expect(serverRecorder.values.withLock { $0 }.sorted() == expectedOnServer)
    }

    /// A child task started on the I/O thread runs while its parent keeps calling: calls that
    /// are answered at once do not starve the jobs waiting for the thread.
    @available(macOS 15.0, *)
    @Test func jobsWaitingForTheThreadRunBetweenCalls() async throws {
        let (server, client, holder, _) = try await makePair()
        defer { holder.release(); server.close(); client.close() }
        let childRan = Flag()
        try await withTaskExecutorPreference(client.executor) {
            // First settle into calls answered at once (the first ones may suspend: the I/O
            // thread may still have a wake-up to take).
            for _ in 0..<20 { _ = try await client.call(path: "/holder", interface: Holder.interfaceName, member: "Echo") }
            let child = Task(executorPreference: client.executor) { childRan.set() }
            var calls = 0
            while !childRan.isSet && calls < 1000 {
                _ = try await client.call(path: "/holder", interface: Holder.interfaceName, member: "Echo")
                calls += 1
            }
            #expect(calls < 1000, "the child task did not run while its parent called")
            await child.value
        }
    }
}

/// Answers `Trigger` by calling the peer's `Slow` (10 s timeout), from the dispatcher, so on the
/// I/O thread: that call waits inline.
final class SlowCaller: DBusExportedInterface {
    static let interfaceName: InterfaceName = "org.example.SlowCaller"
    static let introspectionXML = """
          <interface name="org.example.SlowCaller"><method name="Trigger"/></interface>
        """

    func handle(_ call: MethodCallContext) async throws -> MessageBody {
        guard call.member == "Trigger" else { throw call.unknownMethod() }
        _ = try await call.connection.call(path: "/peer", member: "Slow", timeout: .seconds(10))
        return MessageBody()
    }
}

/// Emits a signal before replying, or calls the caller back before replying.
final class Talker: DBusExportedInterface {
    static let interfaceName: InterfaceName = "org.example.Talker"
    static let introspectionXML = """
          <interface name="org.example.Talker">
            <method name="Say"><arg type="u" direction="in"/><arg type="u" direction="out"/></method>
            <method name="CallBack"><arg type="u" direction="in"/><arg type="u" direction="out"/></method>
            <signal name="Said"><arg type="u"/></signal>
          </interface>
        """

    func handle(_ call: MethodCallContext) async throws -> MessageBody {
        let value = try call.arguments(as: UInt32.self)
        switch call.member {
        case "Say":
            try await call.connection.emitSignal(path: "/talker", interface: Self.interfaceName, member: "Said", body: MessageBody(value))
        case "CallBack":
            _ = try await call.connection.call(path: "/recorder", interface: Recorder.interfaceName, member: "Add", body: MessageBody(value), timeout: .seconds(5))
        default:
            throw call.unknownMethod()
        }
        return MessageBody(value)
    }
}

/// A flag one task sets and another reads.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
