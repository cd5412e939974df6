import Testing
import DBusIntrospection

/// What each element may contain, which attributes it needs, and the defaults the spec gives.
@Suite struct ElementTests {
    @Test func argumentDirectionDefaultsFollowTheSpec() throws {
        let document = parse("""
        <node><interface name="a.b">
          <method name="M"><arg type="s"/><arg type="i" direction="out"/></method>
          <signal name="S"><arg type="s"/><arg type="u" direction="in"/></signal>
        </interface></node>
        """)
        #expect(document.diagnostics.isEmpty)
        let interface = try #require(document.interface("a.b"))
        #expect(interface.methods.first?.arguments.map(\.direction) == [.in, .out])
        #expect(interface.methods.first?.inArguments.count == 1)
        #expect(interface.signals.first?.arguments.map(\.direction) == [.out, .out])
        #expect(interface.signals.first?.arguments.last?.declaredDirection?.value == "in")
    }

    @Test func dtdAttributeDefaultsAreNotApplied() throws {
        let document = parse("""
        <!DOCTYPE node [ <!ATTLIST arg direction CDATA "out"> ]>
        <node><interface name="a.b"><method name="M"><arg type="s"/></method></interface></node>
        """)
        #expect(document.diagnostics.isEmpty)
        let argument = try #require(document.interface("a.b")?.methods.first?.arguments.first)
        #expect(argument.declaredDirection == nil)
        #expect(argument.direction == .in)
    }

    @Test func misplacedElementsAreSkippedWithAnError() {
        let document = parse("""
        <node>
          <method name="Lost"/>
          <interface name="a.b">
            <arg type="s"/>
            <interface name="c.d"/>
          </interface>
        </node>
        """)
        #expect(document.diagnosticSummary == ["2:3 element-misplaced", "4:5 element-misplaced", "5:5 element-misplaced"])
        #expect(document.root?.interfaces.map(\.name.value) == ["a.b"])
    }

    @Test func rootMustBeNode() {
        let document = parse("<interface name=\"a.b\"/>")
        #expect(document.diagnosticSummary == ["1:1 element-misplaced"])
        #expect(document.root == nil)
    }

    @Test func unknownElementsAreSkippedWithAWarning() {
        let document = parse("<node>\n <interface name=\"a.b\"><constant name=\"X\" value=\"1\"><method name=\"M\"/></constant></interface></node>")
        #expect(document.diagnosticSummary == ["2:24 element-unknown"])
        #expect(document.interface("a.b")?.methods.isEmpty == true)
    }

    @Test func missingRequiredAttributes() {
        let document = parse("""
        <node>
          <interface>
            <method name="M"/>
          </interface>
          <interface name="a.b">
            <method/>
            <property name="P" type="s"/>
            <method name="N"><arg name="x"/><annotation name="k"/></method>
          </interface>
        </node>
        """)
        #expect(document.diagnosticSummary == ["2:3 attribute-missing", "6:5 attribute-missing", "7:5 attribute-missing",
                                               "8:22 attribute-missing", "8:37 attribute-missing"])
        #expect(document.diagnostics[2].message.contains("'access'"))
        #expect(document.interface("a.b")?.methods.map(\.name.value) == ["N"])
    }

    /// Signature errors point at the offending character inside the value (`v` of `a{vs}`).
    @Test func invalidAttributeValuesPointAtTheValue() {
        let document = parse("""
        <node><interface name="a.b">
          <property name="P" type="a{vs}" access="readonly"/>
          <method name="M"><arg type="s" direction="sideways"/><arg type="ii"/></method>
          <method name="9x"/>
        </interface></node>
        """)
        #expect(document.diagnosticSummary == ["2:30 signature-invalid", "2:43 attribute-invalid", "3:45 attribute-invalid",
                                               "3:67 signature-invalid", "4:17 name-invalid"])
        #expect(document.diagnostics[0].message == "signature 'a{vs}': dict entry key must be a basic type, found 'v' at character 3")
        #expect(document.diagnostics[3].message.contains("exactly one complete type"))
        #expect(document.interface("a.b")?.properties.first?.access == nil)
    }

    @Test func annotationsAttachToTheirElement() throws {
        let document = parse("""
        <node><interface name="a.b">
          <annotation name="org.freedesktop.DBus.Deprecated" value="true"/>
          <method name="M">
            <annotation name="org.freedesktop.DBus.Method.NoReply" value="true"/>
            <arg type="ay"><annotation name="org.gtk.GDBus.C.ForceGVariant" value="true"/></arg>
          </method>
          <property name="P" type="u" access="read">
            <annotation name="org.freedesktop.DBus.Property.EmitsChangedSignal" value="const"/>
          </property>
        </interface></node>
        """)
        #expect(document.diagnostics.isEmpty)
        let interface = try #require(document.interface("a.b"))
        #expect(interface.annotations.value(of: "org.freedesktop.DBus.Deprecated") == "true")
        #expect(interface.methods.first?.annotations.value(of: "org.freedesktop.DBus.Method.NoReply") == "true")
        #expect(interface.methods.first?.arguments.first?.annotations.first?.location.line == 5)
        #expect(interface.properties.first?.annotations.value(of: "org.freedesktop.DBus.Property.EmitsChangedSignal") == "const")
    }

    @Test func nestedNodesKeepTheirInterfaces() throws {
        let document = parse("""
        <node name="/org/example">
          <interface name="a.b"/>
          <node name="child"><interface name="c.d"/><node name="grandchild"/></node>
        </node>
        """)
        let root = try #require(document.root)
        #expect(root.name?.value == "/org/example")
        #expect(root.children.first?.interfaces.map(\.name.value) == ["c.d"])
        #expect(root.children.first?.children.first?.name?.value == "grandchild")
        #expect(root.allInterfaces.map(\.name.value) == ["a.b", "c.d"])
    }
}

/// Locations: 1-based lines and columns, columns counted in characters, attributes on their own lines.
@Suite struct LocationTests {
    @Test func attributesOnSeparateLinesKeepTheirOwnLocations() throws {
        let document = parse("""
        <node>
          <interface
              name="a.b">
            <property type="s"
                      name="P"
                      access="read"/>
          </interface>
        </node>
        """, file: "dir/file.xml")
        let interface = try #require(document.interface("a.b"))
        #expect(interface.location.description == "dir/file.xml:2:3")
        #expect(interface.name.location.description == "dir/file.xml:3:13")
        let property = try #require(interface.properties.first)
        #expect(property.location.description == "dir/file.xml:4:5")
        #expect(property.type.location.description == "dir/file.xml:4:21")
        #expect(property.name.location.description == "dir/file.xml:5:21")
        #expect(property.declaredAccess.location.description == "dir/file.xml:6:23")
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let document = parse("<node><!-- é€😀 --><interface name=\"a.b\"/></node>")
        let interface = try #require(document.interface("a.b"))
        #expect(interface.location.column == 19)
        #expect(interface.name.location.column == 36)
    }

    @Test func entitiesInValuesAreDecodedAndLocatedAtTheValue() throws {
        let document = parse("<node><interface name=\"a.b\"><method name=\"M\"><annotation name=\"x.y\" value=\"a &lt; b &amp; c\"/></method></interface></node>")
        let annotation = try #require(document.interface("a.b")?.methods.first?.annotations.first)
        #expect(annotation.value.value == "a < b & c")
        #expect(annotation.value.location.column == 76)
    }

    @Test func windowsLineEndings() throws {
        let document = parse("<node>\r\n  <interface name=\"a.b\"/>\r\n</node>\r\n")
        #expect(try #require(document.interface("a.b")).location.description == "test.xml:2:3")
    }
}
