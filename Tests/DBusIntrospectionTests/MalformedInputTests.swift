import Testing
import DBusIntrospection

/// Bad input gives diagnostics with the right line:column, never a crash or a hang.
@Suite struct MalformedInputTests {
    @Test func mismatchedEndTagIsReportedWhereLibxml2StoppedWithNoModel() {
        let document = parse("""
        <node>
          <interface name="a.b">
            <method name="M">
          </interface>
        </node>
        """)
        #expect(document.root == nil)
        let first = document.diagnostics.first
        #expect(first?.id == "xml-malformed")
        #expect(first?.severity == .error)
        #expect(first?.location.line == 4)
        #expect(first?.message.contains("mismatch") == true)
        #expect(first?.description.hasPrefix("test.xml:4:") == true)
    }

    @Test func unclosedAttributeQuoteIsMalformed() {
        let document = parse("<node>\n  <interface name=\"a.b>\n</node>\n")
        #expect(document.root == nil)
        #expect(document.diagnostics.first?.id == "xml-malformed")
        #expect(document.hasErrors)
    }

    @Test(arguments: ["", "   ", "not xml", "<", "<node", "<node></nod>", "\u{0}", "<node>&undefined;</node>"])
    func garbageGivesAnErrorNotACrash(_ text: String) {
        let document = parse(text)
        #expect(document.root == nil)
        #expect(document.hasErrors)
    }

    @Test func billionLaughsIsRefusedAtTheFirstReference() throws {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE node [\n  <!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            xml += "  <!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        xml += "]>\n<node><interface name=\"a.b\"><method name=\"&lol9;\"/></interface></node>\n"
        let document = parse(xml)
        #expect(document.root == nil)
        #expect(document.diagnosticSummary == ["14:43 entity-expansion"])
        let diagnostic = try #require(document.diagnostics.first)
        #expect(diagnostic.message.contains("'lol9'"))
        #expect(diagnostic.related.map(\.location.line) == [12])
    }

    @Test func entitiesInContentAreRefusedToo() {
        let document = parse("<!DOCTYPE node [ <!ENTITY e \"x\"> ]>\n<node>\n  <interface name=\"a.b\">&e;</interface>\n</node>")
        #expect(document.root == nil)
        #expect(document.diagnosticSummary == ["3:25 entity-expansion"])
    }

    @Test func externalEntitiesAreNeverLoaded() {
        let document = parse("""
        <!DOCTYPE node [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
        <node><interface name="a.&secret;"/></node>
        """)
        #expect(document.root == nil)
        #expect(document.diagnosticSummary == ["2:26 entity-expansion"])
    }

    /// PackageKit's interface files declare an entity they never use.
    @Test func unusedEntityDeclarationsAreAccepted() {
        let document = parse("""
        <!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
        "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd" [
          <!ENTITY ERROR_GENERAL "org.example.Denied">
        ]>
        <node><interface name="a.b"/></node>
        """)
        #expect(document.diagnostics.isEmpty)
        #expect(document.interface("a.b") != nil)
    }

    @Test func undefinedEntityIsMalformed() {
        let document = parse("<node>\n<interface name=\"a.&nope;\"/></node>")
        #expect(document.diagnosticSummary.map { $0.hasSuffix("xml-malformed") } == [true])
    }

    @Test func oversizedInputIsRefusedBeforeParsing() {
        let data = [UInt8](repeating: UInt8(ascii: " "), count: IntrospectionParser.maximumInputSize + 1)
        let document = IntrospectionParser.parse(data: data, file: "big.xml")
        #expect(document.root == nil)
        #expect(document.diagnosticSummary == ["1:1 input-too-large"])
        #expect(document.diagnostics.first?.message.contains("16 MiB") == true)
    }

    @Test func unreadableFileIsADiagnostic() {
        let document = IntrospectionParser.parse(contentsOf: "/nonexistent/file.xml")
        #expect(document.diagnosticSummary == ["1:1 input-unreadable"])
        #expect(document.diagnostics.first?.message.contains("No such file") == true)
    }

    @Test func utf16InputIsRefused() {
        let utf16: [UInt8] = [0xFF, 0xFE] + "<node/>".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let document = IntrospectionParser.parse(data: utf16, file: "u.xml")
        #expect(document.root == nil)
        #expect(document.diagnostics.first?.message.contains("must be UTF-8") == true)
    }

    @Test func declaredLatin1IsReadAsUTF8() {
        let ascii = parse("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<node><interface name=\"a.b\"/></node>")
        #expect(ascii.diagnostics.isEmpty)
        var latin1 = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<node><!-- caf".utf8)
        latin1 += [0xE9] + Array(" --></node>".utf8)
        let document = IntrospectionParser.parse(data: latin1, file: "l.xml")
        #expect(document.root == nil)
        #expect(document.diagnostics.first?.id == "xml-malformed")
        #expect(document.diagnostics.first?.location.line == 2)
    }

    @Test func deepNestingIsAnErrorNotAStackOverflow() {
        let xml = String(repeating: "<node>", count: 5000) + String(repeating: "</node>", count: 5000)
        let document = parse(xml)
        #expect(document.hasErrors)
    }
}

/// `<?if?>` blocks that do not balance, and processing instructions that are never executed.
@Suite struct ProcessingInstructionTests {
    @Test func endifWithoutIf() {
        let document = parse("""
        <node>
          <interface name="a.b">
            <?endif?>
          </interface>
        </node>
        """)
        #expect(document.diagnosticSummary == ["3:5 pi-unbalanced"])
        #expect(document.root?.interfaces.count == 1)
    }

