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

    /// One to four values go through the fixed-arity forms, five through the variadic one; both
    /// must encode the same bytes and decode, or refuse, alike.
    @Test func fixedArityAndVariadicFormsAgree() throws {
        let values = (UInt8(7), "text", [Int32(1), -2], ["k": Variant(UInt32(3))], 2.5)
        let five = MessageBody(values.0, values.1, values.2, values.3, values.4)
        var appended = MessageBody()
        appended.append(values.0)
        appended.append(values.1)
        appended.append(values.2)
        appended.append(values.3)
        appended.append(values.4)
        #expect(five.encoder.bytes == appended.encoder.bytes && five.signature == appended.signature)
        #expect(MessageBody(values.0, values.1).encoder.bytes == Array(five.encoder.bytes.prefix(MessageBody(values.0, values.1).encoder.count)))

        func message(_ body: MessageBody) throws -> Message {
            try Message.parse(bytes: try Message.methodCall(path: "/", member: "M", body: body).serialized(serial: 1))
        }
        let one = try message(MessageBody(values.2)).decodeBody(as: [Int32].self)
        #expect(one == values.2)
        let two = try message(MessageBody(values.0, values.1)).decodeBody(as: UInt8.self, String.self)
        #expect(two == (values.0, values.1))
        let three = try message(MessageBody(values.0, values.1, values.2)).decodeBody(as: UInt8.self, String.self, [Int32].self)
        #expect(three.2 == values.2)
        let four = try message(MessageBody(values.0, values.1, values.2, values.3)).decodeBody(as: UInt8.self, String.self, [Int32].self, [String: Variant].self)
        #expect(four.3 == values.3)
        let decodedFive = try message(five).decodeBody(as: UInt8.self, String.self, [Int32].self, [String: Variant].self, Double.self)
        #expect(decodedFive.4 == values.4)
        #expect(throws: DBusWireError.bodySignatureMismatch(expected: "ys", actual: "ysai")) {
            try message(MessageBody(values.0, values.1, values.2)).decodeBody(as: UInt8.self, String.self)
        }
        #expect(throws: DBusWireError.bodySignatureMismatch(expected: "u", actual: "")) { try message(MessageBody()).decodeBody(as: UInt32.self) }
        // No types: the body must be empty.
        try message(MessageBody()).decodeBody()
        #expect(throws: DBusWireError.bodySignatureMismatch(expected: "", actual: "y")) { try message(MessageBody(values.0)).decodeBody() }
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
