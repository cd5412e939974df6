import Testing
import DBus

@Suite struct DBusAddressTests {
    @Test func parsesListInOrderAndUnescapesValues() throws {
        let list = try DBusAddress.parseList("unix:path=/tmp/a%20b,guid=0123;tcp:host=localhost,port=4000;;unix:abstract=x")
        #expect(list.count == 3)
        #expect(list[0].transport == "unix")
        #expect(list[0]["path"] == "/tmp/a b")
        #expect(list[0].guid == "0123")
        #expect(list[1]["host"] == "localhost")
        #expect(list[1]["port"] == "4000")
        #expect(list[2]["abstract"] == "x")
    }

    @Test func escapesEverythingOutsideTheOptionallyEscapedSet() throws {
        let address = DBusAddress(transport: "unix", parameters: [("path", "/tmp/a b,c=d;é")])
        #expect(address.description == "unix:path=/tmp/a%20b%2cc%3dd%3b%c3%a9")
        #expect(try DBusAddress(parsing: address.description) == address)
    }

    @Test func rejectsMalformedAddresses() {
        #expect(throws: DBusAddressError.self) { try DBusAddress.parseList("") }
        #expect(throws: DBusAddressError.self) { try DBusAddress(parsing: "nocolon") }
        #expect(throws: DBusAddressError.self) { try DBusAddress(parsing: ":path=/x") }
        #expect(throws: DBusAddressError.self) { try DBusAddress(parsing: "unix:path") }
        #expect(throws: DBusAddressError.self) { try DBusAddress(parsing: "unix:path=/a,path=/b") }
        #expect(throws: DBusAddressError.self) { try DBusAddress(parsing: "unix:path=/a%2") }
        #expect(throws: DBusAddressError.self) { try DBusAddress(parsing: "unix:path=/a%zz") }
        #expect(throws: DBusAddressError.self) { try DBusAddress(parsing: "unix:path=%ff") }
    }

    @Test func connectingToAMissingSocketNamesTheAddress() async throws {
        let error = await #expect(throws: DBusConnectionError.self) {
            _ = try await DBusConnection.connect(to: "unix:path=/nonexistent/dbus-swift-test-socket", bus: false)
        }
        #expect("\(error.map { "\($0)" } ?? "")".contains("/nonexistent/dbus-swift-test-socket"))
    }

    @Test func unsupportedTransportIsAClearError() async throws {
        await #expect(throws: DBusConnectionError.self) {
            _ = try await DBusConnection.connect(to: "launchd:env=X", bus: false)
        }
    }
}
