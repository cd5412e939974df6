import DBus
import DBusTestSupport
import QEMUDBus
import Testing

@Suite(.tags(.interop, .qemu))
struct QEMUScreenshotTests {
    @Test(.timeLimit(.minutes(1)))
    func screenshotOverBusShowsSeaBIOSTextScreen() async throws {
        let bus = try await QEMUTestBusBox.start()
        let qemu = try await QEMUTestVM.start(.bus(address: bus.address))
        let connection = try await DBusConnection.connect(to: bus.address)
        defer { connection.close() }

        let vms = try await QEMUVirtualMachine.discover(on: connection)
        #expect(vms.count == 1)
        let vm = try #require(vms.first)
        let screenshot = try await vm.console(0).screenshot()
        await qemu.stop()

        #expect([screenshot.width, screenshot.height] == [720, 400])
        let png = try screenshot.png()
        let decoded = try await PNGCheck.check(png)
        #expect(decoded.width == 720 && decoded.height == 400)
        #expect(decoded.colours > 1, "every pixel has the same colour")
    }
}
