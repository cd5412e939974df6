/// A validated D-Bus signature: zero or more complete types, such as `sa{sv}as`.
public struct Signature: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The signature text as it appears on the wire.
    public let rawValue: String
    /// The complete types in order.
    public let types: [DBusType]

    /// Validates and parses `text`.
    /// - Throws: a `SignatureError` naming the rule that was broken and the character it was found at.
    public init(_ text: String) throws(SignatureError) {
        let parsed = text.withUTF8Bytes { bytes -> Result<[DBusType], SignatureError> in
            if let violation = SignatureGrammar.check(bytes).violation {
                return .failure(violation.error(for: text))
            }
            var builder = SignatureTreeBuilder(bytes)
            return .success(builder.types())
        }
        rawValue = text
        types = try parsed.get()
    }

    /// For signatures written in source code: an invalid literal is a programming error and traps.
    /// `T("literal")` is literal coercion (SE-0213) and also lands here; to get the thrown
    /// error for text known only at run time, pass a `String` value.
    public init(stringLiteral value: String) {
        do {
            try self.init(value)
        } catch {
            preconditionFailure(error.description)
        }
    }

    /// The signature of `types`, which must respect the spec's rules (basic dict keys, no empty
    /// structs, nesting and length limits); violating them is a programming error and traps.
    /// Use `init(checking:)` for types built from outside input.
    public init(types: [DBusType]) {
        do {
            try self.init(checking: types)
        } catch {
            preconditionFailure(error.description)
        }
    }

    /// The signature of `types`, validated.
    /// - Throws: a `SignatureError` when the types break a rule of the spec.
    public init(checking types: [DBusType]) throws(SignatureError) {
        var text = ""
        for type in types { type.append(to: &text) }
        // The grammar is unambiguous, so valid text parses back to `types`: check it, keep the tree.
        if let violation = text.withUTF8Bytes({ SignatureGrammar.check($0).violation }) {
            throw violation.error(for: text)
        }
        rawValue = text
        self.types = types
    }

    /// The empty signature (no types), as used by methods without arguments. Built in place
    /// (an empty String and array allocate nothing), not a lazy global: messages without a body
    /// ask for it on every call, and a global costs a once-check each time.
    @inlinable public static var empty: Signature { Signature(uncheckedText: "", types: []) }

    @usableFromInline init(uncheckedText: String, types: [DBusType]) {
        rawValue = uncheckedText
        self.types = types
    }

    /// True when the signature holds exactly one complete type (as variants and properties need).
    public var isSingleCompleteType: Bool { types.count == 1 }

    public var description: String { rawValue }

    /// Whether `bytes` form a valid signature, without allocating.
    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        SignatureGrammar.check(bytes).violation == nil
    }

    /// Whether `bytes` form a valid signature of exactly one complete type, without allocating.
    public static func isValidSingleCompleteType(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let result = SignatureGrammar.check(bytes)
        return result.violation == nil && result.count == 1
    }

    /// Whether `text` is a valid signature, without allocating for native strings.
    public static func isValid(_ text: String) -> Bool {
        text.withUTF8Bytes(isValid)
    }

    // Hashing and equality follow the text; `types` is derived from it.
    public static func == (lhs: Signature, rhs: Signature) -> Bool { lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
}

extension SignatureGrammar.Violation {
    func error(for text: String) -> SignatureError {
        let (offset, character) = text.characterPosition(ofUTF8Offset: byteOffset)
        let found = character ?? " "
        let reason: SignatureError.Reason
        switch problem {
        case .tooLong: reason = .tooLong(length: text.utf8.count)
        case .unknownTypeCode: reason = .unknownTypeCode(found)
        case .arrayNestingTooDeep: reason = .arrayNestingTooDeep
        case .structNestingTooDeep: reason = .structNestingTooDeep
        case .emptyStruct: reason = .emptyStruct
        case .dictEntryOutsideArray: reason = .dictEntryOutsideArray
        case .dictKeyNotBasic: reason = .dictKeyNotBasic(found)
        case .dictEntryArity: reason = .dictEntryArity
        case .unbalancedParen: reason = .unbalancedParen
        case .unbalancedBrace: reason = .unbalancedBrace
        case .missingArrayElementType: reason = .missingArrayElementType
        }
        return SignatureError(signature: text, reason: reason, offset: offset)
    }
}

/// Builds the type tree from bytes that `SignatureGrammar` accepted, so it needs no checks.
struct SignatureTreeBuilder {
    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    mutating func types() -> [DBusType] {
        var result: [DBusType] = []
        while index < bytes.count { result.append(next()) }
        return result
    }

    private mutating func next() -> DBusType {
        let code = bytes[index]
        index += 1
        if let basic = DBusType(basicTypeCode: code) { return basic }
        switch code {
        case SignatureGrammar.v:
            return .variant
        case SignatureGrammar.a:
            if bytes[index] == SignatureGrammar.openBrace {
                index += 1
                let key = next()
                let value = next()
                index += 1 // "}"
                return .dictionary(key: key, value: value)
            }
            return .array(next())
        default: // "(" after validation
            var fields: [DBusType] = []
            while bytes[index] != SignatureGrammar.closeParen { fields.append(next()) }
            index += 1
            return .structure(fields)
        }
    }
}
