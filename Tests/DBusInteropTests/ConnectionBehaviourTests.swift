import Testing
import DBus
import DBusTestSupport
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Timeouts, cancellation, large messages and disconnection, over a Swift-to-Swift socketpair.
@Suite struct ConnectionBehaviourTests {
    /// A connected pair: `server` exports `Holder` at /holder, `client` calls it.
    func makePair() async throws -> (server: DBusConnection, client: DBusConnection, holder: Holder) {
        var ends: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0)
        async let serverSide = DBusConnection.peer(socket: ends[0], role: .server())
        async let clientSide = DBusConnection.peer(socket: ends[1], role: .client())
        let (server, client) = try await (serverSide, clientSide)
        let holder = Holder()
        try server.export(holder, at: "/holder")
        server.start()
        client.start()
        return (server, client, holder)
    }

    #if os(Linux)
    /// The I/O threads carry their own name (not that of the pool thread that started them), so
    /// `top -H` and `perf` show where a connection's time goes.
    @Test func ioThreadsAreNamed() async throws {
        let (server, client, holder) = try await makePair()
        defer { holder.release(); server.close(); client.close() }
        // A round trip: both I/O threads have run (and named themselves) by the time it returns.
        _ = try await client.call(path: "/holder", interface: "org.freedesktop.DBus.Peer", member: "Ping")
        let tasks = try #require(opendir("/proc/self/task"))
        defer { closedir(tasks) }
        var names: [String] = []
        while let entry = readdir(tasks) {
            let id = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard id.first?.isNumber == true, let file = fopen("/proc/self/task/\(id)/comm", "r") else { continue }
            var line = [CChar](repeating: 0, count: 64)
            if fgets(&line, 64, file) != nil {
                let bytes = line.prefix { $0 != 0 && $0 != 10 }.map { UInt8(bitPattern: $0) }
                names.append(String(decoding: bytes, as: UTF8.self))
            }
            fclose(file)
        }
        #expect(names.filter { $0 == "dbus-io" }.count >= 2, "threads: \(names)")
    }
    #endif

    /// A method without arguments (here Peer.Ping) refuses a call that brings some.
    @Test func argumentsToAMethodWithoutArgumentsAreInvalid() async throws {
        let (server, client, holder) = try await makePair()
        defer { holder.release(); server.close(); client.close() }
        let error = try await #require(throws: DBusError.self) {
            try await client.call(path: "/holder", interface: "org.freedesktop.DBus.Peer", member: "Ping", body: MessageBody(UInt8(1)))
        }
        #expect(error.name == .invalidArgs)
        #expect(error.message.contains("Ping"))
    }

    /// A dispatcher that falls `incomingQueueLimit` messages behind (here: held in one handler)
    /// makes the I/O thread stop reading; once it catches up, the messages held back in the read
    /// buffer and the socket are delivered, all of them and in order.
    @Test func incomingMessagesWaitWhileTheDispatcherIsBusy() async throws {
        let (server, client, holder) = try await makePair()
        defer { holder.release(); server.close(); client.close() }
        let recorder = Recorder()
        try server.export(recorder, at: "/recorder")
        async let hung = client.call(path: "/holder", interface: Holder.interfaceName, member: "Hang")
        var entered = holder.entered.makeAsyncIterator()
        _ = await entered.next()
        let count = UInt32(3 * DBusConnection.incomingQueueLimit)
        for value in 0..<count {
            try await client.send(.methodCall(path: "/recorder", interface: Recorder.interfaceName, member: "Add",
                                              body: MessageBody(value), flags: .noReplyExpected))
        }
        holder.release()
        _ = try await hung
        // Its reply comes after every Add sent before it was handled.
        _ = try await client.call(path: "/recorder", interface: Recorder.interfaceName, member: "Add", body: MessageBody(count),
                                  timeout: .seconds(10))
        #expect(recorder.values.withLock { $0 } == Array(0...count))
    }

    @Test func callWithoutReplyTimesOut() async throws {
        let (server, client, holder) = try await makePair()
        defer { holder.release(); server.close(); client.close() }
        do {
            _ = try await client.call(path: "/holder", interface: Holder.interfaceName, member: "Hang", timeout: .milliseconds(200))
            Issue.record("Hang returned")
        } catch let error as DBusConnectionError {
            guard case .timedOut(let member, let seconds) = error else { throw error }
            #expect(member == "org.example.Holder.Hang")
            #expect(seconds == 0.2)
        }
    }

    @Test func cancellingTheTaskCancelsTheCall() async throws {
        let (server, client, holder) = try await makePair()
        defer { holder.release(); server.close(); client.close() }
        let call = Task {
            try await client.call(path: "/holder", interface: Holder.interfaceName, member: "Hang", timeout: nil)
        }
        _ = await holder.entered.first { _ in true }  // The call reached the handler.
        call.cancel()
        await #expect(throws: CancellationError.self) { _ = try await call.value }
    }

    @Test func peerClosingFailsPendingCallsWithDisconnected() async throws {
        let (server, client, holder) = try await makePair()
        defer { holder.release(); client.close() }
        async let pending = client.call(path: "/holder", interface: Holder.interfaceName, member: "Hang", timeout: nil)
        _ = await holder.entered.first { _ in true }
        server.close()
        do {
            _ = try await pending
            Issue.record("pending call succeeded after the peer closed")
        } catch let error as DBusConnectionError {
            guard case .disconnected(let reason) = error else { throw error }
            #expect(reason.contains("closed"))
        }
        #expect(client.isClosed)
    }

    @Test func hundredMegabyteMessageRoundTrips() async throws {
        let (server, client, holder) = try await makePair()
        defer { holder.release(); server.close(); client.close() }
        // Two 50 MB arrays: one array may hold at most 64 MiB, a message 128 MiB.
        let half = 50_000_000
        var first = [UInt8](repeating: 0, count: half)
        for index in stride(from: 0, to: half, by: 4096) { first[index] = UInt8(truncatingIfNeeded: index >> 12) }
        let second = [UInt8](repeating: 0xA5, count: half)
        let reply = try await client.call(
            path: "/holder", interface: Holder.interfaceName, member: "Echo", body: MessageBody(first, second), timeout: .seconds(120))
        let (a, b) = try reply.decodeBody(as: [UInt8].self, [UInt8].self)
        #expect(a == first)
        #expect(b == second)
    }

    @Test func manyConcurrentCallsAllGetTheirOwnReplies() async throws {
        let (server, client, holder) = try await makePair()
        defer { holder.release(); server.close(); client.close() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let bytes = [UInt8](repeating: UInt8(index % 256), count: index * 100)
                    let reply = try await client.call(path: "/holder", interface: Holder.interfaceName, member: "Echo", body: MessageBody(bytes))
                    #expect(try reply.decodeBody(as: [UInt8].self) == bytes)
                }
            }
            try await group.waitForAll()
        }
    }

    /// More calls pending than the connection keeps in its small inline table: each still ends
    /// its own way (timeout, cancellation or reply), whichever part of the table holds it.
    @Test func manyPendingCallsTimeOutCancelAndCompleteIndependently() async throws {
        let (server, client, holder) = try await makePair()
        defer { holder.release(); server.close(); client.close() }
        enum Outcome: Equatable { case replied, timedOut, cancelled }
        let (timeouts, timeoutSeen) = AsyncStream<Void>.makeStream()
        let calls = (0..<24).map { index in
            Task { () -> Outcome in
                do {
                    _ = try await client.call(
                        path: "/holder", interface: Holder.interfaceName, member: "Hang", timeout: index % 3 == 1 ? .milliseconds(300) : nil)
                    return .replied
                } catch let error as DBusConnectionError {
                    guard case .timedOut(let member, _) = error else { throw error }
                    #expect(member == "org.example.Holder.Hang")
                    timeoutSeen.yield()
                    return .timedOut
                } catch is CancellationError {
                    return .cancelled
                }
            }
        }
        var seen = 0
        for await _ in timeouts {
            seen += 1
            if seen == 8 { break }
        }
        for (index, call) in calls.enumerated() where index % 3 == 2 { call.cancel() }
        holder.release()
        for (index, call) in calls.enumerated() {
            let expected: Outcome = [.replied, .timedOut, .cancelled][index % 3]
            #expect(try await call.value == expected, "call \(index)")
        }
    }

    @Test func unknownPathsAndInterfacesGetStandardErrors() async throws {
        let (server, client, holder) = try await makePair()
        defer { holder.release(); server.close(); client.close() }
        func errorName(_ path: ObjectPath, _ interface: InterfaceName?, _ member: MemberName) async -> ErrorName? {
            do {
                _ = try await client.call(path: path, interface: interface, member: member)
                return nil
            } catch let error as DBusError {
                return error.name
            } catch {
                return "org.example.Unexpected"
            }
        }
        #expect(await errorName("/nothing", Holder.interfaceName, "Echo") == .unknownObject)
        #expect(await errorName("/holder", "org.example.Nope", "Echo") == .unknownInterface)
        #expect(await errorName("/holder", Holder.interfaceName, "Nope") == .unknownMethod)
        #expect(await errorName("/holder", nil, "Nope") == .unknownMethod)
        #expect(await errorName("/holder", "org.freedesktop.DBus.Properties", "GetAll") == .invalidArgs)
        #expect(await errorName("/nothing", "org.freedesktop.DBus.Peer", "Ping") == nil)
        let id = try await client.call(path: "/", interface: "org.freedesktop.DBus.Peer", member: "GetMachineId").decodeBody(as: String.self)
        #expect(id.utf8.count == 32)
    }

    @Test func fallbackObjectAnswersForItsSubtree() async throws {
        let (server, client, holder) = try await makePair()
        defer { holder.release(); server.close(); client.close() }
        try server.export(PathReporter(), at: "/tree", fallback: true)
        let deep = try await client.call(path: "/tree/a/b", interface: PathReporter.interfaceName, member: "Where").decodeBody(as: String.self)
        #expect(deep == "/tree/a/b")
        let top = try await client.call(path: "/tree", interface: PathReporter.interfaceName, member: "Where").decodeBody(as: String.self)
        #expect(top == "/tree")
        await #expect(throws: DBusError.self) {
            _ = try await client.call(path: "/treehouse", interface: PathReporter.interfaceName, member: "Where")
        }
    }

    @Test func objectManagerListsObjectsAndAnnouncesChanges() async throws {
        let (server, client, holder) = try await makePair()
        defer { holder.release(); server.close(); client.close() }
        server.exportObjectManager(at: "/om")
        let added = try await client.signals(matching: MatchRule(interface: "org.freedesktop.DBus.ObjectManager"))
        let registration = try server.export(PathReporter(), at: "/om/child")
        var iterator = added.makeAsyncIterator()
        let announcement = try #require(await iterator.next())
        #expect(announcement.member == "InterfacesAdded")
        let (path, interfaces) = try announcement.decodeBody(as: ObjectPath.self, [String: [String: Variant]].self)
        #expect(path == "/om/child")
        #expect(interfaces == [PathReporter.interfaceName.rawValue: ["Kind": Variant("reporter")]])

        let managed = try await client.call(path: "/om", interface: "org.freedesktop.DBus.ObjectManager", member: "GetManagedObjects")
            .decodeBody(as: [ObjectPath: [String: [String: Variant]]].self)
        #expect(managed == ["/om/child": [PathReporter.interfaceName.rawValue: ["Kind": Variant("reporter")]]])

        await registration.unexport()
        let removal = try #require(await iterator.next())
        #expect(removal.member == "InterfacesRemoved")
        let (removedPath, removedInterfaces) = try removal.decodeBody(as: ObjectPath.self, [String].self)
        #expect(removedPath == "/om/child")
        #expect(removedInterfaces == [PathReporter.interfaceName.rawValue])
    }
}

