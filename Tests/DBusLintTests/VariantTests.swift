import DBusIntrospection
import Testing
import DBusLint

@Suite struct VariantTests {
    static let registerListener = """
        <node name="/org/qemu/Display1/Console_0">
          <interface name="org.qemu.Display1.Console">
            <method name="RegisterListener">
        <?if $(env.HOST_OS) == windows?>
              <arg type="ay" name="listener" direction="in"/>
        <?else?>
              <arg type="h" name="listener" direction="in"/>
        <?endif?>
            </method>
            <method name="Bad Name"/>
          </interface>
        </node>
        """

    @Test func alternativesInIfBlocksDoNotCollide() {
        let findings = Linter(configuration: Configuration(owner: "qemu")).lint([.init(file: "d.xml", contents: Array(Self.registerListener.utf8))])
        #expect(!findings.contains { $0.ruleID == "duplicate-arg-name" })
    }

    @Test func findingsInEveryVariantAreReportedOnceWithoutLabel() {
        let findings = Linter(configuration: Configuration(owner: "qemu")).lint([.init(file: "d.xml", contents: Array(Self.registerListener.utf8))])
        let invalid = findings.filter { $0.ruleID == "member-name-invalid" }
        #expect(invalid.count == 1)
        #expect(invalid.first?.variants == [])
    }

    @Test func variantSpecificFindingsNameTheirVariants() {
        // A guard on the wrong host: Windows still sees the fd.
        let wrongGuard = Self.registerListener.replacingOccurrences(of: "== windows", with: "== darwin")
        let findings = Linter(configuration: Configuration(profile: .strict, owner: "qemu"))
            .lint([.init(file: "d.xml", contents: Array(wrongGuard.utf8))])
        let unguarded = findings.filter { $0.ruleID == "qemu-unix-fd-guard" }
        #expect(unguarded.map(\.variants) == [["windows"]])
        #expect(unguarded.first?.compilerStyle.hasSuffix("[qemu-unix-fd-guard] (variants: windows)") == true)

        let correct = Linter(configuration: Configuration(profile: .strict, owner: "qemu"))
            .lint([.init(file: "d.xml", contents: Array(Self.registerListener.utf8))])
        #expect(!correct.contains { $0.ruleID == "qemu-unix-fd-guard" })
    }

    @Test func findingsOnlyInSomeVariantsListThem() {
        let xml = """
            <node name="/com/example/Demo1">
              <interface name="com.example.Demo1">
            <?if $(env.HOST_OS) == windows?>
                <method name="win_only"/>
            <?endif?>
                <method name="every_host"/>
              </interface>
            </node>
            """
        let findings = Linter().lint([.init(file: "v.xml", contents: Array(xml.utf8))]).filter { $0.ruleID == "member-name-camel-case" }
        #expect(findings.map(\.variants) == [["windows"], []])
    }

    @Test func filesWithoutConditionalsAreParsedOnce() {
        // A parser that counts its calls.
        final class Counter: @unchecked Sendable { var calls = 0 }
        let counter = Counter()
        let linter = Linter(parser: { data, file, variables in
            counter.calls += 1
            return IntrospectionParser.parse(data: data, file: file, variables: variables)
        })
        _ = linter.lint([.init(file: "a.xml", contents: Array("<node><!-- <?xml?> --></node>".utf8))])
        #expect(counter.calls == 1)
        _ = linter.lint([.init(file: "b.xml", contents: Array("<node><?if $(env.HOST_OS) == b?><?endif?></node>".utf8))])
        #expect(counter.calls == 1 + Configuration.qemuVariants.count)
    }
}
