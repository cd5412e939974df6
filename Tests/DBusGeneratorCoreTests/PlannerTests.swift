import DBusIntrospection
import Testing
@testable import DBusGeneratorCore

@Suite struct PlannerTests {
    typealias M = ModelBuilder

    private func plan(_ interface: Interface, config: GeneratorConfig = GeneratorConfig()) -> (InterfacePlan?, [Diagnostic]) {
        var planner = InterfacePlanner(config: config)
        let plan = planner.plan(interface, typeName: planner.preferredTypeName(for: interface))
        return (plan, planner.diagnostics)
    }

    @Test func methodAndPropertyWithTheSameSwiftNameAreDisambiguatedWithAWarning() throws {
        let (plan, diagnostics) = self.plan(M.interface("org.example.Net1", methods: [M.method("State", [M.argument("s", "u", .out)])],
                                                         properties: [M.property("State", "u", line: 7)]))
        let result = try #require(plan)
        #expect(result.methods[0].swiftName == "state")
        #expect(result.properties[0].swiftName == "stateProperty")
        let warning = try #require(diagnostics.first)
        #expect(warning.severity == .warning)
        #expect(warning.id == "name-collision")
        #expect(warning.location.line == 7)
        #expect(warning.message.contains("org.example.Net1.State"))
    }

    @Test func twoMembersMappingToOneNameGetNumberedDeterministically() throws {
        let (plan, diagnostics) = self.plan(M.interface("org.example.A1", methods: [M.method("GetUUID"), M.method("GetUuid"), M.method("get_uuid")]))
        // The acronym rule spells `Uuid` and `uuid` as `UUID`, so all three want `getUUID`.
        #expect(try #require(plan).methods.map(\.swiftName) == ["getUUID", "getUUIDMethod", "getUUIDMethod2"])
        #expect(diagnostics.map(\.id) == ["name-collision", "name-collision"])
    }

    @Test func setterOfAPropertyYieldsToAMethodOfTheSameName() throws {
        let (plan, diagnostics) = self.plan(M.interface("org.example.Login1", methods: [M.method("SetWallMessage", [M.argument("m", "s")])],
                                                         properties: [M.property("WallMessage", "s", .readwrite)]))
        let result = try #require(plan)
        #expect(result.methods[0].swiftName == "setWallMessage")
        #expect(result.properties[0].setterName == "setWallMessageProperty")
        #expect(diagnostics.map(\.id) == ["name-collision"])
    }

    @Test func nameOverridesWinOverTheNamingRule() throws {
        let config = GeneratorConfig(nameOverrides: ["org.example.A1": "Example", "org.example.A1.GetUUID": "fetchIdentifier",
                                                     "org.example.A1.GetUUID.in": "input"])
        let (plan, _) = self.plan(M.interface("org.example.A1", methods: [M.method("GetUUID", [M.argument("in", "s")])]), config: config)
        let result = try #require(plan)
        #expect(result.typeName == "Example")
        #expect(result.methods[0].swiftName == "fetchIdentifier")
        #expect(result.methods[0].inArguments[0].swiftName == "input")
    }

    @Test func keywordArgumentNamesAreEscaped() throws {
        let (plan, _) = self.plan(M.interface("org.example.A1", methods: [M.method("Do", [M.argument("in", "s"), M.argument("default", "u")])]))
        #expect(try #require(plan).methods[0].inArguments.map(\.swiftName) == ["`in`", "`default`"])
    }

    @Test func interfacePrefixIsStripped() {
        let planner = InterfacePlanner(config: GeneratorConfig(interfacePrefix: "org.qemu."))
        #expect(planner.preferredTypeName(for: M.interface("org.qemu.Display1.Listener.Unix.Map")) == "Display1ListenerUnixMap")
        #expect(planner.preferredTypeName(for: M.interface("org.other.Thing1")) == "OrgOtherThing1")
    }

    @Test func structsAreNamedFromTheirContext() throws {
        let (plan, _) = self.plan(M.interface("org.example.A1", methods: [
            M.method("Move", [M.argument("position", "(ii)"), M.argument("rects", "a(iiu)"), M.argument("hints", "a{s(bb)}")]),
        ]))
        let result = try #require(plan)
        #expect(result.methods[0].inArguments.map(\.swiftType) == ["Position", "[Rect]", "[String: HintValue]"])
        #expect(result.structs.map(\.name) == ["Position", "Rect", "HintValue"])
    }

