import DBusTestSupport
import Foundation
import Testing

/// The SwiftPM plugins, exercised the way a user would: on a copy of Examples/HelloService.
///
/// One test, because every step reuses the first build (a clean build of the runtime, the
/// generator and the example takes minutes; the later steps are incremental).
@Suite(.tags(.interop)) struct ExamplePackageTests {
    @Test func examplePackageBuildsRunsFollowsXMLEditsAndLints() async throws {
        let example = try ExamplePackage.copy()
        defer { example.remove() }

        // A clean build runs the build plugin, and the program answers its own call.
        let build = try await example.swift("build")
        try #require(build.status == 0, "clean build failed:\n\(build.output)")
        #expect(try example.read(example.generatedFile).contains("func greet(name: String) async throws -> String"))
        // Without a session bus address the example serves itself peer to peer.
        let run = try await Program.run(
            example.scratch.appending(path: "debug/HelloService").path, ["tester"], environment: ["DBUS_SESSION_BUS_ADDRESS": nil])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("Hello, tester!\ngreetings so far: 1\nan empty name is refused: org.example.Hello1.Error.EmptyName"),
                "\(run.output)")

        // On a bus (a private dbus-daemon), the service owns org.example.Hello and is called by name.
        let bus = try PrivateBus()
        defer { bus.stop() }
        let onBus = try await Program.run(
            example.scratch.appending(path: "debug/HelloService").path, ["bus"], environment: ["DBUS_SESSION_BUS_ADDRESS": bus.address])
        #expect(onBus.status == 0, "\(onBus.output)")
        #expect(onBus.output.contains("Hello, bus!\ngreetings so far: 1\n"), "\(onBus.output)")

        // A method added to the XML appears in the generated protocol and proxy on the next build.
        let original = try example.read(example.interfaceFile)
        try example.write(original.replacingOccurrences(of: "    <property name=\"GreetingCount\"", with: """
                <method name="Farewell">
                  <arg name="name" type="s" direction="in"/>
                  <arg name="farewell" type="s" direction="out"/>
                </method>
                <property name="GreetingCount"
            """), to: example.interfaceFile)
        try example.write("""
            extension Greeter {
                func farewell(name: String) -> String { "Goodbye, \\(name)!" }
            }

            func sayGoodbye(with hello: Hello1.Proxy) async throws -> String {
                try await hello.farewell(name: "tester")
            }

            """, to: example.root.appending(path: "Sources/HelloService/Farewell.swift"))
        let rebuild = try await example.swift("build")
        #expect(rebuild.status == 0, "rebuild after adding Farewell failed:\n\(rebuild.output)")
        #expect(try example.read(example.generatedFile).contains("func farewell(name: String) async throws -> String"))

        // Touching the XML reruns the generator, which leaves the unchanged output alone, so
        // nothing is recompiled.
        let generatedDate = try example.modificationDate(of: example.generatedFile)
        try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: example.interfaceFile.path)
        let touched = try await example.swift("build")
        #expect(touched.status == 0, "\(touched.output)")
        #expect(touched.output.contains("Generating Swift from D-Bus XML"), "\(touched.output)")
        #expect(!touched.output.contains("Compiling HelloService"), "\(touched.output)")
        #expect(try example.modificationDate(of: example.generatedFile) == generatedDate)

        // The example's XML passes the checker.
        let cleanLint = try await example.swift("package", "dbus-lint")
        #expect(cleanLint.status == 0, "\(cleanLint.output)")

        // `swift package generate-dbus-code` writes the code into a target that commits it (and
        // excludes its XML and config, which the plugin still finds).
        let committed = example.root.appending(path: "Sources/Committed")
        try FileManager.default.createDirectory(at: committed, withIntermediateDirectories: true)
        for name in ["org.example.Hello1.xml", "dbus-swift.json"] {
            try FileManager.default.copyItem(at: example.root.appending(path: "Sources/HelloService/\(name)"), to: committed.appending(path: name))
        }
        try example.write("""
            import DBus

            func greeter(on connection: DBusConnection) -> Hello1.Proxy {
                Hello1.Proxy(connection: connection, destination: nil, path: "/org/example/Hello1")
            }

            """, to: committed.appending(path: "Greeter.swift"))
        let manifest = example.root.appending(path: "Package.swift")
        let targets = try example.read(manifest)
        let withCommitted = targets.replacingOccurrences(of: "    targets: [\n", with: """
                targets: [
                    .target(name: "Committed", dependencies: [.product(name: "DBus", package: "swift-dbus-generator")],
                            exclude: ["org.example.Hello1.xml", "dbus-swift.json"]),

            """)
        try #require(withCommitted != targets)
        try example.write(withCommitted, to: manifest)
        let generate = try await example.swift("package", "--allow-writing-to-package-directory", "generate-dbus-code", "--target", "Committed")
        #expect(generate.status == 0, "\(generate.output)")
        #expect(try example.read(committed.appending(path: "Generated/org.example.Hello1.swift")).contains("func farewell(name: String)"))
        let committedBuild = try await example.swift("build", "--target", "Committed")
        #expect(committedBuild.status == 0, "\(committedBuild.output)")
        #expect(!committedBuild.output.contains("unhandled"), "\(committedBuild.output)")

        // Broken XML fails the build with a diagnostic at its line and column.
        let edited = try example.read(example.interfaceFile)
        try example.write(edited.replacingOccurrences(of: #"<arg name="name" type="s" direction="in"/>"#,
                                                      with: #"<arg name="name" type="z" direction="in"/>"#), to: example.interfaceFile)
        let broken = try await example.swift("build")
        #expect(broken.status != 0)
        #expect(broken.output.contains("org.example.Hello1.xml:17:"), "\(broken.output)")

        // `swift package dbus-lint` reports it in compiler style and fails.
        let lint = try await example.swift("package", "dbus-lint")
        #expect(lint.status != 0)
        #expect(lint.output.contains("org.example.Hello1.xml:17:"), "\(lint.output)")
        #expect(lint.output.contains("error:"), "\(lint.output)")
    }
}
