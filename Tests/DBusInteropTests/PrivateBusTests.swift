import Testing
import DBusTestSupport

@Suite(.tags(.interop)) struct PrivateBusTests {
    @Test func privateBusPrintsAUnixAddressInItsOwnDirectory() throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        #expect(bus.address.hasPrefix("unix:path=\(bus.directory.path)/"))
        #expect(bus.address.contains(",guid="))
    }

    @Test func peerSeesOnlyThePrivateBus() throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let peer = try PeerProcess(
            PeerProcess.python,
            ["-c", "import os; print('ADDR', os.environ['DBUS_SESSION_BUS_ADDRESS']); print('SYS', os.environ['DBUS_SYSTEM_BUS_ADDRESS'])"],
            bus: bus)
        let line = try peer.waitForLine(startingWith: "ADDR ")
        #expect(line == "ADDR \(bus.address)")
        let system = try peer.waitForLine(startingWith: "SYS ")
        #expect(system.contains("/nonexistent/"))
        #expect(try peer.waitForExit() == 0)
    }

    @Test func gdbusTalksToThePrivateDaemon() throws {
        let bus = try PrivateBus()
        defer { bus.stop() }
        let peer = try PeerProcess(
            "/usr/bin/gdbus",
            ["call", "--address", bus.address, "--dest", "org.freedesktop.DBus",
             "--object-path", "/org/freedesktop/DBus", "--method", "org.freedesktop.DBus.GetId"])
        let line = try #require(try peer.readLine())
        #expect(line.hasPrefix("('"))
        #expect(try peer.waitForExit() == 0)
    }
}
