import Testing
import DBusIntrospection

/// Fixtures/qemu-display1.xml: QEMU's names and `<?if $(env.HOST_OS) ...?>` blocks, parsed once per variant.
@Suite struct QEMUFixtureTests {
    static func document(hostOS: String) throws -> IntrospectionDocument {
        IntrospectionParser.parse(contentsOf: try fixturePath("qemu-display1.xml"), variables: ["HOST_OS": hostOS])
    }

    @Test func variantsAreTheHostAndTheValuesTheFileTests() throws {
        let data = Array(try String(contentsOfFile: fixturePath("qemu-display1.xml"), encoding: .utf8).utf8)
        let variants = IntrospectionParser.variants(of: data, base: ["HOST_OS": "linux"])
        #expect(variants == [["HOST_OS": "linux"], ["HOST_OS": "windows"]])
        let onDarwin = IntrospectionParser.variants(of: data, base: ["HOST_OS": "darwin"])
        #expect(onDarwin == [["HOST_OS": "darwin"], ["HOST_OS": "windows"]])
        #expect(IntrospectionParser.variants(contentsOf: try fixturePath("qemu-display1.xml"), base: ["HOST_OS": "linux"]) == variants)
    }

    @Test(arguments: [("linux", "h"), ("darwin", "h"), ("windows", "ay")])
    func registerListenerTakesOneListenerOfTheHostsType(hostOS: String, type: String) throws {
        let document = try Self.document(hostOS: hostOS)
        #expect(document.diagnostics.isEmpty, "\(document.diagnostics)")
        let console = try #require(document.interface("org.qemu.Display1.Console"))
        let register = try #require(console.methods.first { $0.name.value == "RegisterListener" })
        #expect(register.arguments.count == 1)
        #expect(register.arguments.first?.name?.value == "listener")
        #expect(register.arguments.first?.type.value == type)
        #expect(register.arguments.first?.direction == .in)
        let forced = register.arguments.first?.annotations.value(of: "org.gtk.GDBus.C.ForceGVariant")
        #expect(forced == (hostOS == "windows" ? "true" : nil))
    }

    @Test func unixOnlyMembersAndInterfacesFollowTheVariant() throws {
        let linux = try Self.document(hostOS: "linux"), windows = try Self.document(hostOS: "windows")
        let linuxListener = try #require(linux.interface("org.qemu.Display1.Listener"))
        let windowsListener = try #require(windows.interface("org.qemu.Display1.Listener"))
        #expect(linuxListener.methods.map(\.name.value) ==
            ["Scanout", "Update", "ScanoutDMABUF", "UpdateDMABUF", "Disable", "MouseSet", "CursorDefine"])
        #expect(windowsListener.methods.map(\.name.value) == ["Scanout", "Update", "Disable", "MouseSet", "CursorDefine"])
        #expect(linux.interface("org.qemu.Display1.Listener.Unix.Map") != nil)
        #expect(linux.interface("org.qemu.Display1.Listener.Win32.Map") == nil)
        #expect(windows.interface("org.qemu.Display1.Listener.Unix.Map") == nil)
        #expect(windows.interface("org.qemu.Display1.Listener.Win32.Map")?.methods.first?.arguments.first?.type.value == "t")
        let chardev = try #require(windows.interface("org.qemu.Display1.Chardev"))
        #expect(chardev.methods.first?.arguments.map(\.name?.value) == ["listener"])
    }

    @Test func locationsAreTheSameInEveryVariant() throws {
        let linux = try Self.document(hostOS: "linux"), windows = try Self.document(hostOS: "windows")
        let a = try #require(linux.interface("org.qemu.Display1.Clipboard"))
        let b = try #require(windows.interface("org.qemu.Display1.Clipboard"))
        #expect(a.location == b.location)
        #expect(a.location.line == 253 && a.location.column == 3)
        #expect(a.name.location.column == 20)
        let windowsArg = try #require(windows.interface("org.qemu.Display1.Console")?.methods.first?.arguments.first)
        let linuxArg = try #require(linux.interface("org.qemu.Display1.Console")?.methods.first?.arguments.first)
        #expect(windowsArg.location.line == 55)
        #expect(linuxArg.location.line == 59)
        #expect(linuxArg.type.location.column == 18)
    }

    @Test func docCommentsAttachToTheirSymbols() throws {
        let document = try Self.document(hostOS: "linux")
        let console = try #require(document.interface("org.qemu.Display1.Console"))
        #expect(console.documentation?.text == "One display head of a video device.")
        let register = try #require(console.methods.first)
        #expect(register.documentation?.text == "Adds a listener that receives display updates until the connection closes.")
        #expect(register.documentation?.tags["Since"] == "7.0")
        #expect(register.arguments.first?.documentation?.text == "the client end of a socket; QEMU talks D-Bus peer to peer over it.")
        let setUIInfo = try #require(console.methods.last)
        #expect(setUIInfo.arguments.map { $0.documentation?.text ?? "" }.allSatisfy { !$0.isEmpty })
        // The comment before <?if?> documents the interface inside the taken branch.
        #expect(document.interface("org.qemu.Display1.Listener.Unix.Map")?.documentation?.text == "Shared-memory updates on Unix hosts.")
        #expect(document.comments.filter(\.isOrphanedDocumentation).isEmpty)
    }

    /// The Unix.Map comment sits before `<?if $(env.HOST_OS) != windows?>`: on Windows it documents
    /// an element of another variant, which is not an orphan.
    @Test func commentsForOtherVariantsAreNotOrphans() throws {
        let document = try Self.document(hostOS: "windows")
        #expect(document.comments.filter(\.isOrphanedDocumentation).isEmpty)
        let unixMap = try #require(document.comments.first { $0.symbol == "org.qemu.Display1.Listener.Unix.Map" })
        #expect(unixMap.documents?.line == 211)
        #expect(document.interface("org.qemu.Display1.Listener.Win32.Map")?.documentation?.text == "Shared-memory updates on Windows hosts.")
    }
}
