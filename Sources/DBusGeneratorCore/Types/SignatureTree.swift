/// A D-Bus complete type, as the generator needs it to pick a Swift type.
///
/// The generator parses signatures itself so it can report where in an XML attribute a signature
/// is wrong; the cases mirror the runtime's `DBusType`.
indirect enum SignatureTree: Hashable, Sendable {
    case byte, boolean, int16, uint16, int32, uint32, int64, uint64, double
    case string, objectPath, signature, unixFD, variant
    case array(SignatureTree)
    case dictionary(key: SignatureTree, value: SignatureTree)
    case structure([SignatureTree])

    var isBasic: Bool {
        switch self {
        case .variant, .array, .dictionary, .structure: false
        default: true
        }
    }

    var text: String {
        switch self {
        case .byte: "y"
        case .boolean: "b"
        case .int16: "n"
        case .uint16: "q"
        case .int32: "i"
        case .uint32: "u"
        case .int64: "x"
        case .uint64: "t"
        case .double: "d"
        case .string: "s"
        case .objectPath: "o"
        case .signature: "g"
        case .unixFD: "h"
        case .variant: "v"
        case .array(let element): "a" + element.text
        case .dictionary(let key, let value): "a{" + key.text + value.text + "}"
        case .structure(let fields): "(" + fields.map(\.text).joined() + ")"
        }
    }

    /// Whether this type or anything inside it carries a file descriptor.
    var containsUnixFD: Bool {
        switch self {
        case .unixFD: true
        case .array(let element): element.containsUnixFD
        case .dictionary(let key, let value): key.containsUnixFD || value.containsUnixFD
        case .structure(let fields): fields.contains { $0.containsUnixFD }
        default: false
        }
    }
}

/// Why a signature attribute could not be used, with the 0-based character offset.
struct SignatureTreeError: Error, Equatable {
    var reason: String
    var offset: Int
}

extension SignatureTree {
    /// Parses exactly one complete type, following the spec's grammar and nesting limits.
    static func parseSingle(_ text: String) throws(SignatureTreeError) -> SignatureTree {
        let types = try parseList(text)
        guard types.count == 1 else {
            throw SignatureTreeError(reason: types.isEmpty ? "empty signature" : "expected one complete type, found \(types.count)", offset: 0)
        }
        return types[0]
    }

    /// Parses a sequence of complete types (a method's or signal's argument list).
    static func parseList(_ text: String) throws(SignatureTreeError) -> [SignatureTree] {
        let codes = Array(text.utf8)
        guard codes.count <= 255 else { throw SignatureTreeError(reason: "signature longer than 255 characters", offset: 255) }
        var parser = Parser(codes: codes)
        var result: [SignatureTree] = []
        while parser.index < codes.count {
            result.append(try parser.parseOne(arrayDepth: 0, structDepth: 0))
        }
        return result
    }

    private struct Parser {
        let codes: [UInt8]
        var index = 0

        mutating func parseOne(arrayDepth: Int, structDepth: Int) throws(SignatureTreeError) -> SignatureTree {
            guard index < codes.count else { throw SignatureTreeError(reason: "signature ends where a type is expected", offset: index) }
            let start = index
            let code = codes[index]
            index += 1
            switch code {
            case UInt8(ascii: "y"): return .byte
            case UInt8(ascii: "b"): return .boolean
            case UInt8(ascii: "n"): return .int16
            case UInt8(ascii: "q"): return .uint16
            case UInt8(ascii: "i"): return .int32
            case UInt8(ascii: "u"): return .uint32
            case UInt8(ascii: "x"): return .int64
            case UInt8(ascii: "t"): return .uint64
            case UInt8(ascii: "d"): return .double
            case UInt8(ascii: "s"): return .string
            case UInt8(ascii: "o"): return .objectPath
            case UInt8(ascii: "g"): return .signature
            case UInt8(ascii: "h"): return .unixFD
            case UInt8(ascii: "v"): return .variant
            case UInt8(ascii: "a"):
                guard arrayDepth < 32 else { throw SignatureTreeError(reason: "arrays nested deeper than 32", offset: start) }
                if index < codes.count, codes[index] == UInt8(ascii: "{") {
                    index += 1
                    let keyOffset = index
                    let key = try parseOne(arrayDepth: arrayDepth + 1, structDepth: structDepth + 1)
                    guard key.isBasic else { throw SignatureTreeError(reason: "dict entry key must be a basic type", offset: keyOffset) }
                    let value = try parseOne(arrayDepth: arrayDepth + 1, structDepth: structDepth + 1)
                    guard index < codes.count, codes[index] == UInt8(ascii: "}") else {
                        throw SignatureTreeError(reason: "dict entry must have exactly two types and end with '}'", offset: index)
                    }
                    index += 1
                    return .dictionary(key: key, value: value)
                }
                return .array(try parseOne(arrayDepth: arrayDepth + 1, structDepth: structDepth))
            case UInt8(ascii: "("):
                guard structDepth < 32 else { throw SignatureTreeError(reason: "structs nested deeper than 32", offset: start) }
                var fields: [SignatureTree] = []
                while index < codes.count, codes[index] != UInt8(ascii: ")") {
                    fields.append(try parseOne(arrayDepth: arrayDepth, structDepth: structDepth + 1))
                }
                guard index < codes.count else { throw SignatureTreeError(reason: "'(' is never closed", offset: start) }
                guard !fields.isEmpty else { throw SignatureTreeError(reason: "empty struct '()'", offset: start) }
                index += 1
                return .structure(fields)
            case UInt8(ascii: "{"):
                throw SignatureTreeError(reason: "dict entry '{' outside an array", offset: start)
            default:
                throw SignatureTreeError(reason: "unknown type code '\(Character(Unicode.Scalar(code)))'", offset: start)
            }
        }
    }
}
