import DBus
import DBusTestSupport
import Foundation
import Testing

/// `dbus-swift introspect` against a generated skeleton on a private bus.
@Suite(.tags(.interop)) struct IntrospectCommandTests {
    static var executable: String {
        Bundle.module.bundleURL.deletingLastPathComponent().appending(path: "dbus-swift").path
    }

    func introspect(_ arguments: [String], bus: PrivateBus) async throws -> ProgramOutput {
        try await Program.run(Self.executable, ["introspect"] + arguments, environment: ["DBUS_SESSION_BUS_ADDRESS": bus.address])
    }

    @Test func printsTheLiveXMLAndNestsChildrenWhenRecursive() async throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let server = try await DBusConnection.connect(to: bus.address)
        defer { server.close() }
        try server.export(RoundTrip1.Skeleton(Echo()), at: Echo.path)
        _ = try await server.requestName(GeneratedRoundTripTests.busName)

        let single = try await introspect(["--bus", bus.address, "--dest", GeneratedRoundTripTests.busName.rawValue, "--path", Echo.path.rawValue], bus: bus)
        #expect(single.status == 0)
        #expect(single.output.contains(#"<interface name="org.example.RoundTrip1">"#))

        let tree = try await introspect(["--bus", bus.address, "--dest", GeneratedRoundTripTests.busName.rawValue, "--recursive"], bus: bus)
        #expect(tree.status == 0)
        #expect(tree.output.contains(#"<node name="org">"#))
        #expect(tree.output.contains(#"<node name="RoundTrip1">"#))
        #expect(tree.output.contains(#"<method name="EchoBasics">"#))

        let missing = try await introspect(["--bus", bus.address, "--dest", "org.example.Nobody", "--path", "/"], bus: bus)
        #expect(missing.status != 0)
    }
}
