import DBusTestSupport
import Foundation
import Testing
import DBusLint

/// Runs the built `dbus-swift` executable (built by `swift build --build-tests` next to the test
/// bundle) for what only the command line decides: exit statuses, formats, files.
@Suite(.tags(.interop)) struct CommandLineTests {
    static let executable = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("dbus-swift").path
    static let rules = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/Rules").path

    static func run(_ arguments: [String]) async throws -> ProgramOutput {
        try #require(FileManager.default.isExecutableFile(atPath: executable), "build dbus-swift first: swift build --build-tests")
        return try await Program.run(executable, arguments)
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dbus-lint-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func cleanFileExitsZero() async throws {
        let clean = try await Self.run(["lint", "--rule", "doc-missing=off", "\(Self.rules)/member-name-invalid/pass.xml"])
        #expect(clean.status == 0, "\(clean.output)")
    }

    @Test func errorsExitOneAndWarningsOnlyWithFailOnWarning() async throws {
        let errors = try await Self.run(["lint", "\(Self.rules)/member-name-invalid/fail.xml"])
        #expect(errors.status == 1)
        #expect(errors.output.contains("fail.xml:8:19: error: invalid method name 'Do.It': character '.' is not allowed at character 3 [member-name-invalid]"))
        let warningOnly = "\(Self.rules)/member-name-camel-case/fail.xml"
        #expect(try await Self.run(["lint", warningOnly]).status == 0)
        #expect(try await Self.run(["lint", "--fail-on", "warning", warningOnly]).status == 1)
        #expect(try await Self.run(["lint", "--fail-on", "never", "\(Self.rules)/member-name-invalid/fail.xml"]).status == 0)
    }

    @Test func usageMistakesExitTwo() async throws {
        #expect(try await Self.run(["lint", "--format", "xml", "\(Self.rules)/member-name-invalid/pass.xml"]).status == 2)
        #expect(try await Self.run(["lint", "--rule", "nonsense=off", "\(Self.rules)/member-name-invalid/pass.xml"]).status == 2)
        #expect(try await Self.run(["lint", "--no-such-flag", "x.xml"]).status == 2)
        #expect(try await Self.run(["lint"]).status == 2)
        #expect(try await Self.run(["diff", "only-one.xml"]).status == 2)
        #expect(try await Self.run(["lint", "--config", "/nonexistent/dbus-lint.json", "\(Self.rules)/member-name-invalid/pass.xml"]).status == 2)
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try await Self.run(["lint", directory.path]).status == 2)
        let config = directory.appendingPathComponent("bad.json")
        try #"{"rules": {"doc-mising": "off"}}"#.write(to: config, atomically: true, encoding: .utf8)
        let bad = try await Self.run(["lint", "--config", config.path, "\(Self.rules)/member-name-invalid/pass.xml"])
        #expect(bad.status == 2)
        #expect(bad.output.contains("rules: unknown rule 'doc-mising'"))
    }

    @Test func unreadableInputExitsThree() async throws {
        let result = try await Self.run(["lint", "/nonexistent/file.xml"])
        #expect(result.status == 3)
        #expect(result.output.contains("cannot read '/nonexistent/file.xml'"))
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let unreadable = directory.appendingPathComponent("locked.xml")
        try "<node/>".write(to: unreadable, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: unreadable.path)
        // root can read anything; only check the status when the file really is unreadable.
        if !FileManager.default.isReadableFile(atPath: unreadable.path) {
            #expect(try await Self.run(["lint", unreadable.path]).status == 3)
        }
    }

    @Test func everyFormatIsAvailable() async throws {
        let file = "\(Self.rules)/member-name-invalid/fail.xml"
        let github = try await Self.run(["lint", "--format", "github", file])
        #expect(github.output.contains("::error file=\(file),line=8,col=19,title=member-name-invalid::invalid method name 'Do.It'"))
        let json = try await Self.run(["lint", "--format", "json", file])
        let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        #expect(object?["schema"] as? Int == 1)
        let sarif = try await Self.run(["lint", "--format", "sarif", file])
        let log = try JSONSerialization.jsonObject(with: Data(sarif.output.utf8)) as? [String: Any]
        #expect(log?["version"] as? String == "2.1.0")
    }

    @Test func writtenBaselineMakesTheNextRunPass() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let baseline = directory.appendingPathComponent("baseline.json").path
        let file = "\(Self.rules)/member-name-invalid/fail.xml"
        #expect(try await Self.run(["lint", "--write-baseline", baseline, file]).status == 0)
        let accepted = try await Self.run(["lint", "--baseline", baseline, file])
        #expect(accepted.status == 0, "\(accepted.output)")
        #expect(accepted.output.contains("suppressed"))
    }

    @Test func previousRevisionReportsBreaks() async throws {
        let compatibility = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/Compatibility").path
        let lint = try await Self.run(["lint", "--rule", "doc-missing=off", "--previous", "\(compatibility)/method-removed/old.xml", "\(compatibility)/method-removed/new.xml"])
        #expect(lint.status == 1)
        #expect(lint.output.contains("method 'Frob' was removed (method-removed) [api-break]"))
        let diff = try await Self.run(["diff", "\(compatibility)/method-added/old.xml", "\(compatibility)/method-added/new.xml"])
        #expect(diff.status == 0)
        #expect(diff.output.contains("note: com.example.Demo1: method 'Reset' was added (method-added) [api-addition]"))
    }

    @Test func listRulesNamesEveryRule() async throws {
        let result = try await Self.run(["lint", "--list-rules"])
        #expect(result.status == 0)
        #expect(result.output.split(separator: "\n").count == Rule.allCases.count)
    }
}
