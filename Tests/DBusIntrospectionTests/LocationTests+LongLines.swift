import Testing
import DBusIntrospection

/// Columns on very long lines (minified XML): correct across the table's internal 256-byte blocks,
/// including multi-byte characters that straddle a block boundary.
@Suite struct LongLineLocationTests {
    @Test func columnsOnASingleLineDocument() throws {
        var xml = "<node><interface name=\"a.b\">"
        var expectedColumns: [Int] = []
        for index in 0..<2000 {
            // Two-byte characters in the comment shift bytes against characters.
            let comment = "<!--" + String(repeating: "é", count: index % 7) + "-->"
            xml += comment
            expectedColumns.append(xml.count + 1)
            xml += "<method name=\"M\(index)\"/>"
        }
        xml += "</interface></node>"
        let document = parse(xml)
        #expect(document.diagnostics.isEmpty)
        let methods = try #require(document.interface("a.b")?.methods)
        #expect(methods.map(\.location.column) == expectedColumns)
        #expect(methods.allSatisfy { $0.location.line == 1 })
        #expect(methods.map(\.name.location.column) == expectedColumns.map { $0 + 14 })
    }
}