/// Echo for payloads; Hang waits until `release()` (to hold a call open).
final class Holder: DBusExportedInterface {
    static let interfaceName: InterfaceName = "org.example.Holder"
    static let introspectionXML = """
          <interface name="org.example.Holder">
            <method name="Echo"/>
            <method name="Hang"/>
          </interface>
        """
    let entered: AsyncStream<Void>
    private let enteredContinuation: AsyncStream<Void>.Continuation
    private let gate: AsyncStream<Void>
    private let gateContinuation: AsyncStream<Void>.Continuation

    init() {
        (entered, enteredContinuation) = AsyncStream.makeStream()
        (gate, gateContinuation) = AsyncStream.makeStream()
    }

    func release() { gateContinuation.finish() }

    func handle(_ call: MethodCallContext) async throws -> MessageBody {
        switch call.member {
        case "Echo" where call.message.signature.rawValue == "ayay":
            let (first, second) = try call.arguments(as: [UInt8].self, [UInt8].self)
            return MessageBody(first, second)
        case "Echo" where call.message.signature.rawValue == "ay":
            let bytes: [UInt8] = try call.arguments(as: [UInt8].self)
            return MessageBody(bytes)
        case "Echo":
            // Echo the body as is, whatever its signature.
            var body = MessageBody()
            var decoder = call.message.bodyDecoder()
            for type in call.message.signature.types { body.append(value: try decoder.decodeValue(of: type)) }
            return body
        case "Hang":
            enteredContinuation.yield()
            for await _ in gate {}
            return MessageBody()
        default:
            throw call.unknownMethod()
        }
    }
}

