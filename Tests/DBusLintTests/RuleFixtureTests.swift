import Foundation
import Testing
import DBusLint

/// Every rule has a directory in Fixtures/Rules named after its id with `fail.xml`, which must
/// trigger it, and at least one other XML file, which must not. Optional beside them:
/// `config.json` (both), `fail.json` / `pass.json` (one side; config-only rules such as bus names
/// live there), `previous.xml` (the previous revision, for the compatibility rules), `registry.xml`
/// (upstream interfaces, for the QEMU rules).
/// The profile is `strict` unless a config says otherwise, so opt-in rules run too.
@Suite struct RuleFixtureTests {
    /// Rules no XML file can trigger; each has its own test.
    static let withoutFixtures: Set<Rule> = [.inputTooLarge]

    static let directory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/Rules")

    static func lint(rule: Rule, file: String, side: String) throws -> [Finding] {
        let ruleDirectory = directory.appendingPathComponent(rule.id)
        var json: [String: Any] = [:]
        for name in ["config.json", "\(side).json"] {
            let url = ruleDirectory.appendingPathComponent(name)
            if let data = try? Data(contentsOf: url) {
                json.merge(try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])) { $1 }
            }
        }
        if json["profile"] == nil { json["profile"] = "strict" }
        let configurationFile = "\(rule.id)/\(side).json"
        let configuration = try Configuration.load(json: Array(try JSONSerialization.data(withJSONObject: json)), file: configurationFile)
        let contents = Array(try Data(contentsOf: ruleDirectory.appendingPathComponent(file)))
        let label = "\(rule.id)/\(file)"
        var previous: [String: Linter.Input] = [:]
        if let old = try? Data(contentsOf: ruleDirectory.appendingPathComponent("previous.xml")) {
            previous[label] = Linter.Input(file: label, contents: Array(old))
        }
        var registry: [Linter.Input] = []
        if let upstream = try? Data(contentsOf: ruleDirectory.appendingPathComponent("registry.xml")) {
            registry.append(Linter.Input(file: "\(rule.id)/registry.xml", contents: Array(upstream)))
        }
        let linter = Linter(configuration: configuration, configurationFile: json.count > 1 ? configurationFile : nil)
        return linter.lint([Linter.Input(file: label, contents: contents)], registry: registry, previous: previous)
    }

    static var rulesWithFixtures: [Rule] { Rule.allCases.filter { !withoutFixtures.contains($0) } }

    @Test(arguments: rulesWithFixtures)
    func failingFixtureTriggersTheRule(_ rule: Rule) throws {
        let findings = try Self.lint(rule: rule, file: "fail.xml", side: "fail")
        #expect(findings.contains { $0.ruleID == rule.id && !$0.isSuppressed },
                "\(rule.id)/fail.xml gave only: \(findings.map(\.compilerStyle).joined(separator: "\n"))")
    }

    @Test(arguments: rulesWithFixtures)
    func passingFixturesDoNotTriggerTheRule(_ rule: Rule) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.appendingPathComponent(rule.id).path)
            .filter { $0.hasSuffix(".xml") && !["fail.xml", "previous.xml", "registry.xml"].contains($0) }
        #expect(!files.isEmpty, "\(rule.id) has no passing fixture")
        for file in files {
            let findings = try Self.lint(rule: rule, file: file, side: "pass")
            let hits = findings.filter { $0.ruleID == rule.id }
            #expect(hits.isEmpty, "\(rule.id)/\(file): \(hits.map(\.compilerStyle).joined(separator: "\n"))")
        }
    }

    @Test func everyFixtureDirectoryNamesARule() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
        #expect(names.filter { Rule(rawValue: $0) == nil }.isEmpty)
    }

    @Test func oversizedInputIsRefusedWithItsOwnRule() {
        let big = [UInt8](repeating: UInt8(ascii: " "), count: 16 * 1024 * 1024 + 1)
        let findings = Linter().lint([Linter.Input(file: "big.xml", contents: big)])
        #expect(findings.map(\.ruleID) == ["input-too-large"])
        #expect(findings.first?.severity == .error)
    }
}
