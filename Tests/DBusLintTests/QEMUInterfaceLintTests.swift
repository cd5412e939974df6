import Foundation
import Testing
import DBusLint

/// The project's copies of QEMU's interfaces (Interfaces/org.qemu.*.xml) are clean under the
/// QEMU configuration in Fixtures/QEMU. The files accept qemu-reserved-prefix themselves (an
/// inline disable-file: they are QEMU's own interfaces); the config lists the bus, path and error
/// names QEMU uses and accepts its one deliberate deviation, the unversioned bus name org.qemu.
@Suite struct QEMUInterfaceLintTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func lintInterfaces() throws -> [Finding] {
        let configURL = try #require(Bundle.module.url(forResource: "dbus-lint", withExtension: "json", subdirectory: "Fixtures/QEMU"))
        let configuration = try Configuration.load(json: Array(try Data(contentsOf: configURL)), file: "Fixtures/QEMU/dbus-lint.json")
        let directory = repository.appendingPathComponent("Interfaces")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("org.qemu.") && $0.hasSuffix(".xml") }.sorted()
        try #require(files.count >= 2, "Interfaces/ from the qemu branch is missing")
        let inputs = try files.map { Linter.Input(file: "Interfaces/\($0)", contents: Array(try Data(contentsOf: directory.appendingPathComponent($0)))) }
        return Linter(configuration: configuration, configurationFile: "Fixtures/QEMU/dbus-lint.json").lint(inputs)
    }

    @Test func qemuInterfacesHaveNoErrorsOrWarnings() throws {
        let findings = try Self.lintInterfaces().filter { !$0.isSuppressed }
        let serious = findings.filter { $0.severity >= .warning }
        #expect(serious.isEmpty, "\(serious.map(\.compilerStyle).joined(separator: "\n"))")
        // What remains are the guidelines' heuristics, each defensible for QEMU's API.
        #expect(Set(findings.map(\.ruleID)).isSubset(of: ["human-readable-string", "parallel-arrays"]),
                "\(findings.map(\.compilerStyle).joined(separator: "\n"))")
    }

    @Test func deliberateDeviationsAreAcceptedWithTheirReasons() throws {
        let accepted = try Self.lintInterfaces().filter(\.isSuppressed)
        #expect(Set(accepted.map(\.ruleID)) == ["bus-name-versioned", "qemu-reserved-prefix"])
        #expect(accepted.allSatisfy { $0.suppression?.reason?.isEmpty == false })
        let busName = try #require(accepted.first { $0.ruleID == "bus-name-versioned" })
        #expect(busName.message.contains("'org.qemu'") && busName.suppression?.reason?.contains("ui/dbus.c") == true)
    }

    @Test func everyVariantOfTheDisplayInterfaceIsChecked() throws {
        let findings = try Self.lintInterfaces()
        // ScanoutDMABUF2 exists only where HOST_OS != windows.
        let parallel = try #require(findings.first { $0.ruleID == "parallel-arrays" })
        #expect(parallel.variants == ["linux", "darwin"])
        #expect(parallel.symbol == "org.qemu.Display1.Listener.Unix.ScanoutDMABUF2.ScanoutDMABUF2")
    }
}
