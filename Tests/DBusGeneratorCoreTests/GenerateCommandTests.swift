import Foundation
import Testing
import DBusTestSupport

/// Runs the built `dbus-swift generate` the way a user or the build plugin does.
@Suite struct GenerateCommandTests {
    struct Run {
        var status: Int32
        var stderr: String
    }

    static var executable: URL { SwiftCompiler.modulesDirectory.deletingLastPathComponent().appending(path: "dbus-swift") }

    static func run(_ arguments: [String]) async throws -> Run {
        let result = try await Program.run(executable.path, arguments)
        return Run(status: result.status, stderr: result.output)
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "dbus-swift-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func writesOneFileNamedAfterEachInput() async throws {
        let output = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let run = try await Self.run(["generate", GoldenTests.fixtures.path, "--output-directory", output.path, "--interface-prefix", "org.qemu."])
        #expect(run.status == 0, "\(run.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        #expect(names == ["org.example.Annotations1.swift", "org.example.Naming1.swift", "org.example.RoundTrip1.swift", "org.example.Types1.swift", "org.qemu.Display1.swift"])
    }

    @Test func leavesUnchangedFilesUntouched() async throws {
        let output = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let input = GoldenTests.fixtures.appending(path: "org.example.Types1.xml").path
        #expect(try await Self.run(["generate", input, "--output-directory", output.path]).status == 0)
        let file = output.appending(path: "org.example.Types1.swift").path
        let marker = Date(timeIntervalSince1970: 1_000_000)
        try FileManager.default.setAttributes([.modificationDate: marker], ofItemAtPath: file)
        #expect(try await Self.run(["generate", input, "--output-directory", output.path]).status == 0)
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date == marker)
    }

    @Test func invalidXMLFailsWithFileLineColumnAndWritesNothing() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appending(path: "bad.xml")
        try Data(#"<node><interface name="org.example.Bad1"><method name="M"><arg name="x" type="a{vs}"/></method></interface></node>"#.utf8).write(to: input)
        let output = directory.appending(path: "out")
        let run = try await Self.run(["generate", input.path, "--output-directory", output.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("bad.xml:1:"))
        #expect(run.stderr.contains("error:"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func configFileSuppliesOptionsAndInputs() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appending(path: "dbus-swift.json")
        try Data("""
            {"interfaceFiles": ["\(GoldenTests.fixtures.appending(path: "org.qemu.Display1.xml").path)"],
             "interfaces": ["org.qemu.Display1.VM"], "accessModifier": "public", "interfacePrefix": "org.qemu.", "mode": ["client"]}
            """.utf8).write(to: config)
        let output = directory.appending(path: "out")
        let run = try await Self.run(["generate", "--config", config.path, "--output-directory", output.path])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOf: output.appending(path: "org.qemu.Display1.swift"), encoding: .utf8)
        #expect(text.contains("public enum Display1VM {"))
        #expect(!text.contains("Display1Console"))
        #expect(!text.contains("struct Skeleton"))
    }

    @Test func unknownConfigKeyIsAnError() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appending(path: "dbus-swift.json")
        try Data(#"{"accessModifer": "public"}"#.utf8).write(to: config)
        let run = try await Self.run(["generate", GoldenTests.fixtures.path, "--config", config.path, "--output-directory", directory.appending(path: "out").path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("unknown key 'accessModifer'"))
    }

    @Test func usageErrorsExitTwoAndMissingInputsThree() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try await Self.run(["generate", GoldenTests.fixtures.path]).status == 2)
        #expect(try await Self.run(["generate", "--access-modifier", "open", GoldenTests.fixtures.path, "--output-directory", directory.path]).status == 2)
        let missing = try await Self.run(["generate", directory.appending(path: "absent.xml").path, "--output-directory", directory.path])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("absent.xml: error: no such file or directory"))
    }
}
