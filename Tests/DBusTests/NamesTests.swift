import Testing
import DBus

@Suite struct ObjectPathTests {
    @Test(arguments: ["/", "/a", "/org/qemu/Display1/Console_0", "/_/9/A_b0"])
    func acceptsValidPaths(_ text: String) throws {
        #expect(try ObjectPath(text).rawValue == text)
        #expect(ObjectPath.isValid(text))
    }

    @Test(arguments: [
        ("", DBusNameError.Reason.empty, 0),
        ("a/b", .missingLeadingSlash, 0),
        ("/a/", .trailingSlash, 2),
        ("//a", .emptyElement, 1),
        ("/a//b", .emptyElement, 3),
        ("/a-b", .invalidCharacter("-"), 2),
        ("/a.b", .invalidCharacter("."), 2),
        ("/é/x", .invalidCharacter("é"), 1),
        ("/x/y z", .invalidCharacter(" "), 4),
    ])
    func rejectsInvalidPathsSayingWhereAndWhy(_ text: String, _ reason: DBusNameError.Reason, _ offset: Int) {
        #expect(!ObjectPath.isValid(text))
        #expect(throws: DBusNameError(kind: .objectPath, text: text, reason: reason, offset: offset)) {
            try ObjectPath(text)
        }
    }

    @Test func errorDescriptionNamesTheCharacter() {
        // A variable, not a literal: `ObjectPath("literal")` is literal coercion and traps.
        let text = "/org/a-b"
        let error = #expect(throws: DBusNameError.self) { try ObjectPath(text) }
        #expect(error?.description == "invalid object path '/org/a-b': character '-' is not allowed at character 7")
    }

    @Test func elementsAndAppending() throws {
        #expect(ObjectPath.root.elements.isEmpty)
        let path: ObjectPath = "/org/qemu"
        #expect(path.elements == ["org", "qemu"])
        #expect(try path.appending("Display1").rawValue == "/org/qemu/Display1")
        #expect(try ObjectPath.root.appending("a").rawValue == "/a")
        #expect(throws: DBusNameError.self) { try path.appending("a/b") }
    }

    @Test func validatesRawBytesWithoutAString() {
        let bytes: [UInt8] = Array("/org/qemu".utf8)
        #expect(bytes.withUnsafeBytes { ObjectPath.isValid($0) })
        let bad: [UInt8] = [UInt8(ascii: "/"), 0xFF]
        #expect(!bad.withUnsafeBytes { ObjectPath.isValid($0) })
    }
}

@Suite struct DottedNameTests {
    @Test(arguments: ["org.qemu.Display1.Console", "a.b", "_a._9", "org.freedesktop.DBus.Properties"])
    func acceptsValidInterfaceAndErrorNames(_ text: String) throws {
        #expect(try InterfaceName(text).description == text)
        #expect(try ErrorName(text).rawValue == text)
    }

    @Test(arguments: [
        ("", DBusNameError.Reason.empty, 0),
        ("org", .tooFewElements, 0),
        (".org.a", .emptyElement, 0),
        ("org..a", .emptyElement, 4),
        ("org.a.", .emptyElement, 6),
        ("org.9a", .elementStartsWithDigit, 4),
        ("9org.a", .elementStartsWithDigit, 0),
        ("org.a-b", .invalidCharacter("-"), 5),
        ("org.ä.b", .invalidCharacter("ä"), 4),
    ])
    func rejectsInvalidInterfaceNames(_ text: String, _ reason: DBusNameError.Reason, _ offset: Int) {
        #expect(!InterfaceName.isValid(text))
        #expect(throws: DBusNameError(kind: .interfaceName, text: text, reason: reason, offset: offset)) {
            try InterfaceName(text)
        }
        #expect(throws: DBusNameError(kind: .errorName, text: text, reason: reason, offset: offset)) {
            try ErrorName(text)
        }
    }

    @Test func interfaceNamesAreLimitedTo255Bytes() throws {
        let ok = "a." + String(repeating: "b", count: 253)
        #expect(InterfaceName.isValid(ok))
        #expect(throws: DBusNameError(kind: .interfaceName, text: ok + "c", reason: .tooLong(length: 256), offset: 255)) {
            try InterfaceName(ok + "c")
        }
    }

    @Test func describesTheProblemForAPerson() {
        let text = "org.example..Foo"
        let error = #expect(throws: DBusNameError.self) { try InterfaceName(text) }
        #expect(error?.description == "invalid interface name 'org.example..Foo': empty element at character 13")
    }
}

@Suite struct MemberNameTests {
    @Test(arguments: ["RegisterListener", "a", "_", "Get_All9"])
    func acceptsValidMemberNames(_ text: String) throws {
        #expect(try MemberName(text).rawValue == text)
    }

    @Test(arguments: [
        ("", DBusNameError.Reason.empty, 0),
        ("9a", .elementStartsWithDigit, 0),
        ("Get.All", .invalidCharacter("."), 3),
        ("Get-All", .invalidCharacter("-"), 3),
    ])
    func rejectsInvalidMemberNames(_ text: String, _ reason: DBusNameError.Reason, _ offset: Int) {
        #expect(throws: DBusNameError(kind: .memberName, text: text, reason: reason, offset: offset)) {
            try MemberName(text)
        }
    }

    @Test func memberNamesAreLimitedTo255Bytes() {
        #expect(MemberName.isValid(String(repeating: "x", count: 255)))
        #expect(!MemberName.isValid(String(repeating: "x", count: 256)))
    }
}

@Suite struct BusNameTests {
    @Test(arguments: [(":1.42", true), (":1.2.3", true), (":a-b.0", true),
                      ("org.qemu", false), ("org.a-b.c_d", false), ("-x.y", false)])
    func acceptsUniqueAndWellKnownNames(_ text: String, _ unique: Bool) throws {
        let name = try BusName(text)
        #expect(name.isUnique == unique)
        #expect(name.rawValue == text)
    }

    @Test(arguments: [
        ("", DBusNameError.Reason.empty, 0),
        (":", .emptyElement, 1),
        (":1", .tooFewElements, 0),
        (":1..2", .emptyElement, 3),
        ("org", .tooFewElements, 0),
        ("org.9x", .elementStartsWithDigit, 4),
        ("org.x:y", .invalidCharacter(":"), 5),
    ])
    func rejectsInvalidBusNames(_ text: String, _ reason: DBusNameError.Reason, _ offset: Int) {
        #expect(!BusName.isValid(text))
        #expect(throws: DBusNameError(kind: .busName, text: text, reason: reason, offset: offset)) {
            try BusName(text)
        }
    }

    @Test func literalsBuildNames() {
        let bus: BusName = "org.freedesktop.DBus"
        let member: MemberName = "Hello"
        #expect(!bus.isUnique)
        #expect("\(member)" == "Hello")
        #expect([InterfaceName("b.c"), InterfaceName("a.b")].sorted().map(\.rawValue) == ["a.b", "b.c"])
    }
}
