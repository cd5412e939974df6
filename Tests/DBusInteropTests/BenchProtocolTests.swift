import Testing
import DBus
import DBusTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The dbus-bench protocol (org.example.Bench1) between Swift and two other implementations, in
/// both directions: the python3-dbus bench peer and sdbus-bench (Benchmarks/C, on sd-bus),
/// peer to peer through a listening socket, and sdbus-bench's client over a private bus.
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

    // MARK: sd-bus (Benchmarks/C/sdbus-bench.c)

    /// The C client's whole run, shortened by DBUS_BENCH_SECONDS and DBUS_BENCH_PING, against a
    /// Swift listener. The client compares each warm-up reply with its request and exits 1 on a
    /// mismatch or an error reply, so exit 0 means the Swift server answered every workload right.
    @Test func sdbusBenchClientCallsSwiftListener() async throws {
        let sdbusBench = try await SdbusBench.executable()
        let directory = try TemporaryDirectory(prefix: "sdbus-bench")
        defer { directory.remove() }
        let listener = try DBusListener(address: "unix:dir=\(directory.path)")
        defer { listener.close() }
        let server = Task {
            try await DBusConnection.accept(on: listener) { connection in
                try connection.export(EchoBench(), at: "/org/example/Bench")
            }
        }
        // The address carries the listener's guid, which sd-bus checks against the server's.
        let client = try PeerProcess(sdbusBench, ["p2p-client", listener.address.description], environment: SdbusBench.shortRun)
        defer { client.stop() }
        let results = try await SdbusBench.results(of: client, section: "p2p")
        let status = try await client.waitForExit()
        #expect(status == 0, "\(client.stderrText())")
        #expect(results.filter { $0.lib == "raw" }.count == 1)
        SdbusBench.expectAllWorkloads(results)
        if status == 0 {
            try await server.value.close()
        } else {
            server.cancel()
        }
    }

    /// The C p2p server (on unix:path, ready when READYFILE appears) answering the Swift client's
    /// calls with real payloads; the server is stopped by PID at the end.
    @Test func swiftCallsSdbusBenchServer() async throws {
        let sdbusBench = try await SdbusBench.executable()
        let directory = try TemporaryDirectory(prefix: "sdbus-bench")
        defer { directory.remove() }
        let socket = "\(directory.path)/bench.sock"
        let ready = "\(directory.path)/ready"
        let server = try PeerProcess(sdbusBench, ["p2p-server", "unix:path=\(socket)", ready])
        defer { server.stop() }
        try await SdbusBench.waitForReadyFile(ready, of: server)
        let peer = try await DBusConnection.connect(to: "unix:path=\(socket)", bus: false, timeout: 5)
        defer { peer.close() }
        let bench: InterfaceName = "org.example.Bench1"
        let path: ObjectPath = "/org/example/Bench"

        let ping = try await peer.call(path: path, interface: bench, member: "Ping")
        #expect(ping.signature.rawValue == "")
        for count in [0, 64, 65536] {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            #expect(try await peer.call(path: path, interface: bench, member: "Echo", body: MessageBody(bytes))
                .decodeBody(as: [UInt8].self) == bytes, "Echo of \(count) bytes")
        }
        let structs = (0..<1000).map { Sample3(a: Int32($0) &* 65_537, b: -Int32($0), c: UInt32.max &- UInt32($0)) }
        #expect(try await peer.call(path: path, interface: bench, member: "EchoStructs", body: MessageBody(structs))
            .decodeBody(as: [Sample3].self) == structs)
        #expect(try await peer.call(path: path, interface: bench, member: "EchoStructs", body: MessageBody([Sample3]()))
            .decodeBody(as: [Sample3].self) == [])
        let dict = SdbusBench.mixedDictionary
        #expect(try await peer.call(path: path, interface: bench, member: "EchoDict", body: MessageBody(dict))
            .decodeBody(as: [String: Variant].self) == dict)

        // sdbus-bench echoes variants of basic types only: a nested one gets its error reply.
        let nested: [String: Variant] = ["nested": Variant(Variant(UInt32(1)))]
        do {
            _ = try await peer.call(path: path, interface: bench, member: "EchoDict", body: MessageBody(nested))
            Issue.record("EchoDict with a nested variant succeeded")
        } catch let error as DBusError {
            #expect(error.name == .invalidArgs, "\(error)")
        }
        // Still serving after the error reply.
        _ = try await peer.call(path: path, interface: bench, member: "Ping")
        peer.close()
        server.stop()
        #expect(server.stderrText() == "", "sdbus-bench p2p-server complained")
    }

    /// The C client in bus mode through a private dbus-daemon, calling a Swift connection that
    /// owns org.example.Bench: the same run as the p2p one, with the daemon routing every call.
    @Test func sdbusBenchBusClientCallsSwiftService() async throws {
        let sdbusBench = try await SdbusBench.executable()
        let bus = try PrivateBus()
        defer { bus.stop() }
        let service = try await DBusConnection.connect(to: bus.address)
        defer { service.close() }
        try service.export(EchoBench(), at: "/org/example/Bench")
        #expect(try await service.requestName("org.example.Bench", flags: .doNotQueue) == .primaryOwner)
        let client = try PeerProcess(sdbusBench, ["bus-client", bus.address], environment: SdbusBench.shortRun)
        defer { client.stop() }
        let results = try await SdbusBench.results(of: client, section: "bus")
        #expect(try await client.waitForExit() == 0, "\(client.stderrText())")
        #expect(!results.contains { $0.lib == "raw" })
        SdbusBench.expectAllWorkloads(results)
    }
}

