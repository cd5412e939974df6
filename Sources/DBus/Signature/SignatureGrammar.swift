/// An allocation-free recursive-descent check of signature bytes against the grammar and limits of
/// the D-Bus specification ("Valid Signatures"). The wire decoder runs it on hostile input.
///
/// Nesting is counted as real depth: `a(ia(i...))` with 33 enclosing arrays is rejected, even
/// though libdbus only counts runs of consecutive container codes.
struct SignatureGrammar {
    enum Problem: Hashable, Sendable {
        case tooLong, unknownTypeCode, arrayNestingTooDeep, structNestingTooDeep, emptyStruct
        case dictEntryOutsideArray, dictKeyNotBasic, dictEntryArity, unbalancedParen, unbalancedBrace
        case missingArrayElementType
    }

    struct Violation: Hashable, Sendable {
        var problem: Problem
        var byteOffset: Int
    }

    private let bytes: UnsafeRawBufferPointer
    private var index = 0
    private var arrayDepth = 0
    private var structDepth = 0
    /// Complete types seen at the top level.
    private(set) var count = 0

    private init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Checks a whole signature (zero or more complete types).
    static func check(_ bytes: UnsafeRawBufferPointer) -> (violation: Violation?, count: Int) {
        guard bytes.count <= DBusSpec.maximumSignatureLength else {
            return (Violation(problem: .tooLong, byteOffset: DBusSpec.maximumSignatureLength), 0)
        }
        var grammar = SignatureGrammar(bytes)
        while grammar.index < bytes.count {
            if let violation = grammar.completeType() { return (violation, grammar.count) }
            grammar.count += 1
        }
        return (nil, grammar.count)
    }

    static let a = UInt8(ascii: "a"), v = UInt8(ascii: "v")
    static let openParen = UInt8(ascii: "("), closeParen = UInt8(ascii: ")")
    static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")

    @inline(__always)
    static func isBasicCode(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "y"), UInt8(ascii: "b"), UInt8(ascii: "n"), UInt8(ascii: "q"), UInt8(ascii: "i"),
             UInt8(ascii: "u"), UInt8(ascii: "x"), UInt8(ascii: "t"), UInt8(ascii: "d"), UInt8(ascii: "s"),
             UInt8(ascii: "o"), UInt8(ascii: "g"), UInt8(ascii: "h"):
            true
        default:
            false
        }
    }

    private func violation(_ problem: Problem, at offset: Int) -> Violation {
        Violation(problem: problem, byteOffset: offset)
    }

    /// Consumes one complete type starting at `index` (the caller guarantees `index < count`).
    private mutating func completeType() -> Violation? {
        let code = bytes[index]
        if Self.isBasicCode(code) || code == Self.v {
            index += 1
            return nil
        }
        switch code {
        case Self.a:
            return array()
        case Self.openParen:
            return structure()
        case Self.closeParen:
            return violation(.unbalancedParen, at: index)
        case Self.openBrace:
            return violation(.dictEntryOutsideArray, at: index)
        case Self.closeBrace:
            return violation(.unbalancedBrace, at: index)
        default:
            return violation(.unknownTypeCode, at: index)
        }
    }

    private mutating func array() -> Violation? {
        let start = index
        arrayDepth += 1
        defer { arrayDepth -= 1 }
        if arrayDepth > DBusSpec.maximumArrayNesting { return violation(.arrayNestingTooDeep, at: start) }
        index += 1
        guard index < bytes.count else { return violation(.missingArrayElementType, at: start) }
        switch bytes[index] {
        case Self.openBrace:
            return dictEntry()
        case Self.closeParen, Self.closeBrace:
            return violation(.missingArrayElementType, at: start)
        default:
            return completeType()
        }
    }

    private mutating func structure() -> Violation? {
        let start = index
        structDepth += 1
        defer { structDepth -= 1 }
        if structDepth > DBusSpec.maximumStructNesting { return violation(.structNestingTooDeep, at: start) }
        index += 1
        if index < bytes.count && bytes[index] == Self.closeParen { return violation(.emptyStruct, at: index) }
        while true {
            guard index < bytes.count else { return violation(.unbalancedParen, at: start) }
            switch bytes[index] {
            case Self.closeParen:
                index += 1
                return nil
            case Self.closeBrace:
                return violation(.unbalancedBrace, at: index)
            default:
                if let problem = completeType() { return problem }
            }
        }
    }

    /// `{` key value `}` right after an `a`; the key must be basic.
    private mutating func dictEntry() -> Violation? {
        let start = index
        index += 1
        guard index < bytes.count else { return violation(.unbalancedBrace, at: start) }
        let key = bytes[index]
        if key == Self.closeBrace { return violation(.dictEntryArity, at: index) }
        if key == Self.a || key == Self.v || key == Self.openParen || key == Self.openBrace {
            return violation(.dictKeyNotBasic, at: index)
        }
        if let problem = completeType() { return problem }
        for _ in 0..<2 {
            guard index < bytes.count else { return violation(.unbalancedBrace, at: start) }
            switch bytes[index] {
            case Self.closeBrace:
                // After the key: the value is missing. After the value: done.
                if index == start + 2 { return violation(.dictEntryArity, at: index) }
                index += 1
                return nil
            case Self.closeParen:
                return violation(.unbalancedParen, at: index)
            default:
                if index != start + 2 { return violation(.dictEntryArity, at: index) }
                if let problem = completeType() { return problem }
            }
        }
        return nil
    }
}
