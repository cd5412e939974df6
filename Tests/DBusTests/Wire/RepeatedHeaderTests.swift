#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import DBus

/// A connection reuses the header of the message it sent last (`HeaderTemplate`) and skips
/// walking a received header equal to the last one (`RepeatedHeader`). Both shortcuts must give
/// exactly the bytes, messages and errors that the full paths give.
@Suite struct RepeatedHeaderTests {
    /// Messages whose headers are equal, or differ in one way each.
    static func messages() throws -> [Message] {
        var call = Message.methodCall(
            destination: "org.example.Service", path: "/org/example/Object", interface: "org.example.Iface",
            member: "Frob", body: MessageBody("text", UInt32(1)))
        call.serial = 9
        call.sender = ":1.42"
        var messages = [call]
        var otherBody = call
        otherBody.setBody(MessageBody("a longer text than before", UInt32(2)))
        messages.append(otherBody)
        var otherMember = call
        otherMember.member = "Frab"
        messages.append(otherMember)
        var otherFlags = call
        otherFlags.flags = .noAutoStart
        messages.append(otherFlags)
        var bigEndian = call
        bigEndian.setBody(MessageBody(endianness: .big))
        messages.append(bigEndian)
        var otherSender = call
        otherSender.sender = ":1.43"
        messages.append(otherSender)
        let reply = Message.methodReturn(replyingTo: call, body: MessageBody(Int32(5)))
        messages.append(reply)
        var otherCall = call
        otherCall.serial = 10
        messages.append(Message.methodReturn(replyingTo: otherCall, body: MessageBody(Int32(6))))
        messages.append(Message.methodReturn(replyingTo: otherCall))
        messages.append(Message.error(name: "org.example.Error.Busy", message: "later", replyingTo: call))
        messages.append(Message.signal(path: "/org/example/Object", interface: "org.example.Iface", member: "Frob"))
        // A parsed message keeps its field order, so it neither takes nor makes a template.
        messages.append(try Message.parse(bytes: try call.serialized(serial: 3)))
        return messages
    }

    @Test func templatesGiveTheBytesOfAFullEncoding() throws {
        let messages = try Self.messages()
        var reused = 0
        for first in messages {
            let (_, template) = try first.serializedHeader(serial: 1, reusing: nil)
            for second in messages {
                let (bytes, next) = try second.serializedHeader(serial: 77, reusing: template)
                #expect(bytes == (try second.serializedHeader(serial: 77)))
                if let next, next === template { reused += 1 }
                // The template made from `second` reproduces it too.
                let (again, _) = try second.serializedHeader(serial: 78, reusing: next)
                #expect(again == (try second.serializedHeader(serial: 78)))
            }
        }
        // Same fields: the call and its other body; the two replies with bodies (other reply
        // serial); each message with itself, except the parsed one.
        #expect(reused == messages.count - 1 + 2 + 2)
    }

    @Test func templatesKeepTheChecks() throws {
        let call = Message.methodCall(path: "/o", interface: "org.example.I", member: "M", body: MessageBody(Variant(UInt8(1))))
        let template = try #require(try call.serializedHeader(serial: 1, reusing: nil).template)
        #expect(throws: DBusWireError.zeroSerial) { try call.serializedHeader(serial: 0, reusing: template) }
        // Same header fields, but a body too deeply nested to send.
        var value = Variant(UInt8(1))
        for _ in 0..<100 { value = Variant(value) }
        let unsendable = Message.methodCall(path: "/o", interface: "org.example.I", member: "M", body: MessageBody(value))
        #expect(template.matches(unsendable))
        let expected = try #require(throws: DBusWireError.self) { try unsendable.serializedHeader(serial: 5) }
        #expect(throws: expected) { try unsendable.serializedHeader(serial: 5, reusing: template) }
    }

    /// The received side: a parser that has just seen a message parses the next one exactly as a
    /// fresh parse does, whatever single byte of it (header or body) was changed.
    @Test func parsesEveryVariantOfTheLastHeaderLikeAFreshParse() throws {
        var parser = MessageParser()
        var compared = 0
        for message in try Self.messages() {
            let bytes = try message.serialized(serial: 40)
            for index in bytes.indices {
                for value in Set([0, 0xFF, bytes[index] ^ 1, bytes[index] &+ 1]) {
                    var changed = bytes
                    changed[index] = value
                    _ = try parser.parse(bytes: bytes)
                    let expected = MessageParserTests.outcome { try Message.parse(bytes: changed) }
                    #expect(MessageParserTests.outcome { try parser.parse(bytes: changed) } == expected, "byte \(index) set to \(value)")
                    compared += 1
                }
            }
            _ = try parser.parse(bytes: bytes)
            #expect(MessageParserTests.outcome { try parser.parse(bytes: bytes + [0]) }
                == MessageParserTests.outcome { try Message.parse(bytes: bytes + [0]) })
        }
        #expect(compared > 2000)
    }

    /// Replies that differ in serials and body come out with their own values.
    @Test func readsSerialsAndBodyOfEachRepeat() throws {
        var parser = MessageParser()
        var call = Message.methodCall(path: "/o", interface: "org.example.I", member: "Echo")
        for serial in UInt32(1)...50 {
            call.serial = serial
            let reply = Message.methodReturn(replyingTo: call, body: MessageBody(String(repeating: "x", count: Int(serial))))
            let bytes = try reply.serialized(serial: 1000 + serial)
            let parsed = try parser.parse(bytes: bytes)
            #expect(parsed.serial == 1000 + serial)
            #expect(parsed.replySerial == serial)
            #expect(try parsed.decodeBody(as: String.self).count == Int(serial))
            #expect(try parsed.serialized(serial: parsed.serial) == bytes)
        }
    }

    /// A repeated header that announces fds still needs them.
    @Test func repeatedHeadersStillNeedTheirFDs() throws {
        let fd = UnixFD(taking: open("/dev/null", O_RDONLY | O_CLOEXEC))
        let message = Message.signal(path: "/o", interface: "org.example.I", member: "Fd", body: MessageBody(fd))
        let bytes = try message.serialized(serial: 2)
        var parser = MessageParser()
        let first = try parser.parse(bytes: bytes, fds: [fd])
        #expect(first.fds.count == 1)
        #expect(throws: DBusWireError.missingUnixFDs(declared: 1, received: 0)) { try parser.parse(bytes: bytes) }
        let again = try parser.parse(bytes: bytes, fds: [fd, fd])
        #expect(again.fds == [fd])
    }
}
