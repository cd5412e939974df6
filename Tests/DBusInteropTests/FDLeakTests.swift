import Testing
@testable import DBus
import DBusTestSupport
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// "Disconnection: ... fds are closed, nothing leaks": every descriptor a connection is given
/// (its socket) or receives (fds in messages) is closed once the connection and the messages are
/// gone, however the connection ends.
///
/// Counting open descriptors is process-wide and other suites run in parallel, so the hard checks
/// use identity instead: the test records the inode (device and inode number, from fstat) of
/// every socket and pipe it creates, and afterwards no `/proc/self/fd` entry may still refer to
/// one of them (a received fd is a new number for the same inode, so this catches leaked copies
/// too). Each connection's internal wake-up pipe is tracked the same way.
@Suite(.tags(.interop), .serialized) struct FDLeakTests {
    struct FileID: Hashable, CustomStringConvertible {
        var device: UInt64
        var inode: UInt64
        var description: String { "\(device):\(inode)" }
    }

    /// Inodes of the sockets and pipes a scenario created (thread-safe: handlers add to it).
    final class Tracker: Sendable {
        /// Tracked inodes and what they are (a socket, or the text a pipe was given).
        private let ids = Mutex<[FileID: String]>([:])

        func track(_ fd: Int32, _ label: String = "socket") {
            var info = stat()
            guard fstat(fd, &info) == 0 else { return }
            let id = FileID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
            ids.withLock { $0[id] = label }
        }

        var count: Int { ids.withLock { $0.count } }

        /// Tracks a connection's wake-up pipe (its socket is tracked where it was created).
        func track(_ connection: DBusConnection) {
            track(connection.wakeRead, "wake pipe")
            track(connection.wakeWrite, "wake pipe")
        }

        /// Descriptors of this process that still refer to a tracked inode, with its label.
        func stillOpen() -> [Int32: String] {
            let tracked = ids.withLock { $0 }
            return FDLeakTests.openDescriptors().compactMapValues { tracked[$0].map { "\($0)" } }
        }

        /// A connected socket pair whose ends are tracked.
        func socketPair() -> (Int32, Int32) {
            var ends: [Int32] = [-1, -1]
            _ = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends)
            track(ends[0])
            track(ends[1])
            return (ends[0], ends[1])
        }

        /// A tracked pipe holding `text`; returns its read end (the write end is closed).
        func pipeReading(_ text: String) -> UnixFD {
            var ends: [Int32] = [-1, -1]
            _ = pipe(&ends)
            _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
            track(ends[0], "pipe \(text)")
            _ = Array(text.utf8).withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
            close(ends[1])
            return UnixFD(taking: ends[0])
        }
    }

    /// Every open descriptor of the process and the object it refers to.
    static func openDescriptors() -> [Int32: FileID] {
        guard let directory = opendir("/proc/self/fd") else { return [:] }
        defer { closedir(directory) }
        let own = dirfd(directory)
        var result: [Int32: FileID] = [:]
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let fd = Int32(name), fd != own else { continue }
            var info = stat()
            // stat() through the /proc link reaches the socket or pipe itself.
            guard stat("/proc/self/fd/\(name)", &info) == 0 else { continue }
            result[fd] = FileID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        }
        return result
    }

    /// Waits (bounded: about 10 s) for `condition`, polling; the I/O threads tear down
    /// asynchronously after `close()` or a hang-up.
    static func eventually(_ condition: () -> Bool) async -> Bool {
        for attempt in 0..<1000 {
            if condition() { return true }
            if attempt < 50 { await Task.yield() } else { try? await Task.sleep(for: .milliseconds(10)) }
        }
        return condition()
    }

    /// Asserts that no descriptor of the process still refers to a tracked inode.
    static func expectNoLeak(_ tracker: Tracker, _ scenario: String) async {
        let clean = await eventually { tracker.stillOpen().isEmpty }
        #expect(clean, "\(scenario): descriptors still refer to tracked sockets/pipes: \(tracker.stillOpen())")
    }

    /// A peer-to-peer pair over a tracked socketpair: a server exporting `FDService`, a client.
    static func connectedPair(_ tracker: Tracker, service: FDService) async throws -> (server: DBusConnection, client: DBusConnection) {
        let (serverEnd, clientEnd) = tracker.socketPair()
        async let server = DBusConnection.peer(socket: serverEnd, role: .server(), timeout: 10) { connection in
            try connection.export(service, at: FDService.path)
        }
        async let client = DBusConnection.peer(socket: clientEnd, role: .client(mechanisms: [.external]), timeout: 10)
        let pair = try await (server: server, client: client)
        tracker.track(pair.server)
        tracker.track(pair.client)
        pair.client.start()
        return pair
    }

    static func read(_ fd: UnixFD) -> String {
        guard let raw = fd.rawValue else { return "" }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(raw, $0.baseAddress, $0.count) }
        return String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
    }

    static func swap(_ client: DBusConnection, _ tracker: Tracker, timeout: Duration = .seconds(10), flags: Message.Flags = []) async throws -> Message {
        try await client.call(
            path: FDService.path, interface: FDService.interfaceName, member: "Swap",
            body: MessageBody(tracker.pipeReading("a"), tracker.pipeReading("b"), tracker.pipeReading("c")),
            timeout: timeout, flags: flags)
    }

    @Test func fiftyConnectionsPassingThreeFDsEachWayLeaveNothingOpen() async throws {
        let tracker = Tracker()
        let service = FDService(tracker)
        for round in 0..<50 {
            let (server, client) = try await Self.connectedPair(tracker, service: service)
            let reply = try await Self.swap(client, tracker)
            let (x, y, z) = try reply.decodeBody(as: UnixFD.self, UnixFD.self, UnixFD.self)
            #expect([Self.read(x), Self.read(y), Self.read(z)] == ["xa", "yb", "zc"], "round \(round)")
            client.close()
            server.close()
        }
        #expect(tracker.count >= 50 * (2 + 6))
        await Self.expectNoLeak(tracker, "50 connections")
    }

    @Test func aPeerThatDisappearsMidCallLeavesNothingOpen() async throws {
        let tracker = Tracker()
        for round in 0..<10 {
            let service = FDService(tracker)
            let (server, client) = try await Self.connectedPair(tracker, service: service)
            let stream = try await client.signals(matching: MatchRule())
            let call = Task {
                try await client.call(
                    path: FDService.path, interface: FDService.interfaceName, member: "Hold",
                    body: MessageBody(tracker.pipeReading("1"), tracker.pipeReading("2"), tracker.pipeReading("3")),
                    timeout: .seconds(30))
            }
            await service.waitUntilHeld()
            server.close()  // The peer goes away with the call in progress and its fds held.
            do {
                _ = try await call.value
                Issue.record("round \(round): the pending call succeeded")
            } catch let error as DBusConnectionError {
                guard case .disconnected = error else {
                    Issue.record("round \(round): \(error)")
                    continue
                }
            }
            var iterator = stream.makeAsyncIterator()
            #expect(await iterator.next() == nil, "round \(round): the signal stream did not finish")
            #expect(client.isClosed)
            service.release()  // The handler returns three fresh fds into a closed connection.
            client.close()
        }
        await Self.expectNoLeak(tracker, "peer disappearing mid-call")
    }

    @Test func fdsInMessagesNobodyConsumesAreClosed() async throws {
        let tracker = Tracker()  // The pipes that travel in messages.
        let sockets = Tracker()  // The connections' sockets, open until the end.
        let service = FDService(tracker)
        let (server, client) = try await Self.connectedPair(sockets, service: service)
        // Signals with fds that nobody subscribed to.
        for _ in 0..<20 {
            _ = try await client.send(.signal(
                path: "/org/example/Nobody", interface: "org.example.Nobody", member: "Fds",
                body: MessageBody(tracker.pipeReading("s"), tracker.pipeReading("t"), tracker.pipeReading("u"))))
        }
        // Calls with fds to an object that does not exist (error reply), and with NO_REPLY_EXPECTED.
        for _ in 0..<10 {
            await #expect(throws: DBusError.self) {
                _ = try await client.call(
                    path: "/org/example/Missing", interface: "org.example.Missing", member: "Take",
                    body: MessageBody(tracker.pipeReading("m")), timeout: .seconds(10))
            }
            _ = try await Self.swap(client, tracker, flags: .noReplyExpected)
        }
        // Replies with fds the caller never decodes.
        for _ in 0..<10 { _ = try await Self.swap(client, tracker) }
        // A late reply with fds, to a call that already timed out.
        await #expect(throws: DBusConnectionError.self) {
            _ = try await client.call(
                path: FDService.path, interface: FDService.interfaceName, member: "Hold",
                body: MessageBody(tracker.pipeReading("l"), tracker.pipeReading("m"), tracker.pipeReading("n")),
                timeout: .milliseconds(100))
        }
        service.release()
        // A round trip after all of it: everything above has been routed and dropped by now,
        // while both connections are still open.
        _ = try await Self.swap(client, tracker)
        let dropped = await Self.eventually { tracker.stillOpen().isEmpty }
        #expect(dropped, "fds of dropped messages still open on live connections: \(tracker.stillOpen())")
        client.close()
        server.close()
        await Self.expectNoLeak(sockets, "dropped messages")
        #expect(tracker.stillOpen().isEmpty)
    }

    /// A raw peer that authenticates, negotiates fd passing and then sends descriptors that no
    /// message claims: held while the connection lives, closed when the peer hangs up, and past
    /// the limit the connection closes itself.
    @Test func fdsNoMessageClaimsAreClosed() async throws {
        let tracker = Tracker()
        let handshake = Array("\0AUTH EXTERNAL \(SASLHex.encode(String(getuid())))\r\nNEGOTIATE_UNIX_FD\r\nBEGIN\r\n".utf8)

        func hostilePeer() async throws -> (server: DBusConnection, raw: Int32) {
            let (serverEnd, raw) = tracker.socketPair()
            _ = handshake.withUnsafeBytes { write(raw, $0.baseAddress, $0.count) }
            let server = try await DBusConnection.peer(socket: serverEnd, role: .server(), timeout: 10)
            tracker.track(server)
            server.start()
            #expect(server.canPassFDs)
            return (server, raw)
        }

        func sendUnclaimed(_ raw: Int32, copies: Int) {
            let carrier = tracker.pipeReading("x")
            let descriptor = carrier.rawValue!
            var left = copies
            while left > 0 {
                let batch = min(left, FDPassing.maximumFDsPerCall)
                let byte: [UInt8] = [UInt8(ascii: "l")]  // The first byte of a header that never completes.
                let sent = byte.withUnsafeBytes { FDPassing.send(raw, $0, fds: Array(repeating: descriptor, count: batch)) }
                if sent <= 0 { break }
                left -= batch
            }
            carrier.close()
        }

        // (1) A few unclaimed fds, then the peer hangs up.
        for _ in 0..<5 {
            let (server, raw) = try await hostilePeer()
            sendUnclaimed(raw, copies: 3)
            close(raw)
            #expect(await Self.eventually { server.isClosed })
            server.close()
        }
        // (2) More unclaimed fds than the connection tolerates: it closes itself.
        let (server, raw) = try await hostilePeer()
        sendUnclaimed(raw, copies: DBusConnection.maximumUnclaimedFDs + 100)
        #expect(await Self.eventually { server.isClosed }, "the connection kept accepting unclaimed fds")
        close(raw)
        server.close()
        await Self.expectNoLeak(tracker, "unclaimed fds")
    }
}

