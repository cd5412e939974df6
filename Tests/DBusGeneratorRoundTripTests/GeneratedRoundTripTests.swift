import DBus
import DBusTestSupport
import Testing

/// A generated proxy talks to a generated skeleton over a private dbus-daemon and peer to peer.
@Suite(.tags(.interop)) struct GeneratedRoundTripTests {
    static let busName: BusName = "org.example.RoundTrip"

    /// Server and client connections to a fresh private bus, with `Echo` exported and named.
    static func onBus(_ body: (RoundTrip1.Proxy, Echo, DBusConnection) async throws -> Void) async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let server = try await DBusConnection.connect(to: bus.address)
        defer { server.close() }
        let echo = Echo()
        await echo.attach(server)
        try server.export(RoundTrip1.Skeleton(echo), at: Echo.path)
        #expect(try await server.requestName(busName) == .primaryOwner)
        let client = try await DBusConnection.connect(to: bus.address)
        defer { client.close() }
        try await body(RoundTrip1.Proxy(connection: client, destination: busName, path: Echo.path), echo, server)
    }

    /// The same over a socket pair, exporting before the server starts reading.
    static func peerToPeer(_ body: (RoundTrip1.Proxy, Echo, DBusConnection) async throws -> Void) async throws {
        let (serverEnd, clientEnd) = try socketPair()
        async let serverSide = DBusConnection.peer(socket: serverEnd, role: .server())
        async let clientSide = DBusConnection.peer(socket: clientEnd, role: .client())
        let (server, client) = try await (serverSide, clientSide)
        defer {
            client.close()
            server.close()
        }
        let echo = Echo()
        await echo.attach(server)
        try server.export(RoundTrip1.Skeleton(echo), at: Echo.path)
        server.start()
        client.start()
        try await body(RoundTrip1.Proxy(connection: client, destination: nil, path: Echo.path), echo, server)
    }

    static let transports: [String] = ["bus", "peer-to-peer"]

    static func run(_ transport: String, _ body: (RoundTrip1.Proxy, Echo, DBusConnection) async throws -> Void) async throws {
        if transport == "bus" { try await onBus(body) } else { try await peerToPeer(body) }
    }

    @Test(arguments: transports)
    func everyTypeCategoryRoundTrips(transport: String) async throws {
        try await Self.run(transport) { proxy, _, _ in
            let basics = try await proxy.echoBasics(
                byte: 200, flag: true, small: -300, smallUnsigned: 60000, number: -70000, count: 4_000_000_000, big: -5_000_000_000,
                bigUnsigned: 18_000_000_000_000_000_000, ratio: 3.25, text: "héllo", object: "/a/b", types: "a{sv}")
            #expect(basics.byteOut == 200 && basics.flagOut && basics.smallOut == -300 && basics.smallUnsignedOut == 60000)
            #expect(basics.numberOut == -70000 && basics.countOut == 4_000_000_000 && basics.bigOut == -5_000_000_000)
            #expect(basics.bigUnsignedOut == 18_000_000_000_000_000_000 && basics.ratioOut == 3.25 && basics.textOut == "héllo")
            #expect(basics.objectOut == "/a/b" && basics.typesOut == "a{sv}")

            let bytes = (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            #expect(try await proxy.echoBytes(data: bytes) == bytes)
            let rect = RoundTrip1.Rect(field0: -1, field1: 2, field2: 3, field3: 4)
            #expect(try await proxy.echoVariant(value: Variant(rect)) == Variant(rect))
            #expect(try await proxy.echoVariant(value: Variant(Variant("nested"))) == Variant(Variant("nested")))
            let options: [String: Variant] = ["s": Variant("text"), "u": Variant(UInt32(7)), "d": Variant(2.5), "as": Variant(["x", "y"])]
            #expect(try await proxy.echoOptions(options: options) == options)
            let rects = (0..<1000).map { RoundTrip1.Rect(field0: Int32($0), field1: -Int32($0), field2: UInt32($0), field3: 7) }
            #expect(try await proxy.echoRects(rects: rects) == rects)
            let tree: [String: [RoundTrip1.TreeValueElement]] = [
                "a": [RoundTrip1.TreeValueElement(field0: "x", field1: RoundTrip1.Origin(field0: 1, field1: 2), field2: ["p", "q"])],
                "b": [],
            ]
            #expect(try await proxy.echoNested(tree: tree) == tree)
        }
    }

    @Test(arguments: transports)
    func fileDescriptorsTravelBothWays(transport: String) async throws {
        try await Self.run(transport) { proxy, _, _ in
            let reply = try await proxy.readDescriptor(fd: try pipeHolding("through a pipe"), length: 64)
            #expect(String(decoding: reply.data, as: UTF8.self) == "through a pipe")
            #expect(reply.same.rawValue != nil)
        }
    }

    @Test(arguments: transports)
    func errorsKeepTheirNameAndOthersBecomeFailed(transport: String) async throws {
        try await Self.run(transport) { proxy, _, _ in
            await #expect(throws: DBusError(name: "org.example.Error.Custom", message: "custom text")) {
                try await proxy.fail(name: "org.example.Error.Custom", message: "custom text")
            }
            do {
                try await proxy.fail(name: "", message: "")
                Issue.record("fail did not throw")
            } catch let error as DBusError {
                #expect(error.name == "org.freedesktop.DBus.Error.Failed")
            }
        }
    }

    @Test func wrongArgumentTypesAreRejectedBeforeTheImplementationRuns() async throws {
        try await Self.onBus { proxy, echo, _ in
            do {
                _ = try await proxy.connection.call(destination: Self.busName, path: Echo.path, interface: RoundTrip1.interfaceName,
                                                    member: "EchoBytes", body: MessageBody("not bytes"))
                Issue.record("call with the wrong signature succeeded")
            } catch let error as DBusError {
                #expect(error.name == "org.freedesktop.DBus.Error.InvalidArgs")
            }
            #expect(await echo.echoBytesCalls == 0)
        }
    }

    @Test(arguments: transports)
    func noReplyMethodsAreSentWithoutWaitingAndStillRun(transport: String) async throws {
        try await Self.run(transport) { proxy, _, _ in
            try await proxy.record(note: "first")
            try await proxy.record(note: "second")
            // Calls on one connection are dispatched in order, so this reply comes after both.
            #expect(try await proxy.recorded() == ["first", "second"])
        }
    }

    @Test(arguments: transports)
    func signalsArriveAsTypedValues(transport: String) async throws {
        try await Self.run(transport) { proxy, _, server in
            let announced = try await proxy.announced()
            let moved = try await proxy.moved()
            try await proxy.emit(text: "hello", count: 3)
            try await RoundTrip1.emitMoved(RoundTrip1.Moved(origin: RoundTrip1.Origin(field0: 5, field1: 6)), on: server, at: Echo.path)
            var announcements = announced.makeAsyncIterator()
            #expect(try await announcements.next() == RoundTrip1.Announced(text: "hello", count: 3))
            var moves = moved.makeAsyncIterator()
            #expect(try await moves.next() == RoundTrip1.Moved(origin: RoundTrip1.Origin(field0: 5, field1: 6)))
        }
    }

    @Test(arguments: transports)
    func propertiesFollowEmitsChangedSignal(transport: String) async throws {
        try await Self.run(transport) { proxy, echo, server in
            #expect(try await proxy.label == "initial")
            #expect(try await proxy.origin == RoundTrip1.Origin(field0: 3, field1: 4))

            // true: the new value travels in PropertiesChanged.
            let labels = try await proxy.labelChanges()
            var labelValues = labels.makeAsyncIterator()
            try await proxy.setLabel("set by client")
            #expect(try await labelValues.next() == "set by client")
            await echo.setLabel("changed by server")
            try await RoundTrip1.announceLabelChanged("changed by server", on: server, at: Echo.path)
            #expect(try await labelValues.next() == "changed by server")

            // invalidates: only the name travels; the stream reads the value again.
            let levels = try await proxy.levelChanges()
            var levelValues = levels.makeAsyncIterator()
            try await proxy.setLevel(5)
            #expect(try await levelValues.next() == 5)

            // const: read once, then cached by the proxy.
            #expect(try await proxy.serial == "SN-1")
            #expect(try await proxy.serial == "SN-1")
            #expect(await echo.serialReads == 1)

            // false: no stream is generated; every read goes to the object.
            try await proxy.setTicks(42)
            #expect(try await proxy.ticks == 42)

            // Write-only and read-only.
            try await proxy.setSecret("s3cret")
            #expect(await echo.secret == "s3cret")
            do {
                try await proxy.connection.setProperty("Serial", of: RoundTrip1.interfaceName, at: Echo.path, on: proxy.destination, to: "x")
                Issue.record("setting a read-only property succeeded")
            } catch let error as DBusError {
                #expect(error.name == "org.freedesktop.DBus.Error.PropertyReadOnly")
            }
        }
    }

    @Test(arguments: transports)
    func cachedPropertiesAreServedFromTheCacheAndFollowChanges(transport: String) async throws {
        try await Self.run(transport) { proxy, echo, server in
            try await proxy.cacheProperties()
            #expect(try await proxy.level == 1)
            // Changed behind the proxy's back without an announcement: the cache still answers.
            await echo.setLevel(7)
            #expect(try await proxy.level == 1)
            // Setting through the proxy drops the cached value.
            try await proxy.setLevel(9)
            #expect(try await proxy.level == 9)

            // An announced change reaches the cache; the change stream is the sync point, and
            // the cache's own subscription sees the same signal right after it.
            #expect(try await proxy.label == "initial")
            let labels = try await proxy.labelChanges()
            var labelValues = labels.makeAsyncIterator()
            await echo.setLabel("pushed")
            try await RoundTrip1.announceLabelChanged("pushed", on: server, at: Echo.path)
            #expect(try await labelValues.next() == "pushed")
            var cached = try await proxy.label
            for _ in 0..<10_000 where cached != "pushed" {
                await Task.yield()
                cached = try await proxy.label
            }
            #expect(cached == "pushed")

            // `false` properties are never cached.
            await echo.setTicks(5)
            #expect(try await proxy.ticks == 5)
            await echo.setTicks(6)
            #expect(try await proxy.ticks == 6)
        }
    }

    @Test func introspectionServesTheInterfaceXML() async throws {
        try await Self.onBus { proxy, _, _ in
            let reply = try await proxy.connection.call(destination: Self.busName, path: Echo.path,
                                                        interface: "org.freedesktop.DBus.Introspectable", member: "Introspect")
            let xml = try reply.decodeBody(as: String.self)
            #expect(xml.contains(#"<interface name="org.example.RoundTrip1">"#))
            #expect(xml.contains(#"<method name="EchoBasics">"#))
        }
    }
}
