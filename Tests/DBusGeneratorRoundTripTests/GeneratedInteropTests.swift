import DBus
import DBusTestSupport
import Foundation
import Testing

/// Generated code against other D-Bus implementations: a generated proxy calling a python3-dbus
/// service, and `gdbus call` calling a generated skeleton.
@Suite(.tags(.interop)) struct GeneratedInteropTests {
    static let pythonName: BusName = "org.example.PyRoundTrip"

    static func script(_ name: String) throws -> String {
        try #require(Bundle.module.url(forResource: "Peers/\(name)", withExtension: nil)).path
    }

    @Test func generatedProxyCallsAPythonService() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let service = try PeerProcess(pythonScript: try Self.script("roundtrip_service.py"), [bus.address, Self.pythonName.rawValue], bus: bus)
        defer { service.stop() }
        try await service.waitForLine(startingWith: "READY")
        let connection = try await DBusConnection.connect(to: bus.address)
        defer { connection.close() }
        let proxy = RoundTrip1.Proxy(connection: connection, destination: Self.pythonName, path: "/org/example/RoundTrip1")

        let basics = try await proxy.echoBasics(
            byte: 7, flag: true, small: -2, smallUnsigned: 2, number: -3, count: 3, big: -4, bigUnsigned: 4, ratio: 0.5, text: "py",
            object: "/p", types: "(ii)")
        #expect(basics.byteOut == 7 && basics.flagOut && basics.smallOut == -2 && basics.textOut == "py" && basics.typesOut == "(ii)")
        let bytes = (0..<70_000).map { UInt8(truncatingIfNeeded: $0) }
        #expect(try await proxy.echoBytes(data: bytes) == bytes)
        let options: [String: Variant] = ["s": Variant("text"), "u": Variant(UInt32(7)), "b": Variant(true)]
        #expect(try await proxy.echoOptions(options: options) == options)
        let rects = [RoundTrip1.Rect(field0: 1, field1: -2, field2: 3, field3: 4)]
        #expect(try await proxy.echoRects(rects: rects) == rects)
        let tree = ["k": [RoundTrip1.TreeValueElement(field0: "x", field1: RoundTrip1.Origin(field0: 1, field1: 2), field2: ["a"])]]
        #expect(try await proxy.echoNested(tree: tree) == tree)
        #expect(try await proxy.echoVariant(value: Variant(UInt32(9))) == Variant(UInt32(9)))

        let reply = try await proxy.readDescriptor(fd: try pipeHolding("to python"), length: 64)
        #expect(String(decoding: reply.data, as: UTF8.self) == "to python")
        #expect(reply.same.rawValue != nil)

        await #expect(throws: DBusError(name: "org.example.Error.Py", message: "python says no")) {
            try await proxy.fail(name: "org.example.Error.Py", message: "python says no")
        }

        try await proxy.record(note: "one")
        #expect(try await proxy.recorded() == ["one"])

        let announced = try await proxy.announced()
        try await proxy.emit(text: "from python", count: 2)
        var announcements = announced.makeAsyncIterator()
        #expect(try await announcements.next() == RoundTrip1.Announced(text: "from python", count: 2))

        #expect(try await proxy.label == "python")
        #expect(try await proxy.origin == RoundTrip1.Origin(field0: 3, field1: 4))
        let labels = try await proxy.labelChanges()
        var labelValues = labels.makeAsyncIterator()
        try await proxy.setLabel("renamed")
        #expect(try await labelValues.next() == "renamed")
        let levels = try await proxy.levelChanges()
        var levelValues = levels.makeAsyncIterator()
        try await proxy.setLevel(9)
        #expect(try await levelValues.next() == 9)
        #expect(try await proxy.serial == "PY-1")
    }

    @Test func generatedProxyCallsAGDBusService() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let name: BusName = "org.example.GRoundTrip"
        let service = try PeerProcess(pythonScript: try Self.script("roundtrip_gdbus_service.py"), [bus.address, name.rawValue], bus: bus)
        defer { service.stop() }
        try await service.waitForLine(startingWith: "READY")
        let connection = try await DBusConnection.connect(to: bus.address)
        defer { connection.close() }
        let proxy = RoundTrip1.Proxy(connection: connection, destination: name, path: "/org/example/RoundTrip1")

        let rects = (0..<100).map { RoundTrip1.Rect(field0: Int32($0), field1: -1, field2: 2, field3: UInt32($0)) }
        #expect(try await proxy.echoRects(rects: rects) == rects)
        let options: [String: Variant] = ["nested": Variant(["a": Variant(UInt8(1))]), "path": Variant(ObjectPath("/x"))]
        #expect(try await proxy.echoOptions(options: options) == options)
        await #expect(throws: DBusError(name: "org.example.Error.G", message: "glib says no")) {
            try await proxy.fail(name: "org.example.Error.G", message: "glib says no")
        }
        let announced = try await proxy.announced()
        try await proxy.emit(text: "from glib", count: 4)
        var announcements = announced.makeAsyncIterator()
        #expect(try await announcements.next() == RoundTrip1.Announced(text: "from glib", count: 4))
        #expect(try await proxy.label == "gdbus")
        #expect(try await proxy.origin == RoundTrip1.Origin(field0: 7, field1: 8))
        let labels = try await proxy.labelChanges()
        var labelValues = labels.makeAsyncIterator()
        try await proxy.setLabel("set from swift")
        #expect(try await labelValues.next() == "set from swift")
    }

    @Test func gdbusCallsAGeneratedSkeleton() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let server = try await DBusConnection.connect(to: bus.address)
        defer { server.close() }
        let echo = Echo()
        await echo.attach(server)
        try server.export(RoundTrip1.Skeleton(echo), at: Echo.path)
        _ = try await server.requestName(GeneratedRoundTripTests.busName)

        func gdbus(_ method: String, _ arguments: [String]) async throws -> (status: Int32, output: String, errors: String) {
            try await offload {
                let peer = try PeerProcess("/usr/bin/gdbus", [
                    "call", "--address", bus.address, "--dest", GeneratedRoundTripTests.busName.rawValue,
                    "--object-path", Echo.path.rawValue, "--method", method,
                ] + arguments, bus: bus)
                defer { peer.stop() }
                let output = try peer.readToEnd()
                return (try peer.waitForExit(), output, peer.stderrText())
            }
        }

        let rects = try await gdbus("org.example.RoundTrip1.EchoRects", ["[(1, -2, 3, 4)]"])
        #expect(rects.status == 0, "\(rects.errors)")
        #expect(rects.output == "([(1, -2, uint32 3, uint32 4)],)\n")

        let options = try await gdbus("org.example.RoundTrip1.EchoOptions", ["{'k': <uint32 5>}"])
        #expect(options.output == "({'k': <uint32 5>},)\n")

        let failure = try await gdbus("org.example.RoundTrip1.Fail", ["org.example.Error.FromSwift", "swift says no"])
        #expect(failure.status != 0)
        #expect(failure.errors.contains("org.example.Error.FromSwift"))
        #expect(failure.errors.contains("swift says no"))

        // gdbus converts arguments to the introspected types, so send a wrong one with dbus-send.
        let wrongType = try await offload {
            let peer = try PeerProcess("/usr/bin/dbus-send", [
                "--bus=\(bus.address)", "--print-reply", "--dest=\(GeneratedRoundTripTests.busName.rawValue)", Echo.path.rawValue,
                "org.example.RoundTrip1.EchoBytes", "string:not bytes",
            ], bus: bus)
            defer { peer.stop() }
            return (try peer.waitForExit(), peer.stderrText())
        }
        #expect(wrongType.0 != 0)
        #expect(wrongType.1.contains("org.freedesktop.DBus.Error.InvalidArgs"))
        #expect(await echo.echoBytesCalls == 0)

        let label = try await gdbus("org.freedesktop.DBus.Properties.Get", ["org.example.RoundTrip1", "Label"])
        #expect(label.output == "(<'initial'>,)\n")
        let set = try await gdbus("org.freedesktop.DBus.Properties.Set", ["org.example.RoundTrip1", "Label", "<'from gdbus'>"])
        #expect(set.status == 0, "\(set.errors)")
        #expect(await echo.label == "from gdbus")
    }
}

