import Testing
import DBusIntrospection

/// A generated document with 1,000 interfaces. Its parse time is reported by the test run
/// (`swift test -c release --filter LargeDocumentTests`); the test itself checks only the result.
@Suite struct LargeDocumentTests {
    static func thousandInterfaces() -> [UInt8] {
        var xml = "<?xml version=\"1.0\"?>\n<node xmlns:doc=\"http://www.freedesktop.org/dbus/1.0/doc.dtd\">\n"
        for index in 0..<1000 {
            xml += """
              <!--
                  org.example.Generated\(index):

                  Generated interface number \(index).
              -->
              <interface name="org.example.Generated\(index)">
                <!--
                    Call:
                    @input: what to send.

                    Sends something.
                -->
                <method name="Call">
                  <arg name="input" type="a{sv}" direction="in"/>
                  <arg name="output" type="(ia(ss))" direction="out"/>
                </method>
                <signal name="Changed"><arg name="value" type="v"/></signal>
                <property name="Level" type="u" access="readwrite">
                  <annotation name="org.freedesktop.DBus.Property.EmitsChangedSignal" value="true"/>
                </property>
              </interface>

            """
        }
        xml += "</node>\n"
        return Array(xml.utf8)
    }

    @Test func parsesAThousandInterfacesWithEverything() throws {
        let data = Self.thousandInterfaces()
        let document = IntrospectionParser.parse(data: data, file: "generated.xml")
        #expect(document.diagnostics.isEmpty)
        let interfaces = try #require(document.root?.interfaces)
        #expect(interfaces.count == 1000)
        #expect(interfaces.allSatisfy { $0.methods.count == 1 && $0.signals.count == 1 && $0.properties.count == 1 })
        #expect(interfaces.allSatisfy { $0.documentation != nil && $0.methods[0].arguments[0].documentation?.text == "what to send." })
        #expect(interfaces.last?.location.line == 2 + 999 * 21 + 6)
        #expect(document.comments.count == 2000)
    }
}
