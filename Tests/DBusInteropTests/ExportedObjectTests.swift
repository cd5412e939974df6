import Testing
import DBus
import DBusTestSupport

/// gdbus and python peers calling objects that Swift exports.
@Suite(.tags(.interop)) struct ExportedObjectTests {
    /// Runs `gdbus ARGS` against the private bus and returns (exit status, stdout, stderr).
    func gdbus(_ bus: PrivateBus, _ arguments: [String]) async throws -> (status: Int32, output: String, errors: String) {
        let process = try PeerProcess("/usr/bin/gdbus", [arguments[0], "--address", bus.address] + arguments.dropFirst(), bus: bus)
        var lines: [String] = []
        while let line = try await process.readLine() { lines.append(line) }
        let status = try await process.waitForExit()
        return (status, lines.joined(separator: "\n"), process.stderrText())
    }

    func exported(_ bus: PrivateBus) async throws -> (DBusConnection, Calculator, String) {
        let connection = try await DBusConnection.connect(to: bus.address)
        let calculator = Calculator()
        try connection.export(calculator, at: "/org/example/Swift")
        return (connection, calculator, try #require(connection.uniqueName).rawValue)
    }

    @Test func gdbusCallGetsRepliesFromSwiftObject() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let (connection, _, name) = try await exported(bus)
        defer { connection.close() }
        let target = ["--dest", name, "--object-path", "/org/example/Swift"]
        let add = try await gdbus(bus, ["call"] + target + ["--method", "org.example.Swift1.Add", "2", "40"])
        #expect(add.status == 0)
        #expect(add.output == "(42,)")
        let echo = try await gdbus(bus, ["call"] + target + ["--method", "org.example.Swift1.Echo", "it's \"quoted\""])
        #expect(echo.output == "(\"it's \\\"quoted\\\"\",)")
        let get = try await gdbus(bus, ["call"] + target + ["--method", "org.freedesktop.DBus.Properties.Get", "org.example.Swift1", "Count"])
        #expect(get.output == "(<uint32 5>,)")
        let all = try await gdbus(bus, ["call"] + target + ["--method", "org.freedesktop.DBus.Properties.GetAll", "org.example.Swift1"])
        // Dictionary order is not specified; both entries must be there.
        #expect(all.output.hasPrefix("({") && all.output.contains("'Count': <uint32 5>") && all.output.contains("'Label': <'calculator'>"))
        let ping = try await gdbus(bus, ["call"] + target + ["--method", "org.freedesktop.DBus.Peer.Ping"])
        #expect(ping.status == 0)
        #expect(ping.output == "()")
    }

    @Test func gdbusSeesStandardErrorNames() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let (connection, _, name) = try await exported(bus)
        defer { connection.close() }
        let target = ["--dest", name, "--object-path", "/org/example/Swift"]
        let custom = try await gdbus(bus, ["call"] + target + ["--method", "org.example.Swift1.Fail"])
        #expect(custom.status != 0)
        #expect(custom.errors.contains("GDBus.Error:org.example.Error.Swift: swift failure text"))
        let method = try await gdbus(bus, ["call"] + target + ["--method", "org.example.Swift1.Nope"])
        #expect(method.errors.contains("org.freedesktop.DBus.Error.UnknownMethod"))
        let interface = try await gdbus(bus, ["call"] + target + ["--method", "org.example.Other.Add", "1", "2"])
        #expect(interface.errors.contains("org.freedesktop.DBus.Error.UnknownInterface"))
        let object = try await gdbus(bus, ["call", "--dest", name, "--object-path", "/org/example/Nowhere", "--method", "org.example.Swift1.Add", "1", "2"])
        #expect(object.errors.contains("org.freedesktop.DBus.Error.UnknownObject"))
        // gdbus checks argument types itself, so the wrong ones come from a Swift client.
        let client = try await DBusConnection.connect(to: bus.address)
        defer { client.close() }
        do {
            _ = try await client.call(destination: connection.uniqueName, path: "/org/example/Swift", interface: "org.example.Swift1",
                                      member: "Add", body: MessageBody("text", Int32(2)))
            Issue.record("Add(si) succeeded")
        } catch let error as DBusError {
            #expect(error.name == .invalidArgs)
            #expect(error.message.contains("ii"))
        }
        let readOnly = try await gdbus(bus, ["call"] + target + ["--method", "org.freedesktop.DBus.Properties.Set", "org.example.Swift1", "Label", "<'x'>"])
        #expect(readOnly.errors.contains("org.freedesktop.DBus.Error.PropertyReadOnly"))
    }

    @Test func gdbusIntrospectsSwiftObjectAndItsParent() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let (connection, _, name) = try await exported(bus)
        defer { connection.close() }
        let result = try await gdbus(bus, ["introspect", "--dest", name, "--object-path", "/org/example/Swift", "--xml"])
        #expect(result.status == 0)
        for needle in ["<interface name=\"org.example.Swift1\">", "<method name=\"Add\">", "<property name=\"Count\" type=\"u\" access=\"readwrite\"/>",
                       "<interface name=\"org.freedesktop.DBus.Properties\">", "<interface name=\"org.freedesktop.DBus.Introspectable\">",
                       "<interface name=\"org.freedesktop.DBus.Peer\">"] {
            #expect(result.output.contains(needle), "missing \(needle) in \(result.output)")
        }
        let parent = try await gdbus(bus, ["introspect", "--dest", name, "--object-path", "/org/example", "--xml"])
        #expect(parent.output.contains("<node name=\"Swift\">") || parent.output.contains("<node name=\"Swift\"/>"))
        let root = try await gdbus(bus, ["introspect", "--dest", name, "--object-path", "/", "--xml"])
        #expect(root.output.contains("<node name=\"org\""))
    }

    @Test func propertiesChangedAndSignalsReachPeers() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let gPeer = try PeerProcess(pythonScript: PeerScripts.path("gdbus_service.py"), [bus.address], bus: bus)
        defer { gPeer.stop() }
        try await gPeer.waitForLine(startingWith: "READY")
        let pyPeer = try PeerProcess(pythonScript: PeerScripts.path("dbus_python_service.py"), [bus.address], bus: bus)
        defer { pyPeer.stop() }
        try await pyPeer.waitForLine(startingWith: "READY")
        let (connection, _, name) = try await exported(bus)
        defer { connection.close() }

        // A Set from gdbus makes the Swift object emit PropertiesChanged, which the GDBus peer sees.
        let set = try await gdbus(bus, ["call", "--dest", name, "--object-path", "/org/example/Swift", "--method",
                                  "org.freedesktop.DBus.Properties.Set", "org.example.Swift1", "Count", "<uint32 9>"])
        #expect(set.status == 0, "\(set.errors)")
        let line = try await gPeer.waitForLine(startingWith: "GOT-PROPERTIES")
        #expect(line == "GOT-PROPERTIES /org/example/Swift org.example.Swift1 Count=9")

        try await connection.emitSignal(path: "/org/example/Swift", interface: "org.example.Swift1", member: "Hello", body: MessageBody("hi there"))
        let signal = try await pyPeer.waitForLine(startingWith: "GOT-SIGNAL")
        #expect(signal == "GOT-SIGNAL hi there /org/example/Swift")
    }
}