    @Test func ifNotClosedInItsElementPointsAtBothEnds() throws {
        let document = parse("""
        <node>
          <interface name="a.b">
            <method name="M">
              <?if $(env.HOST_OS) == windows?>
              <arg type="s"/>
            </method>
            <method name="N"/>
          </interface>
        </node>
        """, variables: ["HOST_OS": "linux"])
        #expect(document.diagnosticSummary == ["4:7 pi-unbalanced"])
        let diagnostic = try #require(document.diagnostics.first)
        #expect(diagnostic.related.map { "\($0.location.line):\($0.location.column)" } == ["6:5"])
        // The block ends with its element: the next method is not swallowed by the false branch.
        #expect(document.interface("a.b")?.methods.map(\.name.value) == ["M", "N"])
        #expect(document.interface("a.b")?.methods.first?.arguments.isEmpty == true)
    }

    @Test func ifNotClosedAtTheEndOfTheDocument() throws {
        let document = parse("<node/>\n<?if $(env.HOST_OS) == linux?>\n")
        #expect(document.diagnosticSummary == ["2:1 pi-unbalanced"])
        #expect(try #require(document.diagnostics.first).related.first?.location.line == 3)
    }

    @Test func elseAfterElse() throws {
        let document = parse("""
        <node>
          <?if $(env.HOST_OS) == linux?>
          <?else?>
          <?else?>
          <?endif?>
        </node>
        """)
        #expect(document.diagnosticSummary == ["4:3 pi-unbalanced"])
        #expect(try #require(document.diagnostics.first).related.first?.location.line == 3)
    }

    @Test func endifInsideAnotherElementThanItsIf() throws {
        let document = parse("""
        <node>
          <?if $(env.HOST_OS) == linux?>
          <interface name="a.b">
            <?endif?>
          </interface>
        </node>
        """)
        #expect(document.diagnosticSummary == ["2:3 pi-unbalanced", "4:5 pi-unbalanced"])
        #expect(try #require(document.diagnostics.last).related.first?.location.line == 2)
    }

    @Test func cmdIncludeAndForeachAreReportedNeverExecuted() {
        let document = parse("""
        <node>
          <?cmd touch /tmp/dbus-swift-must-not-exist?>
          <?include other.xml?>
            <?foreach x in a b?>
        </node>
        """)
        #expect(document.diagnosticSummary == ["2:3 pi-unsupported", "3:3 pi-unsupported", "4:5 pi-unsupported"])
        #expect(document.diagnostics.allSatisfy { $0.severity == .error })
        #expect(document.diagnostics.first?.message.contains("not executed") == true)
    }

    @Test func unknownProcessingInstructionsAreWarnings() {
        let document = parse("<?xml-stylesheet href=\"a.css\"?>\n<node/>")
        #expect(document.diagnosticSummary == ["1:1 pi-unsupported"])
        #expect(document.diagnostics.first?.severity == .warning)
    }

    @Test func conditionsThatCannotBeEvaluatedAreReported() {
        let document = parse("<node>\n<?if HOST_OS is windows?>\n<?endif?>\n</node>")
        #expect(document.diagnosticSummary == ["2:1 pi-invalid"])
    }

    @Test func elseifAndIfdefChooseOneBranch() {
        let xml = """
        <node>
          <?if $(env.HOST_OS) == windows?>
          <interface name="w.w"/>
          <?elseif $(env.HOST_OS) == darwin?>
          <interface name="d.d"/>
          <?else?>
          <interface name="o.o"/>
          <?endif?>
          <?ifdef CONFIG_GBM?>
          <interface name="g.g"/>
          <?endif?>
          <?ifndef CONFIG_GBM?>
          <interface name="n.n"/>
          <?endif?>
        </node>
        """
        func names(_ variables: [String: String]) -> [String] {
            parse(xml, variables: variables).root?.interfaces.map(\.name.value) ?? []
        }
        #expect(names(["HOST_OS": "windows"]) == ["w.w", "n.n"])
        #expect(names(["HOST_OS": "darwin", "CONFIG_GBM": "1"]) == ["d.d", "g.g"])
        #expect(names(["HOST_OS": "linux"]) == ["o.o", "n.n"])
        let variants = IntrospectionParser.variants(of: Array(xml.utf8), base: ["HOST_OS": "linux"])
        #expect(variants.count == 6)
        #expect(variants.contains(["HOST_OS": "darwin", "CONFIG_GBM": "1"]))
        #expect(variants.contains(["HOST_OS": "linux"]))
    }

    @Test func nestedBlocksInsideAFalseBranchStayFalse() {
        let document = parse("""
        <node>
          <?if $(env.HOST_OS) == windows?>
          <?if $(env.HOST_OS) != windows?>
          <interface name="x.x"/>
          <?else?>
          <interface name="y.y"/>
          <?endif?>
          <?endif?>
        </node>
        """, variables: ["HOST_OS": "linux"])
        #expect(document.diagnostics.isEmpty)
        #expect(document.root?.interfaces.isEmpty == true)
    }

    @Test func unsetVariableIsAWarning() {
        let document = parse("<node>\n<?if $(env.TARGET) == x?>\n<?endif?>\n</node>", variables: [:])
        #expect(document.diagnosticSummary == ["2:1 pi-variable-undefined"])
    }
}