/// org.example.FDLeak1: `Swap` takes three fds and returns three new pipes (the input's first
/// byte prefixed with x, y, z); `Hold` takes three fds and returns three new pipes once the test
/// calls `release()`.
final class FDService: DBusExportedInterface, Sendable {
    static let path: ObjectPath = "/org/example/FDLeak"
    static let interfaceName: InterfaceName = "org.example.FDLeak1"
    static let introspectionXML = """
          <interface name="org.example.FDLeak1">
            <method name="Swap">
              <arg type="h" direction="in"/><arg type="h" direction="in"/><arg type="h" direction="in"/>
              <arg type="h" direction="out"/><arg type="h" direction="out"/><arg type="h" direction="out"/>
            </method>
            <method name="Hold">
              <arg type="h" direction="in"/><arg type="h" direction="in"/><arg type="h" direction="in"/>
              <arg type="h" direction="out"/><arg type="h" direction="out"/><arg type="h" direction="out"/>
            </method>
          </interface>
        """

    private let tracker: FDLeakTests.Tracker
    private struct Gate {
        var held = false
        var released = false
        var heldWaiters: [CheckedContinuation<Void, Never>] = []
        var releaseWaiters: [CheckedContinuation<Void, Never>] = []
    }
    private let gate = Mutex(Gate())

