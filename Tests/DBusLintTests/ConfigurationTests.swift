import Testing
import DBusIntrospection
import DBusLint

@Suite struct ConfigurationTests {
    static func load(_ json: String) throws(ConfigurationError) -> Configuration {
        try Configuration.load(json: Array(json.utf8), file: ".dbus-lint.json")
    }

    @Test func emptyObjectIsTheDefaultConfiguration() throws {
        #expect(try Self.load("{}") == Configuration())
    }

    @Test func readsEveryKey() throws {
        let config = try Self.load("""
            {"profile": "strict", "rules": {"doc-missing": "off", "prefer-property": "warning", "arg-name-missing": "info"},
             "variants": {"linux": {"HOST_OS": "linux"}}, "owner": "qemu",
             "paths": [{"glob": "vendor/**/*.xml", "owner": "qemu", "profile": "qemu-upstream", "rules": {"doc-arg-missing": "note"}}],
             "bus-names": ["org.qemu"], "object-paths": ["/org/qemu/Display1/Console_$id"], "errors": ["org.qemu.Display1.Error.Failed"],
             "allowed-prefixes": ["com.example."], "unversioned-interfaces": ["org.freedesktop.NetworkManager*"],
             "known-annotation-prefixes": ["com.example.Annotation."],
             "suppress": [{"rule": "parallel-arrays", "symbol": "org.qemu.Display1.Listener.Unix.ScanoutDMABUF2.*", "reason": "upstream API"}],
             "baseline": "lint-baseline.json"}
            """)
        #expect(config.profile == .strict)
        #expect(config.rules["doc-missing"] == .some(nil))
        #expect(config.rules["prefer-property"] == .warning)
        #expect(config.rules["arg-name-missing"] == .note)
        #expect(config.variants == [.init(name: "linux", variables: ["HOST_OS": "linux"])])
        #expect(config.paths.first?.profile == .qemuUpstream)
        #expect(config.knownAnnotationPrefixes.contains("com.example.Annotation.") && config.knownAnnotationPrefixes.contains("org.gtk.GDBus."))
        #expect(config.suppressions.first?.reason == "upstream API")
        #expect(config.baseline == "lint-baseline.json")
        let vendored = config.settings(for: "./vendor/qemu/ui/dbus-display1.xml")
        #expect(vendored.rules.profile == .qemuUpstream)
        #expect(vendored.rules.severity(of: .docArgMissing) == .note)
        #expect(vendored.rules.severity(of: .docMissing) == nil)
    }

    @Test(arguments: [
        (#"{"profle": "strict"}"#, "unknown key 'profle' in top level"),
        (#"{"rules": {"doc-mising": "off"}}"#, "rules: unknown rule 'doc-mising'"),
        (#"{"rules": {"doc-missing": "loud"}}"#, "rules.doc-missing: expected off, note, warning or error, got 'loud'"),
        (#"{"profile": "pedantic"}"#, "profile: unknown profile 'pedantic'"),
        (#"{"paths": [{"owner": "qemu"}]}"#, "paths[0] needs a 'glob'"),
        (#"{"bus-names": "org.qemu"}"#, "bus-names must be an array of strings"),
        ("{", "not valid JSON"),
    ])
    func rejectsMistakesWithAClearMessage(_ json: String, _ expected: String) {
        #expect {
            try Self.load(json)
        } throws: { error in
            "\(error)".hasPrefix(".dbus-lint.json: error: ") && "\(error)".contains(expected)
        }
    }

    @Test func profilesSelectRules() {
        #expect(Profile.spec.severity(of: .signatureInvalid) == .error)
        #expect(Profile.spec.severity(of: .docMissing) == nil)
        #expect(Profile.default.severity(of: .docMissing) == .warning)
        #expect(Profile.default.severity(of: .preferEnumOverBool) == nil)
        #expect(Profile.strict.severity(of: .preferEnumOverBool) == .note)
        #expect(Profile.strict.severity(of: .qemuReservedPrefix) == .error)
        #expect(Profile.qemuUpstream.severity(of: .docArgMissing) == .note)
        #expect(Profile.qemuUpstream.severity(of: .objectPathRoot) == nil)
    }

    @Test(arguments: [
        ("Interfaces/*.xml", "Interfaces/org.qemu.Display1.xml", true),
        ("Interfaces/*.xml", "./Interfaces/org.qemu.Display1.xml", true),
        ("Interfaces/*.xml", "Interfaces/sub/a.xml", false),
        ("vendor/**/*.xml", "vendor/qemu/ui/a.xml", true),
        ("vendor/**", "vendor/a.xml", true),
        ("*.xml", "a.json", false),
    ])
    func pathPatternsMatchLikeShellGlobs(_ pattern: String, _ path: String, _ expected: Bool) {
        #expect(PathPattern(pattern).matches(path) == expected)
    }

    @Test func configOnlyNamesAreChecked() {
        let config = Configuration(busNames: ["org.qemu", "org.qemu.1helper", "com.example.my-service1", "com.example.Service1"],
                                   objectPaths: ["/org/qemu/Display1/Console_$id", "/org/qemu/"],
                                   errorNames: ["org.qemu.Display1.Error.Failed", "org.qemu.Display1.Failed", "org.qemu.Display1.Error.Not-Supported"])
        let findings = Linter(configuration: config, configurationFile: ".dbus-lint.json").lint([])
        #expect(findings.map { "\($0.ruleID) \($0.symbol ?? "")" } == [
            "bus-name-versioned bus-names[0]", "qemu-reserved-prefix bus-names[0]",
            "bus-name-invalid bus-names[1]",
            "bus-name-hyphen bus-names[2]",
            "qemu-error-name errors[1]", "error-name-invalid errors[2]",
            "object-path-invalid object-paths[1]",
        ])
    }
}
