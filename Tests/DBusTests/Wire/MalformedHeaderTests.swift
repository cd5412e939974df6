import Testing
import DBus

/// Header validation: fixed header bytes, header fields and the fields each message type needs.
@Suite struct MalformedHeaderTests {
    /// A message with exactly `fields` (code, value) in its header, written by hand.
    static func raw(type: UInt8 = 1, flags: UInt8 = 0, version: UInt8 = 1, serial: UInt32 = 1,
                    fields: [(UInt8, Variant)], body: [UInt8] = []) -> [UInt8] {
        var encoder = DBusEncoder(endianness: .little)
        encoder.write(Endianness.little.rawValue)
        encoder.write(type)
        encoder.write(flags)
        encoder.write(version)
        encoder.write(UInt32(body.count))
        encoder.write(serial)
        encoder.encodeArray(elementAlignment: 8) { encoder in
            for (code, value) in fields {
                encoder.encodeStruct { encoder in
                    encoder.write(code)
                    encoder.encode(value)
                }
            }
        }
        encoder.align(to: 8)
        body.withUnsafeBytes { encoder.writeBytes($0) }
        return encoder.bytes
    }

    static let callFields: [(UInt8, Variant)] = [(1, Variant(ObjectPath("/a"))), (3, Variant("M"))]

    @Test func acceptsTheHandWrittenBaseline() throws {
        let message = try Message.parse(bytes: Self.raw(fields: Self.callFields))
        #expect(message.path == "/a" && message.member == "M")
    }

    @Test func rejectsUnknownEndiannessMarker() {
        var bytes = Self.raw(fields: Self.callFields)
        bytes[0] = UInt8(ascii: "x")
        #expect(throws: DBusWireError.invalidEndianness(byte: UInt8(ascii: "x"))) { try Message.parse(bytes: bytes) }
    }

