import Testing
import DBus
import DBusTestSupport

/// Two Swift connections on one private bus.
@Suite(.tags(.interop)) struct SwiftToSwiftTests {
    @Test func swiftCallsSwiftExportedObject() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let server = try await DBusConnection.connect(to: bus.address)
        defer { server.close() }
        try server.export(Calculator(), at: "/org/example/Swift")
        let client = try await DBusConnection.connect(to: bus.address)
        defer { client.close() }
        let reply = try await client.call(
            destination: server.uniqueName, path: "/org/example/Swift", interface: "org.example.Swift1", member: "Add",
            body: MessageBody(Int32(2), Int32(3)), timeout: .seconds(5))
        #expect(try reply.decodeBody(as: Int32.self) == 5)
        let xml = try await client.call(
            destination: server.uniqueName, path: "/org/example/Swift", interface: "org.freedesktop.DBus.Introspectable",
            member: "Introspect", timeout: .seconds(5)).decodeBody(as: String.self)
        #expect(xml.contains("org.example.Swift1"))
    }
}
