/// Why a string is not a valid D-Bus signature, and where (D-Bus specification, "Valid Signatures").
public struct SignatureError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Hashable, Sendable {
        /// Longer than ``DBusSpec/maximumSignatureLength`` (255) bytes.
        case tooLong(length: Int)
        /// Not a type code; includes the reserved codes `r`, `e`, `m`, `*`, `?`, `@`, `&`, `^`.
        case unknownTypeCode(Character)
        /// More than 32 nested arrays.
        case arrayNestingTooDeep
        /// More than 32 nested structs.
        case structNestingTooDeep
        /// `()`: structs need at least one field.
        case emptyStruct
        /// `{` not directly after `a`.
        case dictEntryOutsideArray
        /// The key of a dict entry is a container or a variant.
        case dictKeyNotBasic(Character)
        /// A dict entry with other than exactly two types (key and value).
        case dictEntryArity
        /// `(` never closed, or `)` without a matching `(`.
        case unbalancedParen
        /// `{` never closed, or `}` without a matching `{`.
        case unbalancedBrace
        /// `a` at the end of the signature or right before a closing `)` or `}`.
        case missingArrayElementType
        /// One complete type was required (e.g. a variant's or a property's type); `count` were found.
        case notSingleCompleteType(count: Int)
    }

    /// The text that was rejected.
    public let signature: String
    public let reason: Reason
    /// 0-based offset, in characters, of the character the problem was found at.
    public let offset: Int

    public init(signature: String, reason: Reason, offset: Int) {
        self.signature = signature
        self.reason = reason
        self.offset = offset
    }

    /// Example: `signature 'a{vs}': dict entry key must be a basic type, found 'v' at character 3`.
    public var description: String { "signature '\(signature)': \(explanation)" }

    /// What is wrong, without the signature: `more than 32 nested arrays at character 33`.
    public var explanation: String {
        let position = "at character \(offset + 1)"
        let found = foundCharacter.map { "found '\($0.debugDescriptionWithoutQuotes)' \(position)" } ?? "at the end"
        let what: String
        switch reason {
        case .tooLong(let length):
            what = "is \(length) bytes long, the limit is \(DBusSpec.maximumSignatureLength)"
        case .unknownTypeCode(let code):
            what = "'\(code.debugDescriptionWithoutQuotes)' is not a type code \(position)"
        case .arrayNestingTooDeep:
            what = "more than \(DBusSpec.maximumArrayNesting) nested arrays \(position)"
        case .structNestingTooDeep:
            what = "more than \(DBusSpec.maximumStructNesting) nested structs \(position)"
        case .emptyStruct:
            what = "a struct needs at least one field, found ')' \(position)"
        case .dictEntryOutsideArray:
            what = "a dict entry '{' must directly follow 'a', found \(position)"
        case .dictKeyNotBasic(let key):
            what = "dict entry key must be a basic type, found '\(key.debugDescriptionWithoutQuotes)' \(position)"
        case .dictEntryArity:
            what = "a dict entry holds exactly two types (key and value), \(found)"
        case .unbalancedParen:
            what = foundCharacter == "(" ? "'(' \(position) is never closed" : "')' without a matching '(' \(position)"
        case .unbalancedBrace:
            what = foundCharacter == "{" ? "'{' \(position) is never closed" : "'}' without a matching '{' \(position)"
        case .missingArrayElementType:
            what = "array 'a' \(position) has no element type"
        case .notSingleCompleteType(let count):
            what = "expected exactly one complete type, found \(count)"
        }
        return what
    }

    private var foundCharacter: Character? {
        let characters = Array(signature)
        return offset < characters.count ? characters[offset] : nil
    }
}