/// Keeps the numbers it is sent, in order.
final class Recorder: DBusExportedInterface {
    static let interfaceName: InterfaceName = "org.example.Recorder"
    static let introspectionXML = """
          <interface name="org.example.Recorder">
            <method name="Add"><arg type="u" direction="in"/></method>
          </interface>
        """
    let values = Mutex<[UInt32]>([])

    func handle(_ call: MethodCallContext) async throws -> MessageBody {
        guard call.member == "Add" else { throw call.unknownMethod() }
        let value = try call.arguments(as: UInt32.self)
        values.withLock { $0.append(value) }
        return MessageBody()
    }
}

/// Replies with the path it was called on; one read-only property.
final class PathReporter: DBusExportedInterface {
    static let interfaceName: InterfaceName = "org.example.Where"
    static let introspectionXML = """
          <interface name="org.example.Where">
            <method name="Where"><arg type="s" direction="out"/></method>
            <property name="Kind" type="s" access="read"/>
          </interface>
        """

    func handle(_ call: MethodCallContext) async throws -> MessageBody {
        guard call.member == "Where" else { throw call.unknownMethod() }
        return MessageBody(call.path.rawValue)
    }

    func getAllProperties(context: MethodCallContext) async throws -> [String: Variant] { ["Kind": Variant("reporter")] }
}
