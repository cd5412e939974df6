import Testing
import DBusLint

@Suite struct DocumentationRuleTests {
    static func lint(_ xml: String) -> [Finding] {
        Linter().lint([.init(file: "d.xml", contents: Array(xml.utf8))])
    }

    @Test func missingDocumentationPointsAtAMisspelledSymbol() {
        let xml = """
            <node name="/com/example/Demo1">
              <!--
                com.example.Demo1:

                Keys.
              -->
              <interface name="com.example.Demo1">
                <!--
                  Prss:
                  @keycode: the key

                  Sends a key press.
                -->
                <method name="Press">
                  <arg name="keycode" type="u" direction="in"/>
                </method>
              </interface>
            </node>
            """
        let findings = Self.lint(xml).filter { $0.ruleID.hasPrefix("doc-") }.map(\.compilerStyle)
        #expect(findings == [
            "d.xml:8:5: note: documentation comment for 'Prss' documents no element (no element named 'Prss' follows it); was it renamed? [doc-orphan-comment]",
            "d.xml:14:19: warning: method 'Press' has no documentation comment (the nearest doc comment, line 8, names 'Prss') [doc-missing]",
        ])
    }

    @Test func referencesResolveAcrossFilesAndSuggestCloseNames() {
        let console = """
            <node>
              <!--
                com.example.Demo1.Console:

                See :dbus:meth:`com.example.Demo1.Audio.RegisterOutListener` and :dbus:meth:`~com.example.Demo1.Audio.Register`.
              -->
              <interface name="com.example.Demo1.Console"/>
            </node>
            """
        let audio = #"<node><interface name="com.example.Demo1.Audio"><method name="RegisterOutListener"/></interface></node>"#
        let findings = Linter().lint([.init(file: "console.xml", contents: Array(console.utf8)), .init(file: "audio.xml", contents: Array(audio.utf8))])
            .filter { $0.ruleID == "doc-xref-unresolved" }
        #expect(findings.map(\.message) == [
            "documentation reference :dbus:meth:`com.example.Demo1.Audio.Register` does not resolve (did you mean RegisterOutListener?)",
        ])
    }
}
