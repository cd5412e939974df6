import Testing
import DBus

/// Every validation rule for untrusted wire data, each with a message or body that breaks it.
/// Bodies are checked twice: by `Message.parse` (which validates the body against its signature)
/// and by the typed decoder.
@Suite struct MalformedInputTests {
    /// A little-endian method call carrying `body` under `signature`, serialized without checks.
    static func message(signature: Signature, body: [UInt8], fds: Int = 0) throws -> [UInt8] {
        var message = Message.methodCall(path: "/", member: "M")
        message.signature = signature
        message.body = body
        message.bodyEndianness = .little
        if fds > 0 { message.fds = try TestFDs.make(count: fds) }
        return try message.serialized(serial: 1)
    }

    /// Expects `Message.parse` to reject `body` with `error`.
    static func expectParse(_ signature: Signature, _ body: [UInt8], fails error: DBusWireError, fds: Int = 0,
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        let bytes = try message(signature: signature, body: body, fds: fds)
        let received = try TestFDs.make(count: fds)
        #expect(throws: error, sourceLocation: sourceLocation) { try Message.parse(bytes: bytes, fds: received) }
    }

    /// Expects decoding `bytes` as `T` to fail with `error`.
    static func expectDecode<T: DBusDecodable>(_ type: T.Type, _ bytes: [UInt8], fails error: DBusWireError, fds: [UnixFD] = [],
                                               sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: error, sourceLocation: sourceLocation) {
            var decoder = DBusDecoder(bytes: bytes, endianness: .little, fds: fds)
            _ = try decoder.decode(T.self)
            try decoder.finish()
        }
    }

    static func le32(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }
    static func string(_ utf8: [UInt8]) -> [UInt8] { le32(UInt32(utf8.count)) + utf8 + [0] }

    // MARK: Basic values

    @Test func rejectsBooleanOtherThanZeroOrOne() throws {
        try Self.expectParse("b", Self.le32(2), fails: .invalidBoolean(offset: 0, value: 2))
        Self.expectDecode(Bool.self, Self.le32(0x100), fails: .invalidBoolean(offset: 0, value: 0x100))
        Self.expectDecode([Bool].self, Self.le32(8) + Self.le32(1) + Self.le32(7), fails: .invalidBoolean(offset: 8, value: 7))
    }

    @Test(arguments: [
        ([0xC0, 0x80] as [UInt8], 0),          // overlong NUL
        ([0x61, 0xED, 0xA0, 0x80], 1),         // UTF-16 surrogate
        ([0x61, 0x62, 0xF5, 0x80, 0x80, 0x80], 2),  // above U+10FFFF
        ([0xE2, 0x82], 0),                     // truncated sequence
        ([0x80], 0),                           // lone continuation byte
        (Array("abcdefghijklmn".utf8) + [0xFF], 14),  // after the ASCII fast path
    ])
    func rejectsInvalidUTF8(bytes: [UInt8], at index: Int) throws {
        try Self.expectParse("s", Self.string(bytes), fails: .invalidUTF8(offset: 4 + index))
        Self.expectDecode(String.self, Self.string(bytes), fails: .invalidUTF8(offset: 4 + index))
    }

    @Test func rejectsNulInsideString() throws {
        try Self.expectParse("s", Self.string(Array("ab\0cd".utf8)), fails: .nulInString(offset: 6))
        Self.expectDecode(String.self, Self.string(Array("abcdefghij\0".utf8)), fails: .nulInString(offset: 14))
    }

    @Test func rejectsStringWithoutTerminator() throws {
        try Self.expectParse("s", Self.le32(2) + Array("abc".utf8) + [0, 0, 0], fails: .missingNulTerminator(offset: 6))
        Self.expectDecode(Signature.self, [1, UInt8(ascii: "i"), UInt8(ascii: "i")], fails: .missingNulTerminator(offset: 2))
    }

    @Test func rejectsHugeStringLengthWithoutAllocating() throws {
        try Self.expectParse("s", Self.le32(0xFFFF_FFFF) + [0, 0, 0, 0], fails: .truncated(offset: 4, needed: 0x1_0000_0000, available: 4))
    }

    @Test(arguments: ["", "a", "//", "/a/", "/a//b", "/a-b", "/ä"])
    func rejectsInvalidObjectPath(path: String) throws {
        try Self.expectParse("o", Self.string(Array(path.utf8)), fails: .invalidObjectPath(offset: 0, path: path))
        Self.expectDecode(ObjectPath.self, Self.string(Array(path.utf8)), fails: .invalidObjectPath(offset: 0, path: path))
    }

    @Test(arguments: ["a{vs}", "(", "z", "a", "()", "{ss}", String(repeating: "a", count: 33) + "y"])
    func rejectsInvalidSignature(text: String) throws {
        let bytes = [UInt8(text.utf8.count)] + Array(text.utf8) + [0]
        let bytesBody = try Self.message(signature: "g", body: bytes)
        #expect {
            try Message.parse(bytes: bytesBody)
        } throws: { error in
            guard case .invalidSignature(0, text, _) = error as? DBusWireError else { return false }
            return true
        }
        #expect {
            var decoder = DBusDecoder(bytes: bytes, endianness: .little)
            _ = try decoder.decode(Signature.self)
        } throws: { error in
            guard case .invalidSignature(0, text, _) = error as? DBusWireError else { return false }
            return true
        }
    }

    @Test func rejectsNonASCIISignatureBytes() {
        #expect {
            var decoder = DBusDecoder(bytes: [1, 0xC3, 0], endianness: .little)
            _ = try decoder.decode(Signature.self)
        } throws: { error in
            guard case .invalidSignature(0, _, _) = error as? DBusWireError else { return false }
            return true
        }
    }

    @Test func acceptsSignatureOfMaximumLength() throws {
        let text = String(repeating: "i", count: 255)
        var decoder = DBusDecoder(bytes: [255] + Array(text.utf8) + [0])
        #expect(try decoder.decode(Signature.self).rawValue == text)
    }

    // MARK: Padding and lengths

    @Test func rejectsNonZeroPadding() throws {
        // 'y' then 'u': three padding bytes, the second non-zero.
        try Self.expectParse("yu", [7, 0, 1, 0] + Self.le32(5), fails: .nonZeroPadding(offset: 2))
        // Padding after an array length before 8-aligned elements.
        try Self.expectParse("at", Self.le32(0) + [0, 0, 9, 0], fails: .nonZeroPadding(offset: 6))
        // Struct padding.
        Self.expectDecode([Point].self, Self.le32(12) + [0, 0, 0, 1] + Self.le32(1) + Self.le32(2) + Self.le32(3), fails: .nonZeroPadding(offset: 7))
    }

    /// Arrays of structs of fixed-size numbers are validated by checking their padding bytes;
    /// anything wrong falls back to the field-by-field walk, which names the problem.
    @Test func validatesArraysOfFixedLayoutStructsByTheirPadding() throws {
        // a(yi): y at 0, three padding bytes, i at 4; stride 8. Two elements after 4 padding bytes.
        let element: [UInt8] = [7, 0, 0, 0] + Self.le32(9)
        let good = Self.le32(16) + [0, 0, 0, 0] + element + element
        let parsed = try Message.parse(bytes: try Self.message(signature: "a(yi)", body: good))
        #expect(parsed.bodyLength == good.count)
        // A padding byte inside the second element.
        var inside = good
        inside[8 + 8 + 2] = 1
        try Self.expectParse("a(yi)", inside, fails: .nonZeroPadding(offset: 18))
        // a(iiu): 12 bytes, then 4 padding bytes before the next element.
        let triple = Self.le32(1) + Self.le32(2) + Self.le32(3)
        var between = Self.le32(28) + [0, 0, 0, 0] + triple + [0, 0, 0, 0] + triple
        _ = try Message.parse(bytes: try Self.message(signature: "a(iiu)", body: between))
        between[8 + 13] = 5
        try Self.expectParse("a(iiu)", between, fails: .nonZeroPadding(offset: 21))
        // A length that ends inside an element.
        try Self.expectParse("a(iiu)", Self.le32(8) + [0, 0, 0, 0] + triple, fails: .truncated(offset: 16, needed: 4, available: 0))
        // Empty, and nested one level deeper.
        _ = try Message.parse(bytes: try Self.message(signature: "a(iiu)", body: Self.le32(0) + [0, 0, 0, 0]))
        _ = try Message.parse(bytes: try Self.message(signature: "aa(td)", body: Self.le32(20) + Self.le32(16) + Self.le32(1) + [0, 0, 0, 0] + [UInt8](repeating: 0, count: 8)))
    }

    @Test func rejectsArrayOverSixtyFourMiB() throws {
        let limit = DBusSpec.maximumArrayLength
        try Self.expectParse("ay", Self.le32(UInt32(limit + 1)), fails: .arrayTooLong(offset: 0, length: limit + 1, limit: limit))
        Self.expectDecode([UInt8].self, Self.le32(UInt32(limit + 1)), fails: .arrayTooLong(offset: 0, length: limit + 1, limit: limit))
        Self.expectDecode([String].self, Self.le32(UInt32(limit + 1)), fails: .arrayTooLong(offset: 0, length: limit + 1, limit: limit))
    }

    @Test func rejectsArrayLongerThanTheData() throws {
        try Self.expectParse("ai", Self.le32(8) + Self.le32(1), fails: .arrayTooLong(offset: 0, length: 8, limit: 4))
        Self.expectDecode([String].self, Self.le32(100) + Self.string([0x61]), fails: .arrayTooLong(offset: 0, length: 100, limit: 6))
    }

    @Test func rejectsArrayLengthThatSplitsAnElement() throws {
        try Self.expectParse("au", Self.le32(6) + Self.le32(1) + [0, 0], fails: .arrayLengthMismatch(offset: 0, declared: 6, consumed: 4))
        // A string element running past the declared end.
        Self.expectDecode([String].self, Self.le32(5) + Self.string([0x61, 0x62]), fails: .truncated(offset: 8, needed: 3, available: 1))
    }

    @Test func rejectsTruncatedValues() throws {
        try Self.expectParse("t", [1, 2, 3], fails: .truncated(offset: 0, needed: 8, available: 3))
        Self.expectDecode(Int16.self, [1], fails: .truncated(offset: 0, needed: 2, available: 1))
        Self.expectDecode(Variant.self, [1, UInt8(ascii: "u"), 0], fails: .truncated(offset: 3, needed: 1, available: 0))
    }

    // MARK: Variants and nesting

    @Test func rejectsVariantSignatureThatIsNotOneType() throws {
        let twoTypes: [UInt8] = [2, UInt8(ascii: "i"), UInt8(ascii: "i"), 0] + Self.le32(1) + Self.le32(2)
        try Self.expectParse("v", twoTypes, fails: .variantSignatureNotSingleType(offset: 0, signature: "ii"))
        Self.expectDecode(Variant.self, [0, 0], fails: .variantSignatureNotSingleType(offset: 0, signature: ""))
    }

    @Test func rejectsVariantsNestedBeyondTheLimit() throws {
        // 65 variants, each holding the next, the last a byte: more than the 64 levels allowed.
        var bytes: [UInt8] = []
        for _ in 0..<64 { bytes += [1, UInt8(ascii: "v"), 0] }
        bytes += [1, UInt8(ascii: "y"), 0, 42]
        try Self.expectParse("v", bytes, fails: .nestingTooDeep(offset: 3 * 65, limit: 64))
        Self.expectDecode(Variant.self, bytes, fails: .nestingTooDeep(offset: 3 * 65, limit: 64))

        // 64 are fine.
        var decoder = DBusDecoder(bytes: Array(bytes.dropFirst(3)))
        var value = try decoder.decode(Variant.self)
        for _ in 0..<63 { value = try #require(value.get(as: Variant.self)) }
        #expect(value.get(as: UInt8.self) == 42)
    }

    /// `depth` arrays nested around `innermost`, one element each.
    static func nestedArrays(_ depth: Int, around innermost: Variant.Value) -> Variant.Value {
        var value = innermost
        for _ in 0..<depth { value = .array(elementType: value.dbusType, elements: [value]) }
        return value
    }

    /// `count` one-element arrays around `element`, written by hand: the encoder refuses to
    /// nest too deep, and these bytes are what a hostile peer would send. Each array's element
    /// is an array (4-aligned) or, innermost, a value of alignment at most 4 that was encoded on
    /// its own; `count` is even, so it starts 8-aligned here too and its padding is unchanged.
    static func wrapInArrays(_ count: Int, _ element: [UInt8]) -> [UInt8] {
        precondition(count % 2 == 0)
        var bytes: [UInt8] = []
        for level in 0..<count { bytes += le32(UInt32(4 * (count - level - 1) + element.count)) }
        return bytes + element
    }

    @Test func rejectsArraysNestedBeyondThirtyTwoAcrossVariants() throws {
        // 20 arrays around a variant holding 13 more: each signature is valid alone, together
        // they nest 33 arrays.
        let tooDeep = Self.nestedArrays(20, around: .variant(Variant(Self.nestedArrays(13, around: .byte(1)))))
        var variant = DBusEncoder(endianness: .little)
        variant.encode(value: .variant(Variant(Self.nestedArrays(13, around: .byte(1)))))
        let bytes = Self.wrapInArrays(20, variant.bytes)
        let signature = Signature(types: [tooDeep.dbusType])
        #expect {
            try Message.parse(bytes: try Self.message(signature: signature, body: bytes))
        } throws: { error in
            guard case .nestingTooDeep(_, 32) = error as? DBusWireError else { return false }
            return true
        }
        #expect {
            var decoder = DBusDecoder(bytes: bytes, endianness: .little)
            _ = try decoder.decodeValue(of: tooDeep.dbusType)
        } throws: { error in
            guard case .nestingTooDeep(_, 32) = error as? DBusWireError else { return false }
            return true
        }

        // The encoder will not write it: it reports the depth instead of sending what every
        // peer rejects.
        var encoder = DBusEncoder(endianness: .little)
        encoder.encode(value: tooDeep)
        guard case .nestingTooDeep(_, 32) = encoder.problem else {
            Issue.record("encoder problem: \(String(describing: encoder.problem))")
            return
        }

        // 32 in total is fine, written by the encoder or by hand.
        let deepest = Self.nestedArrays(20, around: .variant(Variant(Self.nestedArrays(12, around: .byte(1)))))
        var ok = DBusEncoder(endianness: .little)
        ok.encode(value: deepest)
        #expect(ok.problem == nil)
        var inner = DBusEncoder(endianness: .little)
        inner.encode(value: .variant(Variant(Self.nestedArrays(12, around: .byte(1)))))
        #expect(Self.wrapInArrays(20, inner.bytes) == ok.bytes)
        var decoder = DBusDecoder(bytes: ok.bytes, endianness: .little)
        #expect(try decoder.decodeValue(of: deepest.dbusType) == deepest)
    }

    @Test func rejectsStructsNestedBeyondThirtyTwoAcrossVariants() throws {
        var inner: Variant.Value = .byte(1)
        for _ in 0..<13 { inner = .structure([inner]) }
        var value: Variant.Value = .variant(Variant(inner))
        for _ in 0..<20 { value = .structure([value]) }
        // A struct adds no bytes around a first field that starts 8-aligned: the 20 outer
        // structs' bytes are the variant's own.
        var variant = DBusEncoder()
        variant.encode(value: .variant(Variant(inner)))
        #expect(variant.problem == nil)
        #expect {
            var decoder = DBusDecoder(bytes: variant.bytes)
            _ = try decoder.decodeValue(of: value.dbusType)
        } throws: { error in
            guard case .nestingTooDeep(_, 32) = error as? DBusWireError else { return false }
            return true
        }
        var encoder = DBusEncoder()
        encoder.encode(value: value)
        guard case .nestingTooDeep(_, 32) = encoder.problem else {
            Issue.record("encoder problem: \(String(describing: encoder.problem))")
            return
        }
    }

    @Test func encoderRefusesVariantsNestedBeyondTheLimitWithoutRecursingThroughThem() {
        // 1,000 variants deep: the encoder stops at level 65 instead of writing them all.
        var value = Variant(UInt8(1))
        for _ in 0..<1_000 { value = Variant(value) }
        var encoder = DBusEncoder()
        encoder.encode(value)
        #expect(encoder.problem == .nestingTooDeep(offset: 3 * 64, limit: 64))
        #expect(encoder.count == 3 * 64)
        let body = MessageBody(value)
        #expect(throws: DBusWireError.nestingTooDeep(offset: 3 * 64, limit: 64)) {
            try Message.methodCall(path: "/", member: "M", body: body).serialized(serial: 1)
        }
    }

    @Test func encoderRefusesAVariantWhoseTypeBreaksTheSignatureRules() {
        // An empty array whose element type nests 33 arrays: no value goes deep, the signature does.
        var element: DBusType = .byte
        for _ in 0..<33 { element = .array(element) }
        var encoder = DBusEncoder()
        encoder.encode(Variant(.array(elementType: element, elements: [])))
        guard case .invalidSignature(0, let signature, let reason) = encoder.problem else {
            Issue.record("encoder problem: \(String(describing: encoder.problem))")
            return
        }
        #expect(signature == String(repeating: "a", count: 34) + "y")
        #expect(reason == "more than 32 nested arrays at character 33")
    }

    @Test func acceptsContainersNestedExactlyToTheLimits() throws {
        // 32 arrays and 32 structs in one signature, inside a variant: 65 levels in all is too
        // many, so check each limit on its own.
        var structs: Variant.Value = .byte(7)
        for _ in 0..<32 { structs = .structure([structs]) }
        let arrays = Self.nestedArrays(32, around: .int32(-1))
        for value in [structs, arrays] {
            var encoder = DBusEncoder(endianness: .big)
            encoder.encode(value: value)
            let signature = Signature(types: [value.dbusType])
            #expect(signature.rawValue.count == 65 || signature.rawValue.count == 33)
            var decoder = DBusDecoder(bytes: encoder.bytes, endianness: .big)
            #expect(try decoder.decodeValue(of: value.dbusType) == value)
            var message = Message.methodCall(path: "/", member: "M")
            message.signature = signature
            message.body = encoder.bytes
            message.bodyEndianness = .big
            #expect(try Message.parse(bytes: try message.serialized(serial: 1)).signature == signature)
        }
    }

    // MARK: Unix fds

    @Test func rejectsFDIndexBeyondTheFDsReceived() throws {
        try Self.expectParse("h", Self.le32(1), fails: .unixFDIndexOutOfRange(offset: 0, index: 1, received: 1), fds: 1)
        try Self.expectParse("h", Self.le32(0), fails: .unixFDIndexOutOfRange(offset: 0, index: 0, received: 0))
        Self.expectDecode(UnixFD.self, Self.le32(3), fails: .unixFDIndexOutOfRange(offset: 0, index: 3, received: 2), fds: try TestFDs.make(count: 2))
    }

    @Test func rejectsFewerFDsThanAnnounced() throws {
        let bytes = try Self.message(signature: "h", body: Self.le32(0), fds: 2)
        let one = try TestFDs.make(count: 1)
        #expect(throws: DBusWireError.missingUnixFDs(declared: 2, received: 1)) { try Message.parse(bytes: bytes, fds: one) }
    }

    // MARK: Body against signature

    @Test func rejectsBodyLongerThanItsSignature() throws {
        try Self.expectParse("y", [1, 0, 0, 0], fails: .trailingBytes(offset: 1, count: 3))
        try Self.expectParse("", [1], fails: .trailingBytes(offset: 0, count: 1))
    }

    @Test func rejectsBodyShorterThanItsSignature() throws {
        try Self.expectParse("uu", Self.le32(1), fails: .truncated(offset: 4, needed: 4, available: 0))
    }

    @Test func rejectsDecodingAsOtherTypesThanTheSignature() throws {
        let message = try Message.parse(bytes: try Self.message(signature: "su", body: Self.string([0x61]) + [0, 0] + Self.le32(1)))
        #expect(throws: DBusWireError.bodySignatureMismatch(expected: "si", actual: "su")) {
            try message.decodeBody(as: String.self, Int32.self)
        }
        let (text, number) = try message.decodeBody(as: String.self, UInt32.self)
        #expect(text == "a" && number == 1)
    }
}

/// A conformance whose reader consumes nothing: arrays of it must fail, not spin.
struct ReadsNothing: DBusDecodable {
    static var dbusType: DBusType { .byte }
    init(from decoder: inout DBusDecoder) throws(DBusWireError) {}
}

@Suite struct ArrayProgressTests {
    @Test func arrayOfAReaderThatConsumesNothingFails() {
        #expect(throws: DBusWireError.arrayLengthMismatch(offset: 4, declared: 2, consumed: 0)) {
            var decoder = DBusDecoder(bytes: [2, 0, 0, 0, 1, 1], endianness: .little)
            _ = try decoder.decode([ReadsNothing].self)
        }
    }
}
