import Testing
import DBusIntrospection

/// Each parse uses its own libxml2 context and error callback, so parses run in parallel.
@Suite struct ConcurrencyTests {
    @Test func parallelParsesKeepTheirOwnDiagnostics() async {
        let good = "<node><interface name=\"a.b\"><method name=\"M\"/></interface></node>"
        let bad = "<node>\n<interface name=\"a.b\">\n</node>"
        let results = await withTaskGroup(of: (Bool, IntrospectionDocument).self) { group in
            for index in 0..<64 {
                let isGood = index.isMultiple(of: 2)
                group.addTask { (isGood, parse(isGood ? good : bad, file: "f\(index).xml")) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 64)
        for (isGood, document) in results {
            if isGood {
                #expect(document.diagnostics.isEmpty)
                #expect(document.interface("a.b")?.methods.count == 1)
            } else {
                #expect(document.diagnosticSummary.first?.hasPrefix("3:") == true)
                #expect(document.diagnostics.allSatisfy { $0.location.file == document.file })
            }
        }
    }
}
