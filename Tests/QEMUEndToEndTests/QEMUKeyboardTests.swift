import DBus
import DBusTestSupport
import QEMUDBus
import Testing

@Suite(.tags(.interop, .qemu))
struct QEMUKeyboardTests {
    /// Caps Lock reaches the guest: SeaBIOS sets the keyboard LED, and QEMU reports it as
    /// `Keyboard.Modifiers` bit 2 through PropertiesChanged.
    @Test(.timeLimit(.minutes(1)))
    func capsLockChangesReportedModifiers() async throws {
        let bus = try await QEMUTestBusBox.start()
        let qemu = try await QEMUTestVM.start(.bus(address: bus.address))
        let connection = try await DBusConnection.connect(to: bus.address)
        defer { connection.close() }
        let vm = try #require(try await QEMUVirtualMachine.discover(on: connection).first)
        let console = vm.console(0)

        #expect(try await console.keyboard.modifiers == 0)
        var changes = try await console.keyboard.modifiersChanges().makeAsyncIterator()
        try await console.tap(.capsLock)
        let modifiers = try await changes.next()
        await qemu.stop()
        #expect(modifiers == 4)
    }

    @Test func usLayoutMapsShiftedCharactersAndRejectsOthers() async throws {
        #expect(QEMUKeyCode.usLayout("A")! == (QEMUKeyCode(rawValue: 30), true))
        #expect(QEMUKeyCode.usLayout("\n")?.key == .enter)
        #expect(QEMUKeyCode.usLayout("é") == nil)
    }
}
