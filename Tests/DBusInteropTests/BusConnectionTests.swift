import Testing
import DBus
import DBusTestSupport

@Suite(.tags(.interop)) struct BusConnectionTests {
    @Test func helloAssignsAUniqueNameAndTheBusAnswersCalls() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let connection = try await DBusConnection.connect(to: bus.address)
        defer { connection.close() }
        let name = try #require(connection.uniqueName)
        #expect(name.rawValue.hasPrefix(":1."))
        #expect(connection.canPassFDs)
        let names = try await connection.listNames()
        #expect(names.contains(name.rawValue))
        #expect(names.contains("org.freedesktop.DBus"))
    }

    @Test func errorReplyIsThrownAsDBusErrorWithNameAndMessage() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let connection = try await DBusConnection.connect(to: bus.address)
        defer { connection.close() }
        do {
            _ = try await connection.getNameOwner("org.example.Nobody")
            Issue.record("GetNameOwner of an unowned name succeeded")
        } catch let error as DBusError {
            #expect(error.name == .nameHasNoOwner)
            #expect(error.message.contains("org.example.Nobody"))
        }
    }

    @Test func closingFailsPendingCallsAndLaterCalls() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let connection = try await DBusConnection.connect(to: bus.address)
        connection.close()
        await #expect(throws: DBusConnectionError.self) {
            _ = try await connection.listNames()
        }
        #expect(connection.isClosed)
    }

    @Test func daemonExitDisconnectsWithAClearReason() async throws {
        let bus = try PrivateBus()
        let connection = try await DBusConnection.connect(to: bus.address)
        defer { connection.close() }
        let stream = try await connection.signals(matching: MatchRule(interface: "org.example.Never"))
        bus.stop()
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next() == nil)  // The stream finishes on disconnection.
        do {
            _ = try await connection.listNames()
            Issue.record("call on a dead connection succeeded")
        } catch let error as DBusConnectionError {
            #expect("\(error)".contains("closed"))
        }
    }
}
