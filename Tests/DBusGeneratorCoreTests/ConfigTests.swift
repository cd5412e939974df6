import Testing
@testable import DBusGeneratorCore

@Suite struct ConfigTests {
    private func parse(_ json: String) throws(GeneratorConfigError) -> GeneratorConfig {
        try GeneratorConfig(json: Array(json.utf8), file: "dbus-swift.json")
    }

    @Test func readsEveryKey() throws {
        let config = try parse("""
            {"interfaces": ["org.qemu.Display1.VM"], "mode": ["client"], "accessModifier": "public",
             "interfacePrefix": "org.qemu.", "nameOverrides": {"org.qemu.Display1.VM": "VM"},
             "structNames": {"org.example.A1.Move.position": "Point"}, "variables": {"HOST_OS": "windows"},
             "structFields": {"org.example.A1.Point": ["x", "y"]},
             "interfaceFiles": ["../Interfaces"]}
            """)
        #expect(config.interfaces == ["org.qemu.Display1.VM"])
        #expect(config.modes == [.client])
        #expect(config.accessModifier == .public)
        #expect(config.interfacePrefix == "org.qemu.")
        #expect(config.nameOverrides == ["org.qemu.Display1.VM": "VM"])
        #expect(config.structNames == ["org.example.A1.Move.position": "Point"])
        #expect(config.variables == ["HOST_OS": "windows"])
        #expect(config.structFields == ["org.example.A1.Point": ["x", "y"]])
        #expect(config.interfaceFiles == ["../Interfaces"])
    }

    @Test func emptyObjectGivesTheDefaults() throws {
        let config = try parse("{}")
        #expect(config == GeneratorConfig())
        #expect(config.accessModifier == .internal)
        #expect(config.modes == [.client, .server])
    }

    @Test func unknownKeyIsAnErrorNamingTheKey() {
        #expect {
            try parse(#"{"acessModifier": "public"}"#)
        } throws: { error in
            "\(error)".contains("unknown key 'acessModifier'") && "\(error)".hasPrefix("dbus-swift.json: error:")
        }
    }

    @Test func wrongValuesAreErrors() {
        #expect(throws: GeneratorConfigError.self) { try parse(#"{"mode": ["both"]}"#) }
        #expect(throws: GeneratorConfigError.self) { try parse(#"{"accessModifier": "open"}"#) }
        #expect(throws: GeneratorConfigError.self) { try parse(#"{"nameOverrides": {"a": 1}}"#) }
        #expect(throws: GeneratorConfigError.self) { try parse(#"[1, 2]"#) }
        #expect(throws: GeneratorConfigError.self) { try parse(#"{"structFields": {"a": "x"}}"#) }
        #expect(throws: GeneratorConfigError.self) { try parse(#"{"#) }
    }
}
