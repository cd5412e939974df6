import DBus
import Foundation
import Testing

/// The runtime parses the messages captured between QEMU 7.2 and a GDBus display listener
/// (Fixtures/listener-wire-7.2) and writes them back byte for byte.
struct QEMUWireFixtureTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: "Fixtures/listener-wire-7.2/\(name)", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try [UInt8](Data(contentsOf: url))
    }

    @Test func qemusGetAllCallHasNoSenderOrDestination() throws {
        let bytes = try Self.fixture("000-getall-call-from-qemu.bin")
        #expect(try Message.requiredLength(fromPrefix: Array(bytes.prefix(Message.fixedHeaderLength))) == bytes.count)
        let message = try Message.parse(bytes: bytes)
        #expect(message.type == .methodCall)
        #expect(message.flags == [])
        #expect(message.serial == 1)
        #expect(message.path?.description == "/org/qemu/Display1/Listener")
        #expect(message.interface?.description == "org.freedesktop.DBus.Properties")
        #expect(message.member?.description == "GetAll")
        #expect(message.destination == nil)
        #expect(message.sender == nil)
        #expect(try message.decodeBody(as: String.self) == "org.qemu.Display1.Listener")
    }

    @Test func qemusUpdateCallCarriesTightlyPackedCursorCell() throws {
        let message = try Message.parse(bytes: try Self.fixture("003-update-call-from-qemu.bin"))
        #expect(message.flags == .noReplyExpected)
        #expect(message.member?.description == "Update")
        let (x, y, width, height, stride, format, data) = try message.decodeBody(
            as: Int32.self, Int32.self, Int32.self, Int32.self, UInt32.self, UInt32.self, [UInt8].self)
        #expect([x, y, width, height] == [0, 128, 9, 16])
        #expect(stride == 36)
        #expect(format == 0x2002_0888)
        #expect(data.count == 9 * 16 * 4)
    }

    @Test func gdbusReplyAnswersSerialOne() throws {
        let message = try Message.parse(bytes: try Self.fixture("001-getall-reply-from-gdbus.bin"))
        #expect(message.type == .methodReturn)
        #expect(message.replySerial == 1)
        #expect(message.destination == nil)
    }

    @Test(arguments: ["000-getall-call-from-qemu.bin", "001-getall-reply-from-gdbus.bin", "003-update-call-from-qemu.bin", "004-update-call-from-qemu.bin"])
    func capturedMessageReserializesByteForByte(file: String) throws {
        let bytes = try Self.fixture(file)
        let message = try Message.parse(bytes: bytes)
        #expect(try message.serialized(serial: message.serial) == bytes)
    }

    @Test func authenticationTranscriptShowsQEMUAsServer() throws {
        let text = String(decoding: try Self.fixture("AUTH.txt"), as: UTF8.self)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "C: <NUL byte>")
        #expect(lines.contains("S: REJECTED EXTERNAL DBUS_COOKIE_SHA1"))
        #expect(lines.contains { $0.hasPrefix("S: OK ") })
        #expect(lines.suffix(3) == ["C: NEGOTIATE_UNIX_FD", "S: AGREE_UNIX_FD", "C: BEGIN"])
    }
}
