import Foundation
import Testing

/// The captured QEMU 7.2 listener messages are whole D-Bus messages whose fixed headers match
/// the transcript. Parsing them with the runtime belongs to the wire tests; this only guards the
/// fixtures themselves.
struct QEMUWireFixtureTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: "Fixtures/listener-wire-7.2/\(name)", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try [UInt8](Data(contentsOf: url))
    }

    static func uint32(_ bytes: [UInt8], at offset: Int) -> Int {
        (0..<4).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
    }

    @Test(arguments: [
        // file, message type, flags, serial, body length
        ("000-getall-call-from-qemu.bin", 1, 0, 1, 31),
        ("001-getall-reply-from-gdbus.bin", 2, 1, 1, 32),
        ("003-update-call-from-qemu.bin", 1, 1, 3, 604),
        ("004-update-call-from-qemu.bin", 1, 1, 4, 604),
    ])
    func capturedMessageIsCompleteLittleEndianMessage(file: String, type: Int, flags: Int, serial: Int, bodyLength: Int) throws {
        let bytes = try Self.fixture(file)
        #expect(bytes[0] == UInt8(ascii: "l"))
        #expect(Int(bytes[1]) == type)
        #expect(Int(bytes[2]) == flags)
        #expect(bytes[3] == 1)
        #expect(Self.uint32(bytes, at: 4) == bodyLength)
        #expect(Self.uint32(bytes, at: 8) == serial)
        let fieldsEnd = 16 + Self.uint32(bytes, at: 12)
        let bodyStart = (fieldsEnd + 7) & ~7
        #expect(bytes.count == bodyStart + bodyLength)
    }

    @Test func updateBodyHoldsTightlyPackedCursorCell() throws {
        let bytes = try Self.fixture("003-update-call-from-qemu.bin")
        let body = Array(bytes[(bytes.count - 604)...])
        // Update(i x, i y, i width, i height, u stride, u pixman_format, ay data)
        let values = (0..<6).map { Self.uint32(body, at: $0 * 4) }
        #expect(values == [0, 128, 9, 16, 36, 0x2002_0888])
        #expect(Self.uint32(body, at: 24) == 9 * 16 * 4)
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
