import Testing
@testable import DBusLint

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

    @Test func mergeKeepsOneFindingPerPlaceAndListsPartialVariants() {
        let merged = Linter.merge([[Self.finding("a")], [Self.finding("a"), Self.finding("b")]], variantNames: ["linux", "win"])
        #expect(merged.map(\.message) == ["a", "b"])
        #expect(merged.map(\.variants) == [[], ["win"]])
    }

    @Test func filesWithoutConditionalsAreParsedOnce() {
        #expect(!Linter.hasConditionals(Array("<node><!-- <?xml?> --></node>".utf8)))
        #expect(Linter.hasConditionals(Array("<node><?if $(env.A) == b?><?endif?></node>".utf8)))
    }

    static func finding(_ message: String) -> Finding {
        Finding(ruleID: "doc-missing", severity: .warning, message: message, location: .init(file: "d.xml", line: 1, column: 1))
    }
}
