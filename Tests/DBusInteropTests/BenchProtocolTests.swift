import Testing
import DBus
import DBusTestSupport

/// The dbus-bench protocol (org.example.Bench1) between Swift and the python3-dbus bench peer,
/// peer to peer through a listening socket, in both directions.
@Suite(.tags(.interop)) struct BenchProtocolTests {
    @Test func pythonBenchClientCallsSwiftListener() async throws {
        let directory = try TemporaryDirectory(prefix: "dbus-bench")
        defer { directory.remove() }
        let listener = try DBusListener(address: "unix:dir=\(directory.path)")
        defer { listener.close() }
        #expect(listener.address.guid == listener.guid)
        let server = Task {
            try await DBusConnection.accept(on: listener) { connection in
                try connection.export(EchoBench(), at: "/org/example/Bench")
            }
        }
        let client = try PeerProcess(pythonScript: PeerScripts.path("bench_peer.py"), ["client", "p2p", listener.address.description, "0.05"])
        defer { client.stop() }
        var workloads: [String] = []
        while let line = try await client.readLine(timeout: 60) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            #expect(fields.count == 9 && fields[0] == "RESULT", "\(line)")
            workloads.append(String(fields[3]))
        }
        #expect(try await client.waitForExit() == 0, "\(client.stderrText())")
        #expect(workloads == ["Ping", "Echo ay 64B", "Echo ay 64KiB", "Echo ay 8MiB", "EchoStructs a(iiu) x10000", "EchoDict a{sv} x100"])
        try await server.value.close()
    }

    @Test func swiftCallsPythonBenchServer() async throws {
        let directory = try TemporaryDirectory(prefix: "dbus-bench")
        defer { directory.remove() }
        let socket = "\(directory.path)/bench.sock"
        let server = try PeerProcess(pythonScript: PeerScripts.path("bench_peer.py"), ["server", "p2p", "unix:path=\(socket)", "\(directory.path)/ready"])
        defer { server.stop() }
        try await server.waitForLine(startingWith: "READY")
        let peer = try await DBusConnection.connect(to: "unix:path=\(socket)", bus: false, timeout: 5)
        defer { peer.close() }
        let bench: InterfaceName = "org.example.Bench1"
        _ = try await peer.call(path: "/org/example/Bench", interface: bench, member: "Ping")
        let bytes = (0..<65536).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(try await peer.call(path: "/org/example/Bench", interface: bench, member: "Echo", body: MessageBody(bytes))
            .decodeBody(as: [UInt8].self) == bytes)
        let structs = (0..<1000).map { Sample3(a: Int32($0), b: -Int32($0), c: UInt32($0) &* 7) }
        #expect(try await peer.call(path: "/org/example/Bench", interface: bench, member: "EchoStructs", body: MessageBody(structs))
            .decodeBody(as: [Sample3].self) == structs)
        let dict: [String: Variant] = ["s": Variant("x"), "u": Variant(UInt32(1)), "d": Variant(0.5)]
        #expect(try await peer.call(path: "/org/example/Bench", interface: bench, member: "EchoDict", body: MessageBody(dict))
            .decodeBody(as: [String: Variant].self) == dict)
    }
}

/// `(iiu)`.
struct Sample3: DBusCodable, Equatable {
    var a: Int32
    var b: Int32
    var c: UInt32
    static var dbusType: DBusType { .structure([.int32, .int32, .uint32]) }
    static var dbusAlignment: Int { 8 }
    init(a: Int32, b: Int32, c: UInt32) { self.a = a; self.b = b; self.c = c }
    func encode(to encoder: inout DBusEncoder) {
        encoder.encodeStruct { encoder in
            encoder.encode(a)
            encoder.encode(b)
            encoder.encode(c)
        }
    }
    init(from decoder: inout DBusDecoder) throws(DBusWireError) {
        self = try decoder.decodeStruct { decoder throws(DBusWireError) in
            Sample3(a: try decoder.decode(), b: try decoder.decode(), c: try decoder.decode())
        }
    }
}

/// org.example.Bench1 echoing whatever it receives.
final class EchoBench: DBusExportedInterface {
    static let interfaceName: InterfaceName = "org.example.Bench1"
    static let introspectionXML = """
          <interface name="org.example.Bench1">
            <method name="Ping"/>
            <method name="Echo"><arg type="ay" direction="in"/><arg type="ay" direction="out"/></method>
            <method name="EchoStructs"><arg type="a(iiu)" direction="in"/><arg type="a(iiu)" direction="out"/></method>
            <method name="EchoDict"><arg type="a{sv}" direction="in"/><arg type="a{sv}" direction="out"/></method>
          </interface>
        """

    func handle(_ call: MethodCallContext) async throws -> MessageBody {
        switch call.member {
        case "Ping": return MessageBody()
        case "Echo":
            let bytes: [UInt8] = try call.arguments(as: [UInt8].self)
            return MessageBody(bytes)
        case "EchoStructs":
            let structs: [Sample3] = try call.arguments(as: [Sample3].self)
            return MessageBody(structs)
        case "EchoDict":
            let dict: [String: Variant] = try call.arguments(as: [String: Variant].self)
            return MessageBody(dict)
        default: throw call.unknownMethod()
        }
    }
}
