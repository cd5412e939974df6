import Testing
import DBus
import DBusTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Peer-to-peer connections over a socketpair with GDBus on the other end, in both roles.
@Suite(.tags(.interop)) struct PeerToPeerTests {
    enum GDBusRole: String, CaseIterable { case server, client }

    @Test(arguments: GDBusRole.allCases)
    func socketpairWithGDBus(gdbusRole: GDBusRole) async throws {
        var ends: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0)
        let peer = try PeerProcess(pythonScript: PeerScripts.path("gdbus_p2p.py"), [gdbusRole.rawValue], passing: [3: ends[1]])
        defer { peer.stop() }
        close(ends[1])

        // We play the other role. GDBus calls the object as soon as the handshake ends, so it is
        // exported in `configure`, before processing starts, on the handshake's own thread.
        let calculator = Calculator()
        let connection = try await DBusConnection.peer(
            socket: ends[0], role: gdbusRole == .server ? .client() : .server()
        ) { connection in
            try connection.export(calculator, at: "/org/example/Swift")
        }
        defer { connection.close() }
        #expect(connection.canPassFDs)
        #expect(connection.uniqueName == nil)

        #expect(try await peer.waitForLine(startingWith: "GETALL") == "GETALL Count=5,Label=calculator")
        #expect(try await peer.waitForLine(startingWith: "ADD") == "ADD 5")
        try await peer.waitForLine(startingWith: "READY")
        // Echo (sent without expecting a reply) was handled, and before Add: in order.
        #expect(calculator.calls.withLock { $0 } == ["Echo", "Add"])

        let bytes = (0..<70_000).map { UInt8(truncatingIfNeeded: $0) }
        let echoed = try await connection.call(
            path: "/org/example/G", interface: "org.example.Types1", member: "EchoBytes", body: MessageBody(bytes))
        #expect(try echoed.decodeBody(as: [UInt8].self) == bytes)
        let fd = try await connection.call(
            path: "/org/example/G", interface: "org.example.Types1", member: "MakeFD", body: MessageBody("p2p fd")
        ).decodeBody(as: UnixFD.self)
        #expect(readAll(fd) == "p2p fd")

        connection.close()
        try await peer.waitForLine(startingWith: "CLOSED")
    }

    @Test func swiftToSwiftOverASocketpairPassesManyFDs() async throws {
        var ends: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0)
        async let serverSide = DBusConnection.peer(socket: ends[0], role: .server())
        async let clientSide = DBusConnection.peer(socket: ends[1], role: .client())
        let (server, client) = try await (serverSide, clientSide)
        defer {
            server.close()
            client.close()
        }
        try server.export(FDCounter(), at: "/fds")
        server.start()
        client.start()
        let fds = try (0..<40).map { try pipeHolding("pipe \($0)") }
        let reply = try await client.call(path: "/fds", interface: FDCounter.interfaceName, member: "Read", body: MessageBody(fds))
        #expect(try reply.decodeBody(as: [String].self) == (0..<40).map { "pipe \($0)" })
    }
}

/// Reads every fd of an `ah` argument.
final class FDCounter: DBusExportedInterface {
    static let interfaceName: InterfaceName = "org.example.FDs"
    static let introspectionXML = """
          <interface name="org.example.FDs">
            <method name="Read"><arg type="ah" direction="in"/><arg type="as" direction="out"/></method>
          </interface>
        """

    func handle(_ call: MethodCallContext) async throws -> MessageBody {
        let fds: [UnixFD] = try call.arguments(as: [UnixFD].self)
        return MessageBody(fds.map(readAll))
    }
}
