import Testing
import DBusLint

/// The name mapping itself is the generator's (`SwiftNaming`, tested in DBusGeneratorCoreTests);
/// these tests pin what the linter predicts from it.
@Suite struct SwiftNameTests {
    @Test func reportsMembersThatBecomeTheSameSwiftName() {
        let document = ModelBuilder.document([ModelBuilder.interface(
            methods: [ModelBuilder.method("SetUIInfo", line: 2)],
            properties: [])])
        #expect(ModelBuilder.lint(document).allSatisfy { $0.ruleID != "swift-name-collision" })

        // A method and a property share the proxy type's namespace.
        let colliding = ModelBuilder.document([ModelBuilder.interface(
            methods: [ModelBuilder.method("UUID", line: 2)], properties: [ModelBuilder.property("Uuid", "s", line: 5)])])
        let findings = ModelBuilder.lint(colliding).filter { $0.ruleID == "swift-name-collision" }
        #expect(findings.map(\.message) == ["property 'Uuid' and method 'UUID' (line 2) both become 'uuid' in generated Swift; the generator renames the later one"])
        #expect(findings.first?.location.line == 5)
    }

    @Test func reportsArgumentsThatBecomeTheSameSwiftName() {
        let document = ModelBuilder.document([ModelBuilder.interface(methods: [
            ModelBuilder.method("Resize", [ModelBuilder.argument("width_mm", "u", line: 3), ModelBuilder.argument("widthMM", "u", line: 4)]),
        ])])
        let findings = ModelBuilder.lint(document).filter { $0.ruleID == "swift-name-collision" }
        #expect(findings.map(\.message) == ["method 'Resize' argument 'widthMM' and method 'Resize' argument 'width_mm' (line 3) both become 'widthMM' in generated Swift; the generator renames the later one"])
    }

    @Test func namesTheGeneratedCodeUsesItselfAreReported() {
        let document = ModelBuilder.document([ModelBuilder.interface(properties: [ModelBuilder.property("Path", "o", line: 4)])])
        let findings = ModelBuilder.lint(document).filter { $0.ruleID == "swift-name-collision" }
        #expect(findings.map(\.message) == ["property 'Path' becomes 'path', which generated code uses for the proxy's object path; the generator renames it"])
    }

    @Test func derivedAccessorNamesCountToo() {
        // A writable property FEOpened gets a setter setFEOpened, which a method SetFEOpened also becomes.
        let document = ModelBuilder.document([ModelBuilder.interface(
            methods: [ModelBuilder.method("SetFEOpened", line: 2)],
            properties: [ModelBuilder.property("FEOpened", "b", .readwrite, line: 5)])])
        let findings = ModelBuilder.lint(document).filter { $0.ruleID == "swift-name-collision" }
        #expect(findings.map(\.message) == ["the setter of property 'FEOpened' and method 'SetFEOpened' (line 2) both become 'setFEOpened' in generated Swift; the generator renames the later one"])
    }

}
