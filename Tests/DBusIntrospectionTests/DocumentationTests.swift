import Testing
import DBusIntrospection

/// gtk-doc comments, org.gtk.GDBus.DocString annotations, doc:doc elements, and recorded comments.
@Suite struct DocumentationTests {
    @Test func gtkDocCommentWithParametersBodyAndTags() throws {
        let document = parse("""
        <node><interface name="org.example.Thing">
          <!--
              Frobnicate: Turns the knob.
              @level: how far, from 0 to 10.
              @force: whether to go past the
                  end stop.

              Only works when the thing is idle.

                Indented detail stays indented.

              Since: 2.4
              Deprecated: Use Twist() instead, which
              also handles the reverse direction.
          -->
          <method name="Frobnicate">
            <arg name="level" type="u"/>
            <arg name="force" type="b"/>
            <arg name="extra" type="s"/>
          </method>
        </interface></node>
        """)
        let method = try #require(document.interface("org.example.Thing")?.methods.first)
        let documentation = try #require(method.documentation)
        #expect(documentation.text == "Turns the knob.\nOnly works when the thing is idle.\n\n  Indented detail stays indented.")
        #expect(documentation.parameters == ["level": "how far, from 0 to 10.", "force": "whether to go past the end stop."])
        #expect(documentation.tags == ["Since": "2.4", "Deprecated": "Use Twist() instead, which also handles the reverse direction."])
        #expect(documentation.location.line == 2)
        #expect(method.arguments.map { $0.documentation?.text } == ["how far, from 0 to 10.", "whether to go past the end stop.", nil])
    }

    @Test func commentAttachesOnlyWhenTheSymbolMatches() throws {
        let document = parse("""
        <node><interface name="a.b">
          <!-- Other: documents something else. -->
          <method name="M"/>
          <!-- Just a remark. -->
          <method name="N"/>
          <!--
              a.b.P:

              Qualified property symbol.
          -->
          <property name="P" type="s" access="read"/>
          <!-- Trailing: nothing follows. -->
        </interface></node>
        """)
        let interface = try #require(document.interface("a.b"))
        #expect(interface.methods.map(\.documentation) == [nil, nil])
        #expect(interface.properties.first?.documentation?.text == "Qualified property symbol.")
        #expect(document.comments.map(\.symbol) == ["Other", nil, "a.b.P", "Trailing"])
        #expect(document.comments.filter(\.isOrphanedDocumentation).map(\.location.line) == [2, 12])
        #expect(document.comments[2].documents?.line == 11)
    }

    @Test func docStringAnnotationDocumentsItsElement() throws {
        let document = parse("""
        <node><interface name="a.b">
          <annotation name="org.gtk.GDBus.DocString" value="The interface."/>
          <method name="M"><arg type="s" name="x"><annotation name="org.gtk.GDBus.DocString" value="The x."/></arg></method>
        </interface></node>
        """)
        let interface = try #require(document.interface("a.b"))
        #expect(interface.documentation?.text == "The interface.")
        #expect(interface.methods.first?.arguments.first?.documentation?.text == "The x.")
    }

    @Test func docElementsCollectTheirText() throws {
        let document = parse("""
        <node xmlns:doc="http://www.freedesktop.org/dbus/1.0/doc.dtd"
              xmlns:tp="http://telepathy.freedesktop.org/wiki/DbusSpec#extensions-v0">
          <interface name="a.b">
            <doc:doc>
              <doc:description>
                <doc:para>First   paragraph,
                  wrapped.</doc:para>
                <doc:para>Second with <doc:tt>code</doc:tt>.</doc:para>
              </doc:description>
            </doc:doc>
            <method name="M">
              <tp:docstring>Telepathy style.</tp:docstring>
              <arg type="s" name="x"><doc:doc><doc:summary>The x.</doc:summary></doc:doc></arg>
            </method>
            <tp:flags name="Ignored"/>
          </interface>
        </node>
        """)
        #expect(document.diagnostics.isEmpty, "\(document.diagnostics)")
        let interface = try #require(document.interface("a.b"))
        #expect(interface.documentation?.text == "First paragraph, wrapped.\n\nSecond with code.")
        #expect(interface.documentation?.location.line == 4)
        #expect(interface.methods.first?.documentation?.text == "Telepathy style.")
        #expect(interface.methods.first?.arguments.first?.documentation?.text == "The x.")
    }

    @Test func undeclaredDocPrefixIsOnlyAWarning() throws {
        let document = parse("<node><interface name=\"a.b\"><doc:doc>Text.</doc:doc></interface></node>")
        #expect(!document.hasErrors)
        #expect(document.interface("a.b")?.documentation?.text == "Text.")
    }

    @Test func suppressionCommentsAreRecordedWithLocations() {
        let document = parse("""
        <node>
          <interface name="a.b">
            <!-- dbus-lint: disable=method-name-case -->
            <method name="do_it"/>
          </interface>
        </node>
        """)
        #expect(document.comments.map(\.text) == [" dbus-lint: disable=method-name-case "])
        #expect(document.comments.first?.location.description == "test.xml:3:5")
        #expect(document.comments.first?.symbol == nil)
    }

    @Test func commentsInFalseBranchesAreNotRecorded() {
        let document = parse("<node>\n<?if $(env.HOST_OS) == nowhere?>\n<!-- hidden -->\n<?endif?>\n<!-- shown -->\n</node>")
        #expect(document.comments.map(\.text) == [" shown "])
    }
}