    @Test func typeMappingCoversEveryBasicType() throws {
        let types = ["y", "b", "n", "q", "i", "u", "x", "t", "d", "s", "o", "g", "h", "v", "ay", "a{sv}", "aay", "a{oa{sa{sv}}}"]
        let (plan, _) = self.plan(M.interface("org.example.A1", methods: [M.method("All", types.enumerated().map { M.argument("a\($0)", $1) })]))
        #expect(try #require(plan).methods[0].inArguments.map(\.swiftType) == [
            "UInt8", "Bool", "Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64", "Double", "String", "ObjectPath", "Signature",
            "UnixFD", "Variant", "[UInt8]", "[String: Variant]", "[[UInt8]]", "[ObjectPath: [String: [String: Variant]]]",
        ])
    }

    @Test func invalidSignatureIsAnErrorAtTheTypeAttribute() throws {
        let (plan, diagnostics) = self.plan(M.interface("org.example.A1", methods: [M.method("Bad", [M.argument("x", "a{vs}")])]))
        #expect(plan == nil)
        let error = try #require(diagnostics.first)
        #expect(error.severity == .error)
        #expect(error.id == "signature-invalid")
        #expect(error.message.contains("dict entry key must be a basic type"))
        #expect(error.location.column == 1 + 2)
    }

    @Test func duplicateMembersAreErrors() {
        let (plan, diagnostics) = self.plan(M.interface("org.example.A1", methods: [M.method("Foo"), M.method("Foo", line: 3)]))
        #expect(plan == nil)
        #expect(diagnostics.map(\.id) == ["member-duplicate"])
        #expect(diagnostics.first?.location.line == 3)
    }

    @Test func noReplyWithResultsIsIgnoredWithAWarning() throws {
        let noReply = M.annotation("org.freedesktop.DBus.Method.NoReply", "true")
        let (plan, diagnostics) = self.plan(M.interface("org.example.A1", methods: [
            M.method("Fire", [M.argument("x", "u")], annotations: [noReply]),
            M.method("Ask", [M.argument("x", "u", .out)], annotations: [noReply]),
        ]))
        #expect(try #require(plan).methods.map(\.noReply) == [true, false])
        #expect(diagnostics.map(\.id) == ["noreply-with-results"])
    }

    @Test func emitsChangedSignalComesFromThePropertyOrTheInterface() throws {
        var interface = M.interface("org.example.A1", properties: [
            M.property("A", "u"), M.property("B", "u", annotations: [M.annotation("org.freedesktop.DBus.Property.EmitsChangedSignal", "false")]),
        ])
        interface.annotations = [M.annotation("org.freedesktop.DBus.Property.EmitsChangedSignal", "invalidates")]
        let (plan, _) = self.plan(interface)
        let properties = try #require(plan).properties
        #expect(properties.map(\.emitsChangedSignal) == [.invalidates, .false])
        #expect(properties.map(\.changesName) == ["aChanges", nil])
    }

    @Test func structNamesFromTheConfigOverrideTheDerivedName() throws {
        let config = GeneratorConfig(structNames: ["org.example.A1.Move.position": "Point", "org.example.A1.Move.position.1": "Extent"])
        let (plan, _) = self.plan(M.interface("org.example.A1", methods: [M.method("Move", [M.argument("position", "((ii)(uu))")])]), config: config)
        let result = try #require(plan)
        #expect(result.methods[0].inArguments[0].swiftType == "Point")
        #expect(result.structs.map(\.name).sorted() == ["Extent", "Point", "PositionField0"])
    }

    @Test func aStructTypeUsedTwiceIsOneSwiftTypeNamedWhereItIsMostDirect() throws {
        let (plan, _) = self.plan(M.interface("org.example.A1", methods: [
            M.method("Many", [M.argument("items", "a(ii)")]),
            M.method("One", [M.argument("item", "(ii)", .out)]),
        ]))
        let result = try #require(plan)
        #expect(result.structs.map(\.name) == ["Item"])
        #expect(result.methods.map { $0.inArguments.first?.swiftType ?? $0.outArguments[0].swiftType } == ["[Item]", "Item"])
    }

    @Test func structFieldsFromTheConfigNameTheFieldsOrFailOnAWrongCount() throws {
        let interface = M.interface("org.example.A1", methods: [M.method("Move", [M.argument("position", "(ii)")])])
        let (named, _) = self.plan(interface, config: GeneratorConfig(structFields: ["org.example.A1.Position": ["x", "in"]]))
        #expect(try #require(named).structs[0].fields.map(\.name) == ["x", "`in`"])
        let (wrong, diagnostics) = self.plan(interface, config: GeneratorConfig(structFields: ["org.example.A1.Position": ["x"]]))
        #expect(wrong == nil)
        #expect(diagnostics.map(\.id) == ["config-struct-fields"])
    }
}
