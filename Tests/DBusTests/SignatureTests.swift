import Testing
import DBus

@Suite struct SignatureParsingTests {
    @Test func parsesATypeTree() throws {
        let text = "sa{sv}(ia(ay))h"
        let signature = try Signature(text)
        #expect(signature.types == [
            .string,
            .dictionary(key: .string, value: .variant),
            .structure([.int32, .array(.structure([.array(.byte)]))]),
            .unixFD,
        ])
        #expect(!signature.isSingleCompleteType)
        #expect(signature.rawValue == "sa{sv}(ia(ay))h")
        #expect(Signature(types: signature.types) == signature)
    }

    @Test func emptySignatureHasNoTypes() throws {
        let empty = ""
        #expect(try Signature(empty).types.isEmpty)
        #expect(Signature.empty.rawValue == "")
    }

    @Test(arguments: ["y", "b", "n", "q", "i", "u", "x", "t", "d", "s", "o", "g", "h", "v",
                      "ay", "a{sv}", "aa{s(ii)}", "(i)", "((i))", "a{ya{sv}}", "ah"])
    func roundTripsSingleCompleteTypes(_ text: String) throws {
        let type = try DBusType(text)
        #expect(type.signatureText == text)
        #expect(try Signature(text).isSingleCompleteType)
    }

    @Test func typePropertiesFollowTheMarshalingRules() {
        #expect(DBusType.byte.alignment == 1 && DBusType.byte.fixedSize == 1)
        #expect(DBusType.boolean.alignment == 4 && DBusType.boolean.fixedSize == 4)
        #expect(DBusType.int16.alignment == 2 && DBusType.uint16.fixedSize == 2)
        #expect(DBusType.double.alignment == 8 && DBusType.uint64.fixedSize == 8)
        #expect(DBusType.unixFD.fixedSize == 4 && DBusType.unixFD.isBasic)
        #expect(DBusType.string.alignment == 4 && DBusType.string.fixedSize == nil && DBusType.string.isBasic)
        #expect(DBusType.signature.alignment == 1 && DBusType.objectPath.alignment == 4)
        #expect(DBusType.variant.alignment == 1 && !DBusType.variant.isBasic)
        #expect(DBusType.array(.double).alignment == 4 && DBusType.array(.double).fixedSize == nil)
        #expect(DBusType.dictionary(key: .string, value: .variant).alignment == 4)
        #expect(DBusType.structure([.byte]).alignment == 8 && !DBusType.structure([.byte]).isBasic)
    }

    @Test func dBusTypeRequiresExactlyOneType() {
        #expect(throws: SignatureError(signature: "ii", reason: .notSingleCompleteType(count: 2), offset: 0)) {
            try DBusType("ii")
        }
        #expect(throws: SignatureError(signature: "", reason: .notSingleCompleteType(count: 0), offset: 0)) {
            try DBusType("")
        }
    }

    @Test func checkedInitRejectsInvalidTrees() throws {
        #expect(throws: SignatureError.self) { try Signature(checking: [.dictionary(key: .variant, value: .string)]) }
        #expect(throws: SignatureError.self) { try Signature(checking: [.structure([])]) }
        #expect(try Signature(checking: [.array(.string), .int32]).rawValue == "asi")
    }
}

