/// One complete D-Bus type, as a tree (D-Bus specification, "Type System").
///
/// `a{sv}` is `.dictionary(key: .string, value: .variant)`: a dictionary is the array of dict
/// entries, so it aligns and marshals like an array.
public indirect enum DBusType: Hashable, Sendable {
    case byte, boolean, int16, uint16, int32, uint32, int64, uint64, double
    case string, objectPath, signature, unixFD, variant
    case array(DBusType)
    case dictionary(key: DBusType, value: DBusType)
    case structure([DBusType])

    /// The basic type for a one-byte type code (`y`, `b`, `n`, ... `h`), `nil` for anything else.
    public init?(basicTypeCode code: UInt8) {
        switch code {
        case UInt8(ascii: "y"): self = .byte
        case UInt8(ascii: "b"): self = .boolean
        case UInt8(ascii: "n"): self = .int16
        case UInt8(ascii: "q"): self = .uint16
        case UInt8(ascii: "i"): self = .int32
        case UInt8(ascii: "u"): self = .uint32
        case UInt8(ascii: "x"): self = .int64
        case UInt8(ascii: "t"): self = .uint64
        case UInt8(ascii: "d"): self = .double
        case UInt8(ascii: "s"): self = .string
        case UInt8(ascii: "o"): self = .objectPath
        case UInt8(ascii: "g"): self = .signature
        case UInt8(ascii: "h"): self = .unixFD
        default: return nil
        }
    }

    /// Parses exactly one complete type, such as `a{sv}`.
    /// - Throws: `SignatureError` when `text` is not a valid signature or holds more or fewer than one type.
    public init(_ text: String) throws(SignatureError) {
        let signature = try Signature(text)
        guard signature.types.count == 1 else {
            throw SignatureError(signature: text, reason: .notSingleCompleteType(count: signature.types.count), offset: 0)
        }
        self = signature.types[0]
    }

    /// The first byte of this type's signature (`a` for arrays and dictionaries, `(` for structs).
    public var typeCode: UInt8 {
        switch self {
        case .byte: UInt8(ascii: "y")
        case .boolean: UInt8(ascii: "b")
        case .int16: UInt8(ascii: "n")
        case .uint16: UInt8(ascii: "q")
        case .int32: UInt8(ascii: "i")
        case .uint32: UInt8(ascii: "u")
        case .int64: UInt8(ascii: "x")
        case .uint64: UInt8(ascii: "t")
        case .double: UInt8(ascii: "d")
        case .string: UInt8(ascii: "s")
        case .objectPath: UInt8(ascii: "o")
        case .signature: UInt8(ascii: "g")
        case .unixFD: UInt8(ascii: "h")
        case .variant: UInt8(ascii: "v")
        case .array, .dictionary: UInt8(ascii: "a")
        case .structure: UInt8(ascii: "(")
        }
    }

    /// The signature of this single type, e.g. `a{sv}`.
    public var signatureText: String {
        var text = ""
        append(to: &text)
        return text
    }

    func append(to text: inout String) {
        switch self {
        case .array(let element):
            text.append("a")
            element.append(to: &text)
        case .dictionary(let key, let value):
            text.append("a{")
            key.append(to: &text)
            value.append(to: &text)
            text.append("}")
        case .structure(let fields):
            text.append("(")
            for field in fields { field.append(to: &text) }
            text.append(")")
        default:
            text.unicodeScalars.append(Unicode.Scalar(typeCode))
        }
    }

    /// The boundary, in bytes, a value of this type starts on in a message ("Marshaling").
    public var alignment: Int {
        switch self {
        case .byte, .signature, .variant: 1
        case .int16, .uint16: 2
        case .boolean, .int32, .uint32, .unixFD, .string, .objectPath, .array, .dictionary: 4
        case .int64, .uint64, .double, .structure: 8
        }
    }

    /// Fixed-size numeric types and the string-like types: the types allowed as dict entry keys.
    public var isBasic: Bool {
        switch self {
        case .variant, .array, .dictionary, .structure: false
        default: true
        }
    }

    /// The marshaled size of a fixed-size basic type; `nil` for strings and containers.
    public var fixedSize: Int? {
        switch self {
        case .byte: 1
        case .int16, .uint16: 2
        case .boolean, .int32, .uint32, .unixFD: 4
        case .int64, .uint64, .double: 8
        default: nil
        }
    }
}

extension DBusType: CustomStringConvertible {
    public var description: String { signatureText }
}
