import Testing
import DBusIntrospection

/// Fixtures/live-introspection.xml: what GDBus returns from Introspect (DOCTYPE, version comment,
/// child node stubs, args without direction on signals).
@Suite struct LiveIntrospectionTests {
    @Test func parsesDoctypeCommentAndChildStubs() throws {
        let document = IntrospectionParser.parse(contentsOf: try fixturePath("live-introspection.xml"))
        #expect(document.diagnostics.isEmpty, "\(document.diagnostics)")
        let root = try #require(document.root)
        #expect(root.name == nil)
        #expect(root.children.map { $0.name?.value } == ["Chardev_hmp0", "Console_0", "Console_1", "VM"])
        #expect(root.children.allSatisfy { $0.interfaces.isEmpty && $0.children.isEmpty })
        #expect(root.children.first?.location.line == 61)
        #expect(root.interfaces.map(\.name.value) == [
            "org.freedesktop.DBus.Properties", "org.freedesktop.DBus.Introspectable",
            "org.freedesktop.DBus.Peer", "org.qemu.Display1.Console",
        ])
        #expect(document.comments.map(\.text) == [" GDBus 2.74.6 "])
        #expect(document.comments.first?.location.line == 3)
    }

    @Test func signalArgumentsWithoutDirectionAreOut() throws {
        let document = IntrospectionParser.parse(contentsOf: try fixturePath("live-introspection.xml"))
        let properties = try #require(document.interface("org.freedesktop.DBus.Properties"))
        let changed = try #require(properties.signals.first)
        #expect(changed.arguments.map(\.direction) == [.out, .out, .out])
        #expect(changed.arguments.allSatisfy { $0.declaredDirection == nil })
        let console = try #require(document.interface("org.qemu.Display1.Console"))
        #expect(console.properties.map(\.name.value) == ["Label", "Head"])
        #expect(console.properties.first?.access == .read)
    }
}
