import DBusTestSupport
import Foundation
import Testing
import DBusIntrospection
import DBusLint

@Suite struct ReportFormatTests {
    static let findings: [Finding] = [
        Finding(ruleID: "doc-missing", severity: .warning, message: "method 'Press' has no documentation comment",
                location: SourceLocation(file: "ui/dbus display,1.xml", line: 12, column: 5), symbol: "org.qemu.Display1.Keyboard.Press"),
        Finding(ruleID: "signature-invalid", severity: .error, message: "100% wrong:\nsecond line\r, with comma",
                location: SourceLocation(file: "a:b.xml", line: 3, column: 7), symbol: "com.example.Demo1.Frob(a)", variants: ["windows"]),
        Finding(ruleID: "prefer-property", severity: .note, message: "accepted", location: SourceLocation(file: "a.xml", line: 1, column: 1),
                suppression: Suppression(kind: .inSource, source: "a.xml:1", reason: "legacy")),
    ]

    @Test func textIsCompilerStyleAndSkipsSuppressed() {
        let text = OutputFormat.text.render(Self.findings, files: [], toolVersion: "0.1.0")
        #expect(text == """
            ui/dbus display,1.xml:12:5: warning: method 'Press' has no documentation comment [doc-missing]
            a:b.xml:3:7: error: 100% wrong:\nsecond line\r, with comma [signature-invalid] (variants: windows)

            """)
    }

    @Test func githubEscapesDataAndProperties() {
        let text = OutputFormat.github.render(Self.findings, files: [], toolVersion: "0.1.0")
        #expect(text == """
            ::error file=a%3Ab.xml,line=3,col=7,title=signature-invalid::100%25 wrong:%0Asecond line%0D, with comma (variants: windows)
            ::warning file=ui/dbus display%2C1.xml,line=12,col=5,title=doc-missing::method 'Press' has no documentation comment

            """)
    }

    @Test func githubPointsToSARIFWhenThereAreMoreAnnotationsThanAStepShows() {
        let many = (1...11).map { Finding(ruleID: "doc-missing", severity: .warning, message: "m\($0)", location: SourceLocation(file: "a.xml", line: $0, column: 1)) }
        let text = OutputFormat.github.render(many, files: [], toolVersion: "0.1.0")
        #expect(text.split(separator: "\n").last == "::notice title=dbus-lint::11 findings; GitHub shows only some annotations per step. Use --format sarif with github/codeql-action/upload-sarif to see them all.")
        #expect(!OutputFormat.github.render(Array(many.prefix(10)), files: [], toolVersion: "0.1.0").contains("::notice"))
    }

    @Test func jsonCarriesEveryFieldIncludingSuppressions() async throws {
        let text = OutputFormat.json.render(Self.findings, files: ["a.xml"], toolVersion: "0.1.0")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["schema"] as? Int == 1)
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.count == 3)
        #expect(findings[1]["variants"] as? [String] == ["windows"])
        #expect(findings[1]["line"] as? Int == 3)
        #expect((findings[2]["suppressed"] as? [String: Any])?["reason"] as? String == "legacy")
        #expect(findings[0]["suppressed"] is NSNull)
    }

    @Test func fingerprintsIgnoreLineNumbers() {
        var moved = Self.findings[0]
        moved.location.line += 40
        #expect(moved.fingerprint == Self.findings[0].fingerprint)
        var otherSymbol = Self.findings[0]
        otherSymbol.symbol = "org.qemu.Display1.Keyboard.Release"
        #expect(otherSymbol.fingerprint != Self.findings[0].fingerprint)
    }

    @Test(.tags(.interop)) func sarifValidatesAgainstTheSchema() async throws {
        let sarif = OutputFormat.sarif.render(Self.findings, files: [], toolVersion: "0.1.0")
        let schema = try #require(Bundle.module.url(forResource: "sarif-2.1.0", withExtension: "json", subdirectory: "Fixtures/SARIF"))
        let result = try await SARIFValidator.validate(sarif, schema: schema)
        #expect(result.status == 0 && result.output.contains("valid"), "\(result.output)")
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 3)
        #expect((results[2]["suppressions"] as? [[String: Any]])?.first?["kind"] as? String == "inSource")
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(rules.count == Rule.allCases.count)
    }

    @Test(.tags(.interop)) func sarifOfEveryRuleFixtureValidates() async throws {
        // One run over every failing fixture: every rule id, variants, suppressions, config locations.
        let rules = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/Rules")
        var inputs: [Linter.Input] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: rules.path).sorted() {
            let url = rules.appendingPathComponent("\(name)/fail.xml")
            inputs.append(Linter.Input(file: "Rules/\(name)/fail.xml", contents: Array(try Data(contentsOf: url))))
        }
        inputs.append(Linter.Input(file: "/absolute/path with space.xml", contents: Array("<node><interface name=\"a.B1\"/></node>".utf8)))
        let configuration = Configuration(profile: .strict, busNames: ["org.qemu"], suppressions: [.init(rule: "doc-missing", symbol: "a.B1", reason: "test")])
        let findings = Linter(configuration: configuration, configurationFile: ".dbus-lint.json").lint(inputs)
        #expect(Set(findings.map(\.ruleID)).count > 50)
        #expect(findings.contains(where: \.isSuppressed) && findings.contains { !$0.variants.isEmpty })
        let schema = try #require(Bundle.module.url(forResource: "sarif-2.1.0", withExtension: "json", subdirectory: "Fixtures/SARIF"))
        let result = try await SARIFValidator.validate(OutputFormat.sarif.render(findings, files: [], toolVersion: "0.1.0"), schema: schema)
        #expect(result.status == 0 && result.output.contains("valid"), "\(result.output)")
    }

    @Test func sarifLocationsAreRelativeToTheSourceRootOrFileURIs() {
        let findings = ["./Interfaces/a b.xml", "/usr/share/x.xml"].map {
            Finding(ruleID: "doc-missing", severity: .warning, message: "m", location: SourceLocation(file: $0, line: 1, column: 1))
        }
        let sarif = OutputFormat.sarif.render(findings, files: [], toolVersion: "0.1.0")
        #expect(sarif.contains(#""uri": "Interfaces/a%20b.xml","#) && sarif.contains(#""uriBaseId": "%SRCROOT%""#))
        #expect(sarif.contains(#""uri": "file:///usr/share/x.xml""#))
    }

    @Test(.tags(.interop)) func sarifRejectsABrokenLogSoTheValidatorIsReal() async throws {
        let schema = try #require(Bundle.module.url(forResource: "sarif-2.1.0", withExtension: "json", subdirectory: "Fixtures/SARIF"))
        // A run without its required tool.
        let result = try await SARIFValidator.validate(#"{"version": "2.1.0", "runs": [{"results": []}]}"#, schema: schema)
        #expect(result.status != 0)
        #expect(result.output.contains("ValidationError") && result.output.contains("'tool' is a required property"), "\(result.output)")
    }
}

/// Runs Debian's python3-jsonschema on a SARIF log.
enum SARIFValidator {
    static func validate(_ log: String, schema: URL) async throws -> ProgramOutput {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dbus-lint-sarif-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let logFile = directory.appendingPathComponent("log.sarif")
        try log.write(to: logFile, atomically: true, encoding: .utf8)
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            log = json.load(open(sys.argv[2]))
            jsonschema.validators.validator_for(schema)(schema).validate(log)
            print("valid")
            """
        return try await Program.run(PeerProcess.python, ["-c", script, schema.path, logFile.path])
    }
}