@Suite struct SignatureRejectionTests {
    @Test(arguments: [
        ("a{vs}", SignatureError.Reason.dictKeyNotBasic("v"), 2),
        ("a{(i)s}", .dictKeyNotBasic("("), 2),
        ("a{ass}", .dictKeyNotBasic("a"), 2),
        ("{ss}", .dictEntryOutsideArray, 0),
        ("(i{ss})", .dictEntryOutsideArray, 2),
        ("a{s}", .dictEntryArity, 3),
        ("a{}", .dictEntryArity, 2),
        ("a{sss}", .dictEntryArity, 4),
        ("a{", .unbalancedBrace, 1),
        ("a{s", .unbalancedBrace, 1),
        ("a{si", .unbalancedBrace, 1),
        ("}", .unbalancedBrace, 0),
        ("(i}", .unbalancedBrace, 2),
        ("()", .emptyStruct, 1),
        ("(i", .unbalancedParen, 0),
        ("i)", .unbalancedParen, 1),
        ("a{s)", .unbalancedParen, 3),
        ("a", .missingArrayElementType, 0),
        ("aa", .missingArrayElementType, 1),
        ("(a)", .missingArrayElementType, 1),
        ("a{sa}", .missingArrayElementType, 3),
        ("z", .unknownTypeCode("z"), 0),
        ("ir", .unknownTypeCode("r"), 1),
        ("a{ym}", .unknownTypeCode("m"), 3),
        ("sé", .unknownTypeCode("é"), 1),
        (" ", .unknownTypeCode(" "), 0),
    ])
    func namesTheReasonAndTheCharacter(_ text: String, _ reason: SignatureError.Reason, _ offset: Int) {
        #expect(!Signature.isValid(text))
        #expect(throws: SignatureError(signature: text, reason: reason, offset: offset)) {
            try Signature(text)
        }
    }

    @Test func describesTheProblemForAPerson() {
        // Variables, not literals: `Signature("literal")` is literal coercion and traps.
        let dict = "a{vs}", open = "(i"
        let dictError = #expect(throws: SignatureError.self) { try Signature(dict) }
        #expect(dictError?.description == "signature 'a{vs}': dict entry key must be a basic type, found 'v' at character 3")
        let openError = #expect(throws: SignatureError.self) { try Signature(open) }
        #expect(openError?.description == "signature '(i': '(' at character 1 is never closed")
    }

    @Test func enforcesTheLengthLimit() {
        let limit = String(repeating: "i", count: 255)
        #expect(Signature.isValid(limit))
        #expect(throws: SignatureError(signature: limit + "i", reason: .tooLong(length: 256), offset: 255)) {
            try Signature(limit + "i")
        }
    }

    @Test func enforcesThe32ArrayLimit() {
        #expect(Signature.isValid(String(repeating: "a", count: 32) + "i"))
        let tooDeep = String(repeating: "a", count: 33) + "i"
        #expect(throws: SignatureError(signature: tooDeep, reason: .arrayNestingTooDeep, offset: 32)) {
            try Signature(tooDeep)
        }
    }

    @Test func enforcesThe32StructLimit() {
        let ok = String(repeating: "(", count: 32) + "i" + String(repeating: ")", count: 32)
        #expect(Signature.isValid(ok))
        let tooDeep = String(repeating: "(", count: 33) + "i" + String(repeating: ")", count: 33)
        #expect(throws: SignatureError(signature: tooDeep, reason: .structNestingTooDeep, offset: 32)) {
            try Signature(tooDeep)
        }
    }

    @Test func allows32ArraysAnd32StructsTogether() {
        let deepest = String(repeating: "a(", count: 32) + "i" + String(repeating: ")", count: 32)
        #expect(Signature.isValid(deepest))
        #expect(!Signature.isValid("a" + deepest))
    }

    @Test func countsRealNestingNotJustRunsOfArrayCodes() {
        // 33 arrays, each separated by a basic field: still 33 levels deep.
        let interleaved = String(repeating: "a(i", count: 33) + "i" + String(repeating: ")", count: 33)
        #expect(!Signature.isValid(interleaved))
    }

    @Test func validatesRawBytes() {
        let good = Array("a{sv}".utf8), single = Array("(ii)".utf8), two = Array("ii".utf8)
        #expect(good.withUnsafeBytes { Signature.isValid($0) })
        #expect(single.withUnsafeBytes { Signature.isValidSingleCompleteType($0) })
        #expect(!two.withUnsafeBytes { Signature.isValidSingleCompleteType($0) })
        #expect(![UInt8(ascii: "i"), 0].withUnsafeBytes { Signature.isValid($0) })
    }
}
