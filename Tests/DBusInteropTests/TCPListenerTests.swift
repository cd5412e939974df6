import Testing
import DBus
import DBusTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Peer-to-peer servers on `tcp:` addresses. TCP carries no socket credentials, so EXTERNAL
/// cannot authenticate anyone there: a TCP server works only with ANONYMOUS allowed.
@Suite(.tags(.interop)) struct TCPListenerTests {
    static let path: ObjectPath = "/org/example/Swift"

    /// Accepts one client on `listener` with `policy`, exporting a Calculator.
    func serve(_ listener: DBusListener, policy: AuthPolicy) -> Task<DBusConnection, any Error> {
        Task {
            try await DBusConnection.accept(on: listener, policy: policy) { connection in
                try connection.export(Calculator(), at: Self.path)
            }
        }
    }

    @Test func portZeroReportsTheRealPort() throws {
        let listener = try DBusListener(address: "tcp:host=127.0.0.1,port=0")
        defer { listener.close() }
        #expect(listener.address.transport == "tcp")
        #expect(listener.address["host"] == "127.0.0.1")
        let port = try #require(listener.address["port"].flatMap { UInt16($0) })
        #expect(port != 0)
        #expect(listener.address.guid == listener.guid)
        // The port is really bound: a second listener on it fails.
        #expect(throws: DBusConnectionError.self) { try DBusListener(address: "tcp:host=127.0.0.1,port=\(port)") }
    }

    @Test func familyAndBindAreHonoured() throws {
        let v4 = try DBusListener(address: "tcp:host=localhost,bind=127.0.0.1,port=0,family=ipv4")
        defer { v4.close() }
        #expect(v4.address["family"] == "ipv4")
        #expect(v4.address["host"] == "localhost")
        #expect(v4.address["bind"] == nil)
        #expect(throws: DBusConnectionError.self) { try DBusListener(address: "tcp:host=127.0.0.1,port=0,family=ipx") }
        #expect(throws: DBusConnectionError.self) { try DBusListener(address: "tcp:host=127.0.0.1,port=70000") }
        #expect(throws: DBusConnectionError.self) { try DBusListener(address: "tcp:host=no-such-host.invalid,port=0") }
        #expect(throws: DBusConnectionError.self) { try DBusListener(address: "udp:host=127.0.0.1,port=0") }
    }

    @Test func swiftServerAndClientOverTCPWithAnonymous() async throws {
        let listener = try DBusListener(address: "tcp:host=127.0.0.1,port=0")
        defer { listener.close() }
        let server = serve(listener, policy: AuthPolicy(allowAnonymous: true))
        let client = try await DBusConnection.connect(to: listener.address.description, bus: false, mechanisms: [.anonymous], timeout: 10)
        defer { client.close() }
        let serverConnection = try await server.value
        defer { serverConnection.close() }
        #expect(!client.canPassFDs)
        #expect(client.serverGUID == listener.guid)
        let reply = try await client.call(
            path: Self.path, interface: "org.example.Swift1", member: "Add", body: MessageBody(Int32(40), Int32(2)), timeout: .seconds(10))
        #expect(try reply.decodeBody(as: Int32.self) == 42)
    }

    /// The default mechanisms ([.external, .anonymous]) also get through: EXTERNAL is rejected
    /// (not offered on TCP), ANONYMOUS is accepted.
    @Test func defaultMechanismsFallBackToAnonymousOverTCP() async throws {
        let listener = try DBusListener(address: "tcp:host=127.0.0.1,port=0")
        defer { listener.close() }
        let server = serve(listener, policy: AuthPolicy(allowAnonymous: true))
        let client = try await DBusConnection.connect(to: listener.address.description, bus: false, timeout: 10)
        defer { client.close() }
        let serverConnection = try await server.value
        serverConnection.close()
    }

    /// EXTERNAL over TCP is refused even when the policy lists the uid Linux reports for
    /// SO_PEERCRED on a TCP socket (the call succeeds there, with uid 4294967295, i.e. -1).
    @Test func externalIsNeverAcceptedOverTCP() async throws {
        let listener = try DBusListener(address: "tcp:host=127.0.0.1,port=0")
        defer { listener.close() }
        let server = serve(listener, policy: AuthPolicy(allowedUIDs: [UInt32.max, 65534, UInt32(getuid())], allowAnonymous: true))
        await #expect(throws: DBusConnectionError.self) {
            _ = try await DBusConnection.connect(to: listener.address.description, bus: false, mechanisms: [.external], timeout: 10)
        }
        await #expect(throws: (any Error).self) { _ = try await server.value }
    }

    @Test func tcpWithoutAnonymousPolicyFailsClearlyOnBothSides() async throws {
        let listener = try DBusListener(address: "tcp:host=127.0.0.1,port=0")
        defer { listener.close() }
        let server = serve(listener, policy: AuthPolicy())
        do {
            let client = try await DBusConnection.connect(to: listener.address.description, bus: false, timeout: 10)
            client.close()
            Issue.record("a TCP client authenticated without ANONYMOUS being allowed")
        } catch {
            #expect("\(error)".contains("over TCP there are no socket credentials"), "\(error)")
        }
        do {
            let connection = try await server.value
            connection.close()
            Issue.record("the server accepted a TCP client without ANONYMOUS being allowed")
        } catch {
            #expect("\(error)".contains("AuthPolicy(allowAnonymous: true)"), "\(error)")
        }
    }

    /// GIO's client offers ANONYMOUS when the server lists it, so a GDBus peer-to-peer client
    /// (python3-gi) can call a Swift TCP server.
    @Test func gdbusClientCallsASwiftServerOverTCP() async throws {
        let listener = try DBusListener(address: "tcp:host=127.0.0.1,port=0")
        defer { listener.close() }
        let server = serve(listener, policy: AuthPolicy(allowAnonymous: true))
        let script = """
            import sys
            from gi.repository import Gio, GLib
            c = Gio.DBusConnection.new_for_address_sync(sys.argv[1], Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT, None, None)
            r = c.call_sync(None, "/org/example/Swift", "org.example.Swift1", "Add", GLib.Variant("(ii)", (20, 22)),
                            GLib.VariantType("(i)"), Gio.DBusCallFlags.NONE, 10000, None)
            print("RESULT", r.unpack()[0])
            """
        let result = try await Program.run(PeerProcess.python, ["-c", script, listener.address.description])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("RESULT 42"), "\(result.output)")
        let connection = try await server.value
        connection.close()
    }

    /// `gdbus call --address` authenticates with ANONYMOUS over TCP, but it always treats the
    /// address as a message bus and sends Hello first, which a peer-to-peer server has no object
    /// for: the gdbus command-line tool cannot call a peer-to-peer server (on any transport).
    @Test func gdbusCommandLineGetsThroughAuthenticationButWantsABus() async throws {
        let listener = try DBusListener(address: "tcp:host=127.0.0.1,port=0")
        defer { listener.close() }
        let server = serve(listener, policy: AuthPolicy(allowAnonymous: true))
        let result = try await Program.run(
            "/usr/bin/gdbus",
            ["call", "--address", listener.address.description, "--object-path", Self.path.rawValue,
             "--method", "org.example.Swift1.Add", "20", "22", "--timeout", "10"])
        #expect(result.status != 0)
        #expect(result.output.contains("UnknownObject") && result.output.contains("/org/freedesktop/DBus"), "\(result.output)")
        let connection = try await server.value
        connection.close()
    }
}
