import Testing
import DBusIntrospection

@Suite struct SourceLocationTests {
    @Test func printsCompilerStyle() {
        let location = SourceLocation(file: "a.xml", line: 3, column: 7)
        #expect(location.description == "a.xml:3:7")
        let diagnostic = Diagnostic(.error, "bad", at: location)
        #expect(diagnostic.description == "a.xml:3:7: error: bad")
    }

    @Test func ordersByFileLineColumn() {
        let a = SourceLocation(file: "a.xml", line: 3, column: 7)
        let b = SourceLocation(file: "a.xml", line: 3, column: 9)
        let c = SourceLocation(file: "a.xml", line: 4, column: 1)
        #expect([c, b, a].sorted() == [a, b, c])
    }
}
