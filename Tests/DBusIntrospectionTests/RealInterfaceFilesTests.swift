import Foundation
import Testing
import DBusIntrospection

/// The interface files Debian's network-manager-dev and modemmanager-dev install.
@Suite struct RealInterfaceFilesTests {
    static let directory = "/usr/share/dbus-1/interfaces"

    static func files() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter {
            ($0.hasPrefix("org.freedesktop.NetworkManager") || $0.hasPrefix("org.freedesktop.ModemManager1")) && $0.hasSuffix(".xml")
        }.sorted().map { "\(directory)/\($0)" }
    }

    @Test func networkManagerAndModemManagerFilesAreInstalled() {
        let files = Self.files()
        #expect(files.filter { $0.contains("NetworkManager") }.count >= 40, "install network-manager-dev")
        #expect(files.filter { $0.contains("ModemManager1") }.count >= 15, "install modemmanager-dev")
    }

    @Test func everyFileParsesWithoutErrors() {
        var interfaces = 0
        for path in Self.files() {
            let document = IntrospectionParser.parse(contentsOf: path)
            let errors = document.diagnostics.filter { $0.severity == .error }
            #expect(errors.isEmpty, "\(errors)")
            let found = document.root?.allInterfaces ?? []
            #expect(!found.isEmpty, "\(path) has no interface")
            interfaces += found.count
        }
        #expect(interfaces >= 60)
    }

    @Test func modemManagerDocCommentsAttachToMembers() throws {
        let document = IntrospectionParser.parse(contentsOf: "\(Self.directory)/org.freedesktop.ModemManager1.Modem.xml")
        let modem = try #require(document.interface("org.freedesktop.ModemManager1.Modem"))
        let enable = try #require(modem.methods.first { $0.name.value == "Enable" })
        let documentation = try #require(enable.documentation)
        #expect(documentation.text.hasPrefix("Enable or disable the modem."))
        #expect(documentation.tags["Since"] == "1.0")
        #expect(enable.arguments.first?.documentation?.text.contains("to enable the modem") == true)
        #expect(modem.documentation?.tags["short_description"] != nil)
    }
}
