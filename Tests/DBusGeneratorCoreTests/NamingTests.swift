import Testing
@testable import DBusGeneratorCore

@Suite struct NamingTests {
    @Test(arguments: [
        ("SetUIInfo", "setUIInfo"), ("UUID", "uuid"), ("ConsoleIDs", "consoleIDs"), ("width_mm", "widthMM"),
        ("FEOpened", "feOpened"), ("NSamples", "nSamples"), ("ScanoutDMABUF", "scanoutDMABUF"),
        ("ScanoutDMABUF2", "scanoutDMABUF2"), ("y0_top", "y0Top"), ("hot_x", "hotX"), ("Type", "type"),
        ("IsAbsolute", "isAbsolute"), ("pixman_format", "pixmanFormat"), ("bytes_per_frame", "bytesPerFrame"),
        ("device_id", "deviceID"), ("GetAll", "getAll"), ("D3d11", "d3d11"), ("ip4_address", "ip4Address"),
        ("HwAddress", "hwAddress"), ("Ip4Config", "ip4Config"), ("foo-bar", "fooBar"), ("1st", "_1st"),
    ])
    func memberNamesAreLowerCamelCase(dbus: String, swift: String) {
        #expect(SwiftNaming.memberName(dbus) == swift)
    }

    @Test(arguments: [
        ("Display1.VM", "Display1VM"), ("Display1.Listener.Unix.Map", "Display1ListenerUnixMap"),
        ("org.freedesktop.NetworkManager.Device.Wired", "OrgFreedesktopNetworkManagerDeviceWired"),
        ("UUID", "UUID"), ("width_mm", "WidthMM"), ("ConsoleIDs", "ConsoleIDs"), ("Listener.Win32.D3d11", "ListenerWin32D3d11"),
    ])
    func typeNamesAreUpperCamelCase(dbus: String, swift: String) {
        #expect(SwiftNaming.typeName(dbus) == swift)
    }

    @Test(arguments: [("Rects", "Rect"), ("Properties", "Property"), ("Addresses", "Address"), ("ConsoleIDs", "ConsoleID")])
    func arrayElementStructsAreNamedInTheSingular(plural: String, singular: String) {
        #expect(SwiftNaming.singular(plural) == singular)
    }

    @Test func wordsThatAreNotPluralHaveNoSingular() {
        #expect(SwiftNaming.singular("Status") == nil)
        #expect(SwiftNaming.singular("Address") == nil)
        #expect(SwiftNaming.singular("Data") == nil)
    }

    @Test func keywordsAreEscapedWithBackticks() {
        #expect(SwiftKeywords.escaped("default") == "`default`")
        #expect(SwiftKeywords.escaped("in") == "`in`")
        #expect(SwiftKeywords.escaped("self") == "`self`")
        #expect(SwiftKeywords.escaped("label") == "label")
    }
}
