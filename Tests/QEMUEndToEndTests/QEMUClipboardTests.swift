import DBus
import DBusTestSupport
import QEMUDBus
import Testing

@Suite(.tags(.interop, .qemu))
struct QEMUClipboardTests {
    /// Register completes although QEMU calls our clipboard back before replying, and afterwards
    /// QEMU accepts our Grab (it refuses callers that are not registered).
    @Test(.timeLimit(.minutes(1)))
    func registerServesQEMUsCallbackAndAllowsOffering() async throws {
        let bus = try await startPrivateBus()
        let qemu = try await QEMUTestVM.start(.bus(address: bus.address))
        let connection = try await DBusConnection.connect(to: bus.address)
        defer { connection.close() }
        let vm = try #require(try await QEMUVirtualMachine.discover(on: connection).first)

        let clipboard = try await QEMUClipboard(vm: vm)
        var events = clipboard.events.makeAsyncIterator()
        #expect(await events.next() == .registered)
        try await clipboard.offer(text: "hello from the host")
        try await clipboard.unregister()
        await qemu.stop()
    }
}
