import Testing
import DBus

@Suite struct MessageTests {
    static func call() -> Message {
        var call = Message.methodCall(destination: "org.example.S", path: "/o", interface: "org.example.I", member: "M")
        call.serial = 12
        call.sender = ":1.3"
        return call
    }

    @Test func methodReturnAddressesTheCaller() {
        let reply = Message.methodReturn(replyingTo: Self.call(), body: MessageBody(Int32(1)))
        #expect(reply.type == .methodReturn)
        #expect(reply.replySerial == 12)
        #expect(reply.destination == ":1.3")
        #expect(reply.signature == "i")
        #expect(reply.flags.contains(.noReplyExpected))
    }

    @Test func errorReplyCarriesNameAndText() throws {
        let reply = Message.error(.unknownMethod("no such method"), replyingTo: Self.call())
        #expect(reply.errorName == .unknownMethod)
        #expect(reply.signature == "s")
        #expect(reply.dbusError == DBusError(name: "org.freedesktop.DBus.Error.UnknownMethod", message: "no such method"))
        let bare = Message.error(name: .failed, message: nil, replyingTo: Self.call())
        #expect(bare.body.isEmpty)
        #expect(bare.dbusError?.message == "")
        #expect(Self.call().dbusError == nil)
    }

    @Test func signalIsBroadcastUnlessAddressed() throws {
        let signal = Message.signal(path: "/o", interface: "org.example.I", member: "Changed", body: MessageBody("x"))
        #expect(signal.destination == nil)
        let parsed = try Message.parse(bytes: try signal.serialized(serial: 3))
        #expect(parsed.type == .signal && parsed.interface == "org.example.I" && parsed.member == "Changed")
        #expect(try parsed.decodeBody(as: String.self) == "x")
    }

    @Test func flagsSurviveTheWire() throws {
        let call = Message.methodCall(path: "/", member: "M", flags: [.noReplyExpected, .noAutoStart, .allowInteractiveAuthorization])
        let parsed = try Message.parse(bytes: try call.serialized(serial: 1))
        #expect(parsed.flags == [.noReplyExpected, .noAutoStart, .allowInteractiveAuthorization])
    }

    @Test func bodyDecoderReadsArgumentsOneByOne() throws {
        let message = Message.methodCall(path: "/", member: "M", body: MessageBody(UInt8(1), "two", [3.0]))
        var decoder = message.bodyDecoder()
        #expect(try decoder.decode(UInt8.self) == 1)
        #expect(try decoder.decode(String.self) == "two")
        #expect(try decoder.decode([Double].self) == [3.0])
        #expect(decoder.isAtEnd)
        try decoder.finish()
    }

    @Test func bigEndianMessagesForwardUnchanged() throws {
        var body = MessageBody(endianness: .big)
        body.append(UInt32(0x0102_0304))
        var message = Message.methodCall(path: "/", member: "M")
        message.setBody(body)
        let bytes = try message.serialized(serial: 1)
        #expect(bytes[0] == UInt8(ascii: "B"))
        #expect(bytes.suffix(4) == [1, 2, 3, 4])
        let parsed = try Message.parse(bytes: bytes)
        #expect(parsed.bodyEndianness == .big)
        #expect(try parsed.decodeBody(as: UInt32.self) == 0x0102_0304)
        #expect(try parsed.serialized(serial: 1) == bytes)
    }

    @Test func encoderReportsArraysOverTheLimit() throws {
        var body = MessageBody()
        body.append([UInt8](repeating: 1, count: DBusSpec.maximumArrayLength + 1))
        let message = Message.methodCall(path: "/", member: "M", body: body)
        #expect(throws: DBusWireError.arrayTooLong(offset: 0, length: DBusSpec.maximumArrayLength + 1, limit: DBusSpec.maximumArrayLength)) {
            try message.serialized(serial: 1)
        }
    }

    @Test func encoderReportsVariantSignaturesOverTheLimit() {
        let wide = Variant(Variant.Value.structure(Array(repeating: .byte(0), count: 300)))
        let message = Message.methodCall(path: "/", member: "M", body: MessageBody(wide))
        #expect {
            try message.serialized(serial: 1)
        } throws: { error in
            guard case .invalidSignature(0, _, _) = error as? DBusWireError else { return false }
            return true
        }
    }

    @Test func messageDescribesItselfOnOneLine() {
        #expect(Self.call().description
            == "method call #12 path=/o interface=org.example.I member=M destination=org.example.S sender=:1.3 signature='' body=0 bytes")
    }

    @Test func errorsDescribeThemselvesForPeople() {
        #expect(DBusWireError.invalidBoolean(offset: 8, value: 2).description == "boolean at byte 8 is 2; only 0 and 1 are valid")
        #expect(DBusWireError.missingHeaderField(field: "PATH", messageType: "signal").description == "signal message lacks the required PATH header field")
        #expect(DBusError.invalidArgs("bad").description == "org.freedesktop.DBus.Error.InvalidArgs: bad")
    }
}
