import Foundation
import Testing
import DBusLint

@Suite struct SuppressionTests {
    static func lint(_ xml: String, configuration: Configuration = Configuration(), baseline: Baseline? = nil) -> [Finding] {
        Linter(configuration: configuration).lint([.init(file: "s.xml", contents: Array(xml.utf8))], baseline: baseline)
    }

    static let undocumented = """
        <node name="/com/example/Demo1">
          <!-- dbus-lint disable-file doc-missing (documented in the manual) -->
          <interface name="com.example.Demo1">
            <!-- dbus-lint disable-next member-name-camel-case, arg-name-snake-case (wire format fixed in 2010) -->
            <method name="set_level">
              <arg name="newLevel" type="u" direction="in"/>
            </method>
            <method name="reset_all"/>
          </interface>
        </node>
        """

    @Test func disableNextCoversTheElementAndItsChildrenOnly() {
        let findings = Self.lint(Self.undocumented)
        let active = findings.filter { !$0.isSuppressed }
        #expect(active.map(\.ruleID) == ["member-name-camel-case"])
        #expect(active.first?.location.line == 8)
        let suppressed = findings.filter(\.isSuppressed)
        #expect(Set(suppressed.map(\.ruleID)) == ["doc-missing", "member-name-camel-case", "arg-name-snake-case"])
        let camel = suppressed.first { $0.ruleID == "member-name-camel-case" }
        #expect(camel?.suppression == Suppression(kind: .inSource, source: "s.xml:4", reason: "wire format fixed in 2010"))
    }

    @Test func regionsEndAtEnable() {
        let xml = """
            <node name="/com/example/Demo1">
              <interface name="com.example.Demo1">
                <!-- dbus-lint disable member-name-camel-case (legacy) -->
                <method name="set_level"/>
                <!-- dbus-lint enable member-name-camel-case -->
                <method name="reset_all"/>
              </interface>
            </node>
            """
        let camel = Self.lint(xml).filter { $0.ruleID == "member-name-camel-case" }
        #expect(camel.map(\.isSuppressed) == [true, false])
    }

    @Test func unusedAndMalformedSuppressionsAreReported() {
        let xml = """
            <node name="/com/example/Demo1">
              <interface name="com.example.Demo1">
                <!-- dbus-lint disable-next prefer-property (not needed) -->
                <method name="Ping"/>
                <!-- dbus-lint: disable-next doc-missing -->
                <method name="Pong"/>
                <!-- dbus-lint disable-next no-such-rule (typo) -->
                <method name="Pang"/>
                <!-- dbus-lint disable-next doc-missing -->
                <method name="Peng"/>
              </interface>
            </node>
            """
        let findings = Self.lint(xml).filter { $0.ruleID.hasPrefix("suppression-") }.map { "\($0.location.line) \($0.ruleID) \($0.message)" }
        #expect(findings.contains("3 suppression-unused suppression of prefer-property matched no finding; remove it"))
        #expect(findings.contains { $0.hasPrefix("5 suppression-invalid write 'dbus-lint disable...' without a colon") })
        #expect(findings.contains("7 suppression-invalid unknown rule 'no-such-rule' in suppression (dbus-swift lint --list-rules)"))
        #expect(findings.contains("9 suppression-invalid suppression of doc-missing gives no reason; add one in parentheses"))
    }

    @Test func suppressionsOfRulesTheProfileDoesNotRunAreNotReportedAsUnused() {
        let xml = """
            <node name="/com/example/Demo1">
              <!-- dbus-lint disable-file doc-missing (documented in the manual) -->
              <interface name="com.example.Demo1"/>
            </node>
            """
        #expect(Self.lint(xml, configuration: Configuration(profile: .spec)).isEmpty)
        #expect(Self.lint(xml).map(\.isSuppressed) == [true])
    }

    @Test func suppressionCommentsDoNotDisplaceDocumentation() {
        // The colon-free form is not a gtk-doc symbol comment, so the doc comment above still applies.
        let xml = """
            <node name="/com/example/Demo1">
              <!--
                com.example.Demo1:

                A demo.
              -->
              <interface name="com.example.Demo1">
                <!--
                  Scroll:
                  @up: whether to scroll up

                  Scrolls.
                -->
                <!-- dbus-lint disable-next prefer-enum-over-bool (kept for compatibility) -->
                <method name="Scroll">
                  <arg name="up" type="b" direction="in"/>
                </method>
              </interface>
            </node>
            """
        let findings = Self.lint(xml, configuration: Configuration(profile: .strict))
        #expect(!findings.contains { $0.ruleID.hasPrefix("doc-") })
        #expect(findings.filter { $0.ruleID == "prefer-enum-over-bool" }.map(\.isSuppressed) == [true])
    }

    @Test func configSuppressionsMatchSymbols() {
        let configuration = Configuration(suppressions: [
            .init(rule: "member-name-camel-case", symbol: "com.example.Demo1.reset_all", reason: "public API"),
            .init(rule: "arg-name-snake-case", symbol: "com.example.Demo1.Gone*", reason: "stale"),
        ])
        let findings = Self.lint(Self.undocumented, configuration: configuration)
        #expect(findings.first { $0.ruleID == "member-name-camel-case" && $0.location.line == 8 }?.suppression?.source == "config")
        #expect(findings.contains { $0.ruleID == "suppression-unused" && $0.message.contains("suppress[1]") })
    }

    @Test func baselineAcceptsKnownFindingsEvenWhenTheyMove() throws {
        let xml = """
            <node name="/com/example/Demo1">
              <interface name="com.example.Demo1">
                <method name="set_level"/>
              </interface>
            </node>
            """
        let first = Self.lint(xml)
        #expect(first.contains { $0.ruleID == "member-name-camel-case" })
        let baseline = try Baseline.load(json: Array(Baseline(accepting: first).rendered().utf8), file: "baseline.json")

        // Lines move, a new problem appears: only the new one counts.
        let edited = xml.replacingOccurrences(of: "<method name=\"set_level\"/>", with: "\n\n<method name=\"set_level\"/>\n<method name=\"get_level\"/>")
        let second = Self.lint(edited, baseline: baseline)
        let active = second.filter { !$0.isSuppressed }
        #expect(active.allSatisfy { $0.message.contains("get_level") }, "\(active.map(\.compilerStyle))")
        #expect(second.contains { $0.isSuppressed && $0.message.contains("set_level") && $0.suppression?.source == "baseline" })
    }

    @Test func staleBaselineEntriesAreReported() throws {
        let xml = #"<node name="/com/example/Demo1"><interface name="com.example.Demo1"><method name="set_level"/></interface></node>"#
        let baseline = Baseline(accepting: Self.lint(xml))
        let fixed = Self.lint(#"<node name="/com/example/Demo1"><interface name="com.example.Demo1"><method name="SetLevel"/></interface></node>"#, baseline: baseline)
        #expect(fixed.contains { $0.ruleID == "suppression-unused" && $0.message.contains("no longer occurs") })
    }

    @Test func malformedBaselineIsAConfigurationError() {
        #expect(throws: ConfigurationError.self) { try Baseline.load(json: Array("[1, 2]".utf8), file: "b.json") }
    }
}
