import Testing
import DBus

/// `MessageParser` reuses header names it validated before; these tests check that doing so
/// never changes what a message parses to, nor which error a damaged message gets.
@Suite struct MessageParserTests {
    /// One message of each type, with every header field a message can carry between them.
    static func samples() throws -> [[UInt8]] {
        var call = Message.methodCall(
            destination: "org.example.Service", path: "/org/example/Object", interface: "org.example.Iface",
            member: "Frob", body: MessageBody("text", ["k": Variant(UInt32(7))]))
        call.sender = ":1.42"
        var signal = Message.signal(path: "/org/example/Object", interface: "org.example.Iface", member: "Changed",
                                    body: MessageBody(UInt8(1)))
        signal.sender = ":1.42"
        let reply = Message.methodReturn(replyingTo: try Message.parse(bytes: try call.serialized(serial: 5)), body: MessageBody("ok"))
        let error = Message.error(name: "org.example.Error.Busy", message: "try later",
                                  replyingTo: try Message.parse(bytes: try call.serialized(serial: 6)))
        return [try call.serialized(serial: 1), try signal.serialized(serial: 2), try reply.serialized(serial: 3),
                try error.serialized(serial: 4)]
    }

    /// What parsing gave: the message re-serialized under its own serial, or the error.
    static func outcome(_ parse: () throws -> Message) -> String {
        do {
            let message = try parse()
            return "ok \(try message.serialized(serial: message.serial))"
        } catch {
            return "error \(error)"
        }
    }

    @Test func parsesRepeatedMessagesLikeMessageParse() throws {
        var parser = MessageParser()
        for _ in 0..<3 {
            for bytes in try Self.samples() {
                let parsed = try parser.parse(bytes: bytes)
                let fresh = try Message.parse(bytes: bytes)
                #expect(try parsed.serialized(serial: parsed.serial) == bytes)
                #expect(parsed.path == fresh.path && parsed.interface == fresh.interface && parsed.member == fresh.member)
                #expect(parsed.errorName == fresh.errorName && parsed.destination == fresh.destination && parsed.sender == fresh.sender)
                #expect(parsed.signature == fresh.signature && parsed.replySerial == fresh.replySerial)
            }
        }
    }

    /// Every single-byte change and every truncation of the samples, parsed by a parser that has
    /// seen the intact messages (so their names are remembered) and by `Message.parse`.
    @Test func damagedMessagesFailAsWithoutTheCache() throws {
        let samples = try Self.samples()
        var parser = MessageParser()
        for bytes in samples { _ = try parser.parse(bytes: bytes) }
        var compared = 0
        for bytes in samples {
            let headerEnd = try Message.requiredLength(fromPrefix: bytes) - (try Message.parse(bytes: bytes)).bodyLength
            for index in 0..<headerEnd {
                for value in Set([0, 0xFF, bytes[index] ^ 1, bytes[index] &+ 1, UInt8(ascii: "/")]) {
                    var damaged = bytes
                    damaged[index] = value
                    let expected = Self.outcome { try Message.parse(bytes: damaged) }
                    let actual = Self.outcome { try parser.parse(bytes: damaged) }
                    #expect(actual == expected, "byte \(index) set to \(value)")
                    compared += 1
                }
            }
            for length in 0..<bytes.count {
                let cut = Array(bytes[0..<length])
                #expect(Self.outcome { try parser.parse(bytes: cut) } == Self.outcome { try Message.parse(bytes: cut) })
            }
        }
        #expect(compared > 1000)
    }

    /// A name the parser rejected is not remembered as valid.
    @Test func keepsRejectingAnInvalidName() throws {
        var message = Message.methodCall(path: "/a", interface: "org.example.Iface", member: "M")
        let good = try message.serialized(serial: 1)
        message.interface = nil
        var bytes = try message.serialized(serial: 1)
        _ = try Message.parse(bytes: bytes)
        // Turn the member "M" into "9", which no member name may start with.
        let at = try #require(bytes.lastIndex(of: UInt8(ascii: "M")))
        bytes[at] = UInt8(ascii: "9")
        var parser = MessageParser()
        _ = try parser.parse(bytes: good)
        for _ in 0..<2 {
            #expect(throws: DBusWireError.self) { try parser.parse(bytes: bytes) }
        }
    }
}