    @Test func rejectsOtherProtocolVersions() {
        #expect(throws: DBusWireError.unsupportedProtocolVersion(2)) {
            try Message.parse(bytes: Self.raw(version: 2, fields: Self.callFields))
        }
    }

    @Test(arguments: [UInt8(0), 5, 255])
    func rejectsUnknownMessageTypes(type: UInt8) {
        #expect(throws: DBusWireError.unknownMessageType(type)) { try Message.parse(bytes: Self.raw(type: type, fields: Self.callFields)) }
    }

    @Test func rejectsSerialZero() {
        #expect(throws: DBusWireError.zeroSerial) { try Message.parse(bytes: Self.raw(serial: 0, fields: Self.callFields)) }
    }

    @Test func rejectsDuplicateHeaderFields() {
        #expect(throws: DBusWireError.duplicateHeaderField(code: 3)) {
            try Message.parse(bytes: Self.raw(fields: Self.callFields + [(3, Variant("N"))]))
        }
    }

    @Test func ignoresUnknownHeaderFields() throws {
        let message = try Message.parse(bytes: Self.raw(fields: Self.callFields + [(200, Variant([Int32(1), 2]))]))
        #expect(message.member == "M")
    }

    @Test(arguments: [
        (UInt8(1), Variant("/a"), "PATH", "o", "s"),
        (2, Variant(ObjectPath("/a")), "INTERFACE", "s", "o"),
        (5, Variant(Int32(1)), "REPLY_SERIAL", "u", "i"),
        (8, Variant("s"), "SIGNATURE", "g", "s"),
        (9, Variant(UInt64(1)), "UNIX_FDS", "u", "t"),
    ])
    func rejectsHeaderFieldsOfTheWrongType(code: UInt8, value: Variant, field: String, expected: String, actual: String) {
        #expect(throws: DBusWireError.headerFieldTypeMismatch(field: field, expected: expected, actual: actual)) {
            try Message.parse(bytes: Self.raw(fields: Self.callFields.filter { $0.0 != code } + [(code, value)]))
        }
    }

    @Test(arguments: [
        (UInt8(2), "org..example", "INTERFACE"),
        (2, "noDots", "INTERFACE"),
        (3, "9Member", "MEMBER"),
        (6, "org.example.", "DESTINATION"),
        (7, ":", "SENDER"),
    ])
    func rejectsInvalidNamesInHeaderFields(code: UInt8, name: String, field: String) {
        #expect {
            try Message.parse(bytes: Self.raw(fields: Self.callFields.filter { $0.0 != code } + [(code, Variant(name))]))
        } throws: { error in
            guard case .invalidHeaderField(field, name, _) = error as? DBusWireError else { return false }
            return true
        }
    }

    @Test(arguments: [
        (UInt8(1), [(UInt8(3), Variant("M"))], "PATH", "method call"),
        (1, [(1, Variant(ObjectPath("/")))], "MEMBER", "method call"),
        (2, [], "REPLY_SERIAL", "method return"),
        (3, [(5, Variant(UInt32(1)))], "ERROR_NAME", "error"),
        (3, [(4, Variant("a.b"))], "REPLY_SERIAL", "error"),
        (4, [(1, Variant(ObjectPath("/"))), (3, Variant("S"))], "INTERFACE", "signal"),
    ] as [(UInt8, [(UInt8, Variant)], String, String)])
    func rejectsMessagesMissingRequiredFields(type: UInt8, fields: [(UInt8, Variant)], missing: String, typeName: String) {
        #expect(throws: DBusWireError.missingHeaderField(field: missing, messageType: typeName)) {
            try Message.parse(bytes: Self.raw(type: type, fields: fields))
        }
    }

    @Test func rejectsNonZeroPaddingAfterTheHeader() {
        // PATH takes bytes 16..<27, MEMBER 32..<42; six padding bytes follow up to 48.
        var bytes = Self.raw(fields: Self.callFields)
        #expect(bytes.count == 48)
        bytes[47] = 1
        #expect(throws: DBusWireError.nonZeroPadding(offset: 47)) { try Message.parse(bytes: bytes) }
    }

    @Test func requiredLengthComesFromTheFirstSixteenBytes() throws {
        let bytes = Self.raw(fields: Self.callFields, body: [])
        #expect(try Message.requiredLength(fromPrefix: Array(bytes.prefix(16))) == bytes.count)
        #expect(throws: DBusWireError.truncated(offset: 0, needed: 16, available: 15)) {
            try Message.requiredLength(fromPrefix: Array(bytes.prefix(15)))
        }
    }

    @Test func rejectsMessagesOverOneHundredTwentyEightMiBFromTheirPrefix() {
        var prefix = Self.raw(fields: Self.callFields).prefix(16).map { $0 }
        let bodyLength = UInt32(DBusSpec.maximumMessageLength)  // plus the header: over the limit
        withUnsafeBytes(of: bodyLength.littleEndian) { prefix.replaceSubrange(4..<8, with: $0) }
        #expect(throws: DBusWireError.messageTooLong(length: 48 + DBusSpec.maximumMessageLength, limit: DBusSpec.maximumMessageLength)) {
            try Message.requiredLength(fromPrefix: prefix)
        }
        withUnsafeBytes(of: UInt32.max.littleEndian) { prefix.replaceSubrange(12..<16, with: $0) }
        #expect(throws: DBusWireError.arrayTooLong(offset: 12, length: Int(UInt32.max), limit: DBusSpec.maximumArrayLength)) {
            try Message.requiredLength(fromPrefix: prefix)
        }
    }

    @Test func rejectsIncompleteAndOverlongInput() {
        let bytes = Self.raw(fields: Self.callFields)
        #expect(throws: DBusWireError.truncated(offset: 0, needed: 48, available: 40)) { try Message.parse(bytes: Array(bytes.prefix(40))) }
        #expect(throws: DBusWireError.trailingBytes(offset: 48, count: 1)) { try Message.parse(bytes: bytes + [0]) }
    }

    @Test func refusesToSerializeInvalidMessages() {
        var message = Message(type: .signal)
        message.path = "/"
        message.member = "S"
        #expect(throws: DBusWireError.missingHeaderField(field: "INTERFACE", messageType: "signal")) { try message.serialized(serial: 1) }
        message.interface = "a.b"
        #expect(throws: DBusWireError.zeroSerial) { try message.serialized(serial: 0) }
        message.setBody(MessageBody("nul\0inside"))
        #expect(throws: DBusWireError.nulInString(offset: 7)) { try message.serialized(serial: 1) }
    }
}
