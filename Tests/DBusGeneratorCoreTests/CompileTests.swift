import DBusIntrospection
import DBusTestSupport
import Foundation
import Testing
@testable import DBusGeneratorCore

/// Generated code must compile without warnings, in Swift 6 mode, against the real runtime.
@Suite(.tags(.compile), .serialized) struct CompileTests {
    static let systemInterfaces = "/usr/share/dbus-1/interfaces"

    static func documents(in directory: String, matching prefixes: [String]) throws -> [IntrospectionDocument] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { name in name.hasSuffix(".xml") && prefixes.contains { name.hasPrefix($0) } }
            .sorted()
        return names.map { IntrospectionParser.parse(contentsOf: directory + "/" + $0) }
    }

    private func compile(_ result: GeneratorResult) async throws {
        #expect(!result.hasErrors, "\(result.diagnostics.filter { $0.severity == .error })")
        let (directory, files) = try SwiftCompiler.write(result.files.map { ($0.name, $0.contents) })
        defer { try? FileManager.default.removeItem(at: directory) }
        let compiled = try await SwiftCompiler.typecheck(files)
        #expect(compiled.status == 0)
        #expect(compiled.output.isEmpty, "swiftc printed:\n\(compiled.output)")
    }

    @Test(arguments: [AccessModifier.internal, .public])
    func networkManagerAndModemManagerInterfacesCompileWithoutWarnings(access: AccessModifier) async throws {
        let documents = try Self.documents(in: Self.systemInterfaces, matching: ["org.freedesktop.NetworkManager", "org.freedesktop.ModemManager1"])
        try #require(documents.count > 60, "install network-manager-dev and modemmanager-dev")
        let result = GeneratorPipeline.run(documents: documents, config: GeneratorConfig(accessModifier: access))
        #expect(result.files.count == documents.count)
        try await compile(result)
    }

    @Test func goldenFixturesCompileWithoutWarnings() async throws {
        for testCase in GoldenTests.cases {
            try await compile(GeneratorPipeline.run(documents: [try GoldenTests.document(testCase)], config: testCase.config))
        }
    }
}
