import DBusIntrospection
import Testing
@testable import DBusGeneratorCore

@Suite struct DocumentationTests {
    @Test func restructuredTextRolesBecomeCodeVoice() {
        #expect(DocumentationRenderer.rewritingRoles("See :dbus:prop:`org.qemu.Display1.VM.ConsoleIDs`.") == "See `org.qemu.Display1.VM.ConsoleIDs`.")
        #expect(DocumentationRenderer.rewritingRoles("Either ``Graphic`` or ``Text``.") == "Either `Graphic` or `Text`.")
        #expect(DocumentationRenderer.rewritingRoles(":ref:`x` and Note: y") == "`x` and Note: y")
    }

    @Test func paragraphsAreKeptAndBlankRunsCollapsed() {
        #expect(DocumentationRenderer.lines("First.  \n\n\n\nSecond line\nthird.\n\n") == ["First.", "", "Second line", "third."])
    }

    @Test func parametersAndResultsBecomeDocCommentFields() {
        let docs = DocumentationRenderer(Documentation(text: "Does it.", parameters: ["x_pos": "where", "out": "what came back"], tags: ["Since": "1.2"],
                                                       location: ModelBuilder.here))
        let x = ArgumentPlan(swiftName: "xPos", swiftType: "Int32", tree: .int32, documentation: docs.parameterText("x_pos"))
        let out = ArgumentPlan(swiftName: "out", swiftType: "Int32", tree: .int32, documentation: docs.parameterText("out"))
        let lines = docs.methodLines(inArguments: [(ModelBuilder.argument("x_pos", "i"), x)], outArguments: [(ModelBuilder.argument("out", "i", .out), out)])
        #expect(lines == ["Does it.", "", "- Note: Since 1.2.", "", "- Parameter xPos: where", "- Returns: what came back"])
    }

    @Test func stringLiteralsEscapeEverythingSpecial() {
        #expect(swiftStringLiteral("a\"b\\c\nd\u{1}") == #""a\"b\\c\nd\u{1}""#)
        #expect(multilineLiteral("x \"\"\"# y") == "##\"\"\"\nx \"\"\"# y\n\"\"\"##")
    }
}
