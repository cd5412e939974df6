import Testing
import DBus
import DBusTestSupport

/// Swift as a client of python3-dbus and GDBus services, over a private bus.
@Suite(.tags(.interop)) struct PythonServiceTests {
    static let services: [(script: String, name: BusName, path: ObjectPath, errorName: String, errorText: String)] = [
        ("dbus_python_service.py", "org.example.PyService", "/org/example/Py", "org.example.Error.Custom", "custom failure text"),
        ("gdbus_service.py", "org.example.GService", "/org/example/G", "org.example.Error.GFailure", "gdbus failure text"),
    ]
    static let iface: InterfaceName = "org.example.Types1"

    @Test(arguments: 0..<2)
    func callsEveryTypeCategory(service index: Int) async throws {
        let service = Self.services[index]
        let bus = try PrivateBus()
        defer { bus.stop() }
        let peer = try PeerProcess(pythonScript: PeerScripts.path(service.script), [bus.address], bus: bus)
        defer { peer.stop() }
        try await peer.waitForLine(startingWith: "READY")
        let connection = try await DBusConnection.connect(to: bus.address)
        defer { connection.close() }
        func call(_ member: MemberName, _ body: MessageBody) async throws -> Message {
            try await connection.call(destination: service.name, path: service.path, interface: Self.iface, member: member, body: body)
        }

        // Basic types.
        var basics = MessageBody()
        basics.append(UInt8(200)); basics.append(true); basics.append(Int16(-300)); basics.append(UInt16(60000))
        basics.append(Int32(-70000)); basics.append(UInt32(4_000_000_000)); basics.append(Int64(-5_000_000_000))
        basics.append(UInt64(18_000_000_000_000_000_000)); basics.append(3.25); basics.append("héllo")
        basics.append(ObjectPath("/a/b")); basics.append(Signature("a{sv}"))
        let echoed = try await call("EchoBasics", basics)
        #expect(echoed.signature.rawValue == "ybnqiuxtdsog")
        #expect(echoed.body == basics.encoder.bytes || echoed.bodyEndianness != .native)
        let (y, b, n, q, i, u, x, t, d, s, o, g) = try echoed.decodeBody(
            as: UInt8.self, Bool.self, Int16.self, UInt16.self, Int32.self, UInt32.self, Int64.self, UInt64.self,
            Double.self, String.self, ObjectPath.self, Signature.self)
        #expect(y == 200 && b && n == -300 && q == 60000 && i == -70000 && u == 4_000_000_000)
        #expect(x == -5_000_000_000 && t == 18_000_000_000_000_000_000 && d == 3.25 && s == "héllo")
        #expect(o == "/a/b" && g.rawValue == "a{sv}")

        // Containers: array, dict of variants, struct, variant.
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        #expect(try await call("EchoBytes", MessageBody(bytes)).decodeBody(as: [UInt8].self) == bytes)
        let dict: [String: Variant] = ["s": Variant("text"), "u": Variant(UInt32(7)), "d": Variant(2.5), "a": Variant(["x", "y"])]
        #expect(try await call("EchoDict", MessageBody(dict)).decodeBody(as: [String: Variant].self) == dict)
        let sample = Sample(number: -1, text: "struct", list: ["p", "q"], ratio: 0.5)
        #expect(try await call("EchoStruct", MessageBody(sample)).decodeBody(as: Sample.self) == sample)
        let variant = Variant(Sample(number: 9, text: "in variant", list: [], ratio: 1))
        #expect(try await call("EchoVariant", MessageBody(variant)).decodeBody(as: Variant.self) == variant)

        // File descriptors both ways.
        let fd = try pipeHolding("through a pipe")
        #expect(try await call("ReadFD", MessageBody(fd)).decodeBody(as: String.self) == "through a pipe")
        let received = try await call("MakeFD", MessageBody("from the peer")).decodeBody(as: UnixFD.self)
        #expect(readAll(received) == "from the peer")

        // Errors keep their name and message.
        do {
            _ = try await call("Fail", MessageBody())
            Issue.record("Fail succeeded")
        } catch let error as DBusError {
            #expect(error.name.rawValue == service.errorName)
            #expect(error.message == service.errorText)
        }
        // Unknown methods get the standard error from the peer's library.
        do {
            _ = try await call("NoSuchMethod", MessageBody())
            Issue.record("NoSuchMethod succeeded")
        } catch let error as DBusError {
            #expect(error.name == .unknownMethod)
        }
    }

    @Test func receivesSignalsFromPythonService() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let peer = try PeerProcess(pythonScript: PeerScripts.path("dbus_python_service.py"), [bus.address], bus: bus)
        defer { peer.stop() }
        try await peer.waitForLine(startingWith: "READY")
        let connection = try await DBusConnection.connect(to: bus.address)
        defer { connection.close() }
        let signals = try await connection.signals(matching: MatchRule(interface: Self.iface, member: "Changed"))
        _ = try await connection.call(
            destination: "org.example.PyService", path: "/org/example/Py", interface: Self.iface, member: "Emit",
            body: MessageBody("first"))
        var iterator = signals.makeAsyncIterator()
        let signal = try #require(await iterator.next())
        #expect(try signal.decodeBody(as: String.self) == "first")
        #expect(signal.path == "/org/example/Py")
    }

    @Test func gdbusPropertiesGetSetAndPropertiesChanged() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let peer = try PeerProcess(pythonScript: PeerScripts.path("gdbus_service.py"), [bus.address], bus: bus)
        defer { peer.stop() }
        try await peer.waitForLine(startingWith: "READY")
        let connection = try await DBusConnection.connect(to: bus.address)
        defer { connection.close() }
        let properties: InterfaceName = "org.freedesktop.DBus.Properties"
        let changes = try await connection.signals(
            matching: MatchRule(interface: properties, member: "PropertiesChanged", path: "/org/example/G"))
        let value = try await connection.call(
            destination: "org.example.GService", path: "/org/example/G", interface: properties, member: "Get",
            body: MessageBody(Self.iface.rawValue, "Counter")).decodeBody(as: Variant.self)
        #expect(value == Variant(UInt32(7)))
        _ = try await connection.call(
            destination: "org.example.GService", path: "/org/example/G", interface: properties, member: "Set",
            body: MessageBody(Self.iface.rawValue, "Counter", Variant(UInt32(42))))
        var iterator = changes.makeAsyncIterator()
        let change = try #require(await iterator.next())
        let (name, changed, invalidated) = try change.decodeBody(as: String.self, [String: Variant].self, [String].self)
        #expect(name == Self.iface.rawValue)
        #expect(changed == ["Counter": Variant(UInt32(42))])
        #expect(invalidated.isEmpty)
    }
}