    init(_ tracker: FDLeakTests.Tracker) { self.tracker = tracker }

    func handle(_ call: MethodCallContext) async throws -> MessageBody {
        let (a, b, c) = try call.arguments(as: UnixFD.self, UnixFD.self, UnixFD.self)
        switch call.member {
        case "Swap":
            return MessageBody(
                tracker.pipeReading("x" + FDLeakTests.read(a)), tracker.pipeReading("y" + FDLeakTests.read(b)),
                tracker.pipeReading("z" + FDLeakTests.read(c)))
        case "Hold":
            await hold()
            return MessageBody(tracker.pipeReading("p"), tracker.pipeReading("q"), tracker.pipeReading("r"))
        default:
            throw call.unknownMethod()
        }
    }

    private func hold() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let (resumeNow, heldWaiters) = gate.withLock { gate -> (Bool, [CheckedContinuation<Void, Never>]) in
                gate.held = true
                defer { gate.heldWaiters = [] }
                if gate.released {
                    gate.released = false
                    return (true, gate.heldWaiters)
                }
                gate.releaseWaiters.append(continuation)
                return (false, gate.heldWaiters)
            }
            for waiter in heldWaiters { waiter.resume() }
            if resumeNow { continuation.resume() }
        }
    }

    /// Returns once a `Hold` call is in its handler.
    func waitUntilHeld() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = gate.withLock { gate -> Bool in
                if gate.held { return true }
                gate.heldWaiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Lets the current (or next) `Hold` return.
    func release() {
        let waiters = gate.withLock { gate -> [CheckedContinuation<Void, Never>] in
            gate.held = false
            if gate.releaseWaiters.isEmpty { gate.released = true }
            defer { gate.releaseWaiters = [] }
            return gate.releaseWaiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
