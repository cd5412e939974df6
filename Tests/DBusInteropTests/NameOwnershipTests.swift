import Testing
import DBus
import DBusTestSupport

@Suite(.tags(.interop)) struct NameOwnershipTests {
    @Test func requestNameQueuesBehindAPythonOwnerAndTakesOverWhenItExits() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let peer = try PeerProcess(pythonScript: PeerScripts.path("dbus_python_service.py"), [bus.address], bus: bus)
        defer { peer.stop() }
        let ready = try await peer.waitForLine(startingWith: "READY")
        let pythonName = try BusName(String(ready.dropFirst("READY ".count)))

        let connection = try await DBusConnection.connect(to: bus.address)
        defer { connection.close() }
        let me = try #require(connection.uniqueName)
        let name: BusName = "org.example.PyService"
        #expect(try await connection.getNameOwner(name) == pythonName)
        #expect(try await connection.requestName(name, flags: .doNotQueue) == .exists)
        let changes = try await connection.nameOwnerChanges(for: name)
        #expect(try await connection.requestName(name) == .inQueue)
        #expect(try await connection.listQueuedOwners(name) == [pythonName, me])

        peer.stop()  // The owner disappears; the bus hands the name to the next in the queue.
        var iterator = changes.makeAsyncIterator()
        let change = try #require(await iterator.next())
        #expect(change == .init(name: name.rawValue, oldOwner: pythonName, newOwner: me))
        #expect(try await connection.getNameOwner(name) == me)
        #expect(try await connection.requestName(name) == .alreadyOwner)
        #expect(try await connection.releaseName(name) == .released)
        #expect(try await connection.releaseName(name) == .nonExistent)
    }

    @Test func primaryOwnerWithAllowReplacementIsReplaced() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let first = try await DBusConnection.connect(to: bus.address)
        defer { first.close() }
        let second = try await DBusConnection.connect(to: bus.address)
        defer { second.close() }
        let name: BusName = "org.example.Replaceable"
        #expect(try await first.requestName(name, flags: [.allowReplacement, .doNotQueue]) == .primaryOwner)
        #expect(try await second.requestName(name, flags: .replaceExisting) == .primaryOwner)
        #expect(try await first.getNameOwner(name) == second.uniqueName)
        #expect(try await second.releaseName("org.example.NeverOwned") == .nonExistent)
        #expect(try await first.releaseName(name) == .notOwner)
    }

    @Test func droppingASignalStreamRemovesItsMatchRule() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let connection = try await DBusConnection.connect(to: bus.address)
        defer { connection.close() }
        let rule = MatchRule(interface: "org.example.Iface", member: "Changed").matchingArgument(0, "it's")
        #expect(rule.description == "type='signal',interface='org.example.Iface',member='Changed',arg0='it'\\''s'")
        do {
            let stream = try await connection.signals(matching: rule)
            #expect(connection.subscriptionCount == 1)
            _ = stream
        }
        #expect(connection.subscriptionCount == 0)
        // The bus no longer has the rule: removing it again is an error.
        do {
            _ = try await connection.call(destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus",
                                          interface: "org.freedesktop.DBus", member: "RemoveMatch", body: MessageBody(rule.description))
            Issue.record("the match rule outlived its stream")
        } catch let error as DBusError {
            #expect(error.name == .matchRuleNotFound)
        }
    }

    @Test func signalsAreDeliveredOnlyToMatchingSubscriptionsInOrder() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let sender = try await DBusConnection.connect(to: bus.address)
        defer { sender.close() }
        let receiver = try await DBusConnection.connect(to: bus.address)
        defer { receiver.close() }
        let a = try await receiver.signals(matching: MatchRule(sender: sender.uniqueName, interface: "org.example.A"))
        let b = try await receiver.signals(matching: MatchRule(interface: "org.example.B", pathNamespace: "/org/example"))
        for index in 0..<100 {
            try await sender.emitSignal(path: "/org/example/x", interface: "org.example.A", member: "Tick", body: MessageBody(Int32(index)))
        }
        try await sender.emitSignal(path: "/elsewhere", interface: "org.example.B", member: "Tock")
        try await sender.emitSignal(path: "/org/example/deep/y", interface: "org.example.B", member: "Tock", body: MessageBody("inside"))
        var ai = a.makeAsyncIterator()
        for index in 0..<100 {
            let signal = try #require(await ai.next())
            #expect(try signal.decodeBody(as: Int32.self) == Int32(index))
        }
        var bi = b.makeAsyncIterator()
        let inside = try #require(await bi.next())
        #expect(try inside.decodeBody(as: String.self) == "inside")
    }
}
