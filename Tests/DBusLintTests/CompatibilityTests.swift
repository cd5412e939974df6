import DBusTestSupport
import Foundation
import Testing
import DBusLint

/// `dbus-swift diff` against Debian's dbus-deviation (`dbus-interface-diff`, python3-dbusdeviation)
/// on the before/after pairs in Fixtures/Compatibility: both tools must call the same pairs breaking.
@Suite struct CompatibilityTests {
    static let directory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/Compatibility")

    /// Where we deliberately disagree, and why.
    static let deviations: [String: String] = [
        // dbus-deviation only warns (ecs-changed-true-false) although it errors on true -> invalidates;
        // a client that relied on PropertiesChanged for the value breaks either way.
        "ecs-weakened-true-false": "we report a break, dbus-deviation a warning",
    ]

    static var pairs: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()) ?? []
    }

    static func ours(_ pair: String) throws -> [Finding] {
        let old = Array(try Data(contentsOf: directory.appendingPathComponent("\(pair)/old.xml")))
        let new = Array(try Data(contentsOf: directory.appendingPathComponent("\(pair)/new.xml")))
        return Linter().diff(old: .init(file: "\(pair)/old.xml", contents: old), new: .init(file: "\(pair)/new.xml", contents: new))
    }

    @Test func thereAreEnoughPairs() {
        #expect(Self.pairs.count >= 20)
    }

    @Test(.tags(.interop), arguments: pairs)
    func agreesWithDBusDeviationOnWhatBreaks(_ pair: String) async throws {
        let theirs = try await Program.run("/usr/bin/dbus-interface-diff", [
            Self.directory.appendingPathComponent("\(pair)/old.xml").path, Self.directory.appendingPathComponent("\(pair)/new.xml").path,
        ])
        // dbus-interface-diff exits non-zero exactly when it reports an error-level (breaking) change.
        let theyBreak = theirs.status != 0
        let weBreak = try Self.ours(pair).contains { $0.ruleID == "api-break" }
        if Self.deviations[pair] != nil {
            #expect(weBreak && !theyBreak, "\(pair): the documented deviation no longer holds: \(theirs.output)")
        } else {
            #expect(weBreak == theyBreak, "\(pair): dbus-interface-diff says \(theyBreak ? "breaking" : "compatible"): \(theirs.output)")
        }
    }

    @Test func breaksNameWhatChangedAndAdditionsAreNotes() async throws {
        let retyped = try Self.ours("argument-type-changed")
        #expect(retyped.map(\.compilerStyle) == [
            "argument-type-changed/new.xml:4:31: error: com.example.Demo1: method 'Frob' argument 1 ('value') changed type from 'i' to 'x' (argument-type-changed) [api-break]",
        ])
        let added = try Self.ours("method-added")
        #expect(added.map(\.ruleID) == ["api-addition"])
        #expect(added.first?.severity == .note)
        #expect(try Self.ours("unchanged").isEmpty)
    }

    @Test func aNewMajorVersionReplacesTheOldInterfaceWithoutABreak() {
        let old = Array(#"<node><interface name="com.example.Demo1"><method name="Frob"/></interface></node>"#.utf8)
        let new = Array(#"<node><interface name="com.example.Demo2"><method name="Frobnicate"/></interface></node>"#.utf8)
        let findings = Linter().diff(old: .init(file: "old.xml", contents: old), new: .init(file: "new.xml", contents: new))
        #expect(findings.allSatisfy { $0.ruleID == "api-addition" })
        #expect(findings.contains { $0.message.contains("replaced by 'com.example.Demo2'") })
    }
}
