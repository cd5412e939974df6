import DBus
import DBusTestSupport
import QEMUDBus
import Testing

@Suite(.tags(.interop, .qemu))
struct QEMUKeyboardTests {
    /// Caps Lock reaches the guest: SeaBIOS sets the keyboard LED, and QEMU reports it as
    /// `Keyboard.Modifiers` bit 2 through PropertiesChanged.
    @Test(.timeLimit(.minutes(1)))
    func capsLockChangesReportedModifiersAndRelativeMouseMoves() async throws {
        let bus = try await startPrivateBus()
        let qemu = try await QEMUTestVM.start(.bus(address: bus.address))
        let connection = try await DBusConnection.connect(to: bus.address)
        defer { connection.close() }
        let vm = try #require(try await QEMUVirtualMachine.discover(on: connection).first)
        let console = vm.console(0)

        #expect(try await console.keyboard.modifiers == 0)
        var changes = try await console.keyboard.modifiersChanges().makeAsyncIterator()
        try await console.tap(.capsLock)
        let modifiers = try await changes.next()
        #expect(modifiers == 4)

        // SeaBIOS's PS/2 mouse is relative: motion is accepted, absolute positions are refused.
        #expect(try await console.mouse.isAbsolute == false)
        try await console.mouse.relMotion(dx: 5, dy: -3)
        await #expect(throws: DBusError.self) { try await console.mouse.setAbsPosition(x: 10, y: 10) }
        await qemu.stop()
    }

    @Test func usLayoutMapsShiftedCharactersAndRejectsOthers() async throws {
        #expect(QEMUKeyCode.usLayout("A")! == (QEMUKeyCode(rawValue: 30), true))
        #expect(QEMUKeyCode.usLayout("\n")?.key == .enter)
        #expect(QEMUKeyCode.usLayout("é") == nil)
    }
}