/// Builds and runs Benchmarks/C/sdbus-bench for the interop tests.
enum SdbusBench {
    /// Timed Ping calls and seconds per timed workload in the tests' short runs.
    static let pings = 300
    static let shortRun = ["DBUS_BENCH_PING": "\(pings)", "DBUS_BENCH_SECONDS": "0.05"]

    static let workloadNames = ["Ping", "Echo ay 64B", "Echo ay 64KiB", "Echo ay 8MiB", "EchoStructs a(iiu) x10000", "EchoDict a{sv} x100"]

    /// The binary, built once per test process with Benchmarks/C/build.sh into the run's
    /// temporary directory (removed when the process exits).
    static func executable() async throws -> String {
        try await build.value
    }

    private static let build = Task<String, any Error> {
        let script = RepositoryRoot.path + "/Benchmarks/C/build.sh"
        let outputDirectory = try TemporaryDirectory.shared.path
        let result = try await Program.run("/bin/bash", [script, outputDirectory])
        guard result.status == 0 else {
            throw HarnessError("Benchmarks/C/build.sh failed (exit \(result.status)):\n\(result.output)")
        }
        let binary = outputDirectory + "/sdbus-bench"
        guard access(binary, X_OK) == 0 else {
            throw HarnessError("Benchmarks/C/build.sh made no \(binary):\n\(result.output)")
        }
        return binary
    }

    struct Result {
        var section: String
        var lib: String
        var workload: String
        var iterations: Int
    }

    /// Reads the client's stdout to its end, checking that every line is a well-formed RESULT line
    /// of `section`: nine tab-separated fields, a positive iteration count, non-negative numbers.
    static func results(of client: PeerProcess, section: String) async throws -> [Result] {
        var results: [Result] = []
        while let line = try await client.readLine(timeout: 60) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 9, fields[0] == "RESULT" else {
                Issue.record("not a RESULT line: \(line)")
                continue
            }
            #expect(fields[1] == section, "\(line)")
            #expect(fields[2] == "sd-bus" || fields[2] == "raw", "\(line)")
            let iterations = Int(fields[4])
            #expect((iterations ?? 0) > 0, "\(line)")
            for number in fields[5...8] {
                #expect((Double(number) ?? -1) >= 0, "field \(number) in \(line)")
            }
            results.append(Result(section: fields[1], lib: fields[2], workload: fields[3], iterations: iterations ?? 0))
        }
        return results
    }

    /// The six workloads in order, from sd-bus, with the shortened Ping count.
    static func expectAllWorkloads(_ results: [Result]) {
        let timed = results.filter { $0.lib == "sd-bus" }
        #expect(timed.map(\.workload) == workloadNames)
        #expect(timed.first { $0.workload == "Ping" }?.iterations == pings)
    }

    /// Polls for the server's READYFILE for up to `timeout` seconds, failing early when the
    /// server has said something on stderr (sdbus-bench only writes there when it fails).
    static func waitForReadyFile(_ path: String, of server: PeerProcess, timeout: Double = 20) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(timeout)
        while access(path, F_OK) != 0 {
            let complaint = server.stderrText()
            guard complaint.isEmpty else {
                throw HarnessError("`\(server.commandLine)` failed before it was ready: \(complaint)")
            }
            guard clock.now < deadline else {
                throw HarnessError("`\(server.commandLine)` did not create \(path) within \(timeout) s")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// a{sv} with a variant of every basic type sdbus-bench echoes, including edge values.
    static var mixedDictionary: [String: Variant] {
        var dict: [String: Variant] = [
            "y": Variant(UInt8(255)),
            "b-true": Variant(true),
            "b-false": Variant(false),
            "n": Variant(Int16.min),
            "q": Variant(UInt16.max),
            "i": Variant(Int32.min),
            "u": Variant(UInt32.max),
            "x": Variant(Int64.min),
            "t": Variant(UInt64.max),
            "d": Variant(-0.125),
            "s-empty": Variant(""),
            "s-unicode": Variant("grüße, 世界 ✓"),
            "o": Variant("/org/example/Bench/child_1" as ObjectPath),
            "g": Variant("a{sv}(iiu)" as Signature),
        ]
        for i in 0..<60 {
            dict["property-\(i)"] = switch i % 3 {
            case 0: Variant("value number \(i)")
            case 1: Variant(UInt32(i))
            default: Variant(Double(i) * 0.5)
            }
        }
        return dict
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
