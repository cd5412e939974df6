import DBus
import DBusTestSupport
import QEMUDBus
import Testing

@Suite(.tags(.interop, .qemu))
struct QEMUScreenshotTests {
    @Test(.timeLimit(.minutes(1)))
    func screenshotOverBusShowsSeaBIOSTextScreen() async throws {
        let bus = try await startPrivateBus()
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

    /// The same screenshot without a bus: `-display dbus,p2p=yes`, reached through a QMP socket
    /// (getfd + add_client) the way `qemu-display --qmp` does it.
    @Test(.timeLimit(.minutes(1)))
    func screenshotKeysAndClipboardOverPeerToPeerConnectionFromQMPSocket() async throws {
        let directory = try TemporaryDirectory(prefix: "qemu-e2e-p2p")
        defer { directory.remove() }
        let qmpPath = directory.path + "/qmp.sock"
        let qemu = try await QEMUTestVM.start(.peerToPeer, name: "p2p-e2e", extraArguments: ["-qmp", "unix:\(qmpPath),server=on,wait=off"])

        let vm = try await QEMUVirtualMachine.peerToPeer(qmpSocketPath: qmpPath)
        defer { vm.connection.close() }
        #expect(vm.destination == nil)
        let info = try await vm.info()
        #expect(info.name == "p2p-e2e")
        #expect(info.consoleIDs == [0])
        let screenshot = try await vm.console(0).screenshot()

        // Keys, their PropertiesChanged and the clipboard's call-back work without a bus too.
        var modifiers = try await vm.console(0).keyboard.modifiersChanges().makeAsyncIterator()
        try await vm.console(0).tap(.capsLock)
        #expect(try await modifiers.next() == 4)
        let clipboard = try await QEMUClipboard(vm: vm)
        var clipboardEvents = clipboard.events.makeAsyncIterator()
        #expect(await clipboardEvents.next() == .registered)
        await qemu.stop()

        #expect([screenshot.width, screenshot.height] == [720, 400])
        let decoded = try await PNGCheck.check(try screenshot.png())
        #expect(decoded.width == 720 && decoded.height == 400)
        #expect(decoded.colours > 1, "every pixel has the same colour")
    }

    /// QEMU renders only with a listener: the first one switches the console from its 640x480
    /// placeholder to SeaBIOS's 720x400 text mode, announced with PropertiesChanged.
    @Test(.timeLimit(.minutes(1)))
    func firstListenerSeesConsoleAnnounceTextModeSizeAndFollowsIt() async throws {
        let bus = try await startPrivateBus()
        let qemu = try await QEMUTestVM.start(.bus(address: bus.address))
        let connection = try await DBusConnection.connect(to: bus.address)
        defer { connection.close() }
        let console = try #require(try await QEMUVirtualMachine.discover(on: connection).first).console(0)

        #expect(try await console.console.width == 640)
        var widths = try await console.console.widthChanges().makeAsyncIterator()
        let session = try await console.openDisplay()
        defer { session.close() }
        let width = try await widths.next()
        #expect(width == 720)

        // QEMU 7.2 sends this first listener the new mode as Updates only; the session grows its
        // picture to the console's size and fills it from them.
        for await event in session.events {
            if case .update = event, session.frameBuffer.width == 720 { break }
        }
        let frame = session.frameBuffer
        await qemu.stop()
        #expect([frame.width, frame.height] == [720, 400])
        let decoded = try await PNGCheck.check(try frame.png())
        #expect(decoded.colours > 1)
    }
}
