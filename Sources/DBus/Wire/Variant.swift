/// A D-Bus variant ('v'): a value together with its type.
///
/// ```swift
/// let v = Variant(UInt32(3))
/// v.signature            // "u"
/// v.get(as: UInt32.self) // 3
/// ```
/// Inspect arbitrary contents through `value`, a `Variant.Value`.
public struct Variant: Hashable, Sendable, CustomStringConvertible {
    /// The contained value.
    public var value: Value

    /// Wraps a dynamically typed value.
    public init(_ value: Value) {
        self.value = value
    }

    /// Wraps a typed value. `Variant(Variant(x))` nests a variant inside a variant.
    @inlinable
    public init<T: DBusEncodable>(_ value: T) {
        self.value = value.dbusValue
    }

    /// The type of the contained value.
    public var type: DBusType { value.dbusType }

    /// The contained value's signature, as written on the wire before the value.
    public var signature: Signature { Signature(types: [value.dbusType]) }

    /// The contained value as `T`, or nil if its type is not `T.dbusType`.
    @inlinable
    public func get<T: DBusDecodable>(as _: T.Type = T.self) -> T? {
        T(dbusValue: value)
    }

    public var description: String { "Variant(\(signature): \(value))" }
}

extension Variant {
    /// A dynamically typed D-Bus value: one case per type code. Arrays and dictionaries carry
    /// their element types so that an empty one still has a signature.
    public enum Value: Hashable, Sendable, CustomStringConvertible {
        case byte(UInt8)
        case boolean(Bool)
        case int16(Int16)
        case uint16(UInt16)
        case int32(Int32)
        case uint32(UInt32)
        case int64(Int64)
        case uint64(UInt64)
        case double(Double)
        case string(String)
        case objectPath(ObjectPath)
        case signature(Signature)
        case unixFD(UnixFD)
        // Only this case needs a box: the others hold arrays, which already live on the heap,
        // so basic values (most of an `a{sv}`) are stored inline without an allocation.
        indirect case variant(Variant)
        case array(elementType: DBusType, elements: [Value])
        case dictionary(keyType: DBusType, valueType: DBusType, entries: [DictionaryEntry])
        case structure([Value])

        /// The D-Bus type of this value.
        public var dbusType: DBusType {
            switch self {
            case .byte: .byte
            case .boolean: .boolean
            case .int16: .int16
            case .uint16: .uint16
            case .int32: .int32
            case .uint32: .uint32
            case .int64: .int64
            case .uint64: .uint64
            case .double: .double
            case .string: .string
            case .objectPath: .objectPath
            case .signature: .signature
            case .unixFD: .unixFD
            case .variant: .variant
            case .array(let element, _): .array(element)
            case .dictionary(let key, let value, _): .dictionary(key: key, value: value)
            case .structure(let fields): .structure(fields.map(\.dbusType))
            }
        }

        public var description: String {
            switch self {
            case .byte(let v): "\(v)"
            case .boolean(let v): "\(v)"
            case .int16(let v): "\(v)"
            case .uint16(let v): "\(v)"
            case .int32(let v): "\(v)"
            case .uint32(let v): "\(v)"
            case .int64(let v): "\(v)"
            case .uint64(let v): "\(v)"
            case .double(let v): "\(v)"
            case .string(let v): "\"\(v)\""
            case .objectPath(let v): "\(v)"
            case .signature(let v): "\(v)"
            case .unixFD(let v): "\(v)"
            case .variant(let v): "\(v)"
            case .array(_, let elements): "[" + elements.map(\.description).joined(separator: ", ") + "]"
            case .dictionary(_, _, let entries):
                entries.isEmpty ? "[:]" : "[" + entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "]"
            case .structure(let fields): "(" + fields.map(\.description).joined(separator: ", ") + ")"
            }
        }
    }

    /// One key/value pair of a dictionary (a dict entry), in wire order.
    public struct DictionaryEntry: Hashable, Sendable {
        public var key: Value
        public var value: Value
        public init(key: Value, value: Value) {
            self.key = key
            self.value = value
        }
    }
}

extension Variant: DBusCodable {
    @inlinable public static var dbusType: DBusType { .variant }
    @inlinable public static var dbusAlignment: Int { 1 }

    public func encode(to encoder: inout DBusEncoder) {
        encoder.encode(variant: self)
    }

    public init(from decoder: inout DBusDecoder) throws(DBusWireError) {
        self = try decoder.decodeVariant()
    }

    public var dbusValue: Value { .variant(self) }

    public init?(dbusValue: Value) {
        guard case .variant(let value) = dbusValue else { return nil }
        self = value
    }
}

extension DBusEncoder {
    /// Appends a variant: its signature, then its value.
    public mutating func encode(variant: Variant) {
        nesting.variants += 1
        defer { nesting.variants -= 1 }
        guard withinNestingLimits() else { return }
        let type = variant.value.dbusType
        switch type {
        case .array, .dictionary, .structure:
            let signature = type.signatureText
            // A dynamic type may break the signature rules (say, 33 nested arrays in an empty
            // array's element type); peers reject such a message, so it must not be sent.
            if let violation = signature.withUTF8Bytes({ SignatureGrammar.check($0).violation }) {
                if firstProblem == nil {
                    firstProblem = .invalidSignature(
                        offset: storage.count, signature: signature, reason: violation.error(for: signature).explanation)
                }
                return
            }
            write(signature: signature)
        default:
            // One-character signatures (most variants in `a{sv}`) skip building a String.
            storage.append(1)
            storage.append(type.typeCode)
            storage.append(0)
        }
        encode(value: variant.value)
    }

    /// Appends a dynamically typed value.
    public mutating func encode(value: Variant.Value) {
        switch value {
        case .byte(let v): write(v)
        case .boolean(let v): v.encode(to: &self)
        case .int16(let v): write(v)
        case .uint16(let v): write(v)
        case .int32(let v): write(v)
        case .uint32(let v): write(v)
        case .int64(let v): write(v)
        case .uint64(let v): write(v)
        case .double(let v): write(v.bitPattern)
        case .string(let v): write(string: v)
        case .objectPath(let v): write(string: v.rawValue)
        case .signature(let v): write(signature: v.rawValue)
        case .unixFD(let v): write(fd: v)
        case .variant(let v): encode(variant: v)
        case .array(let elementType, let elements):
            encodeArray(elementAlignment: elementType.alignment) { encoder in
                for element in elements { encoder.encode(value: element) }
            }
        case .dictionary(_, _, let entries):
            encodeArray(elementAlignment: 8) { encoder in
                for entry in entries {
                    encoder.encodeStruct { encoder in
                        encoder.encode(value: entry.key)
                        encoder.encode(value: entry.value)
                    }
                }
            }
        case .structure(let fields):
            encodeStruct { encoder in
                for field in fields { encoder.encode(value: field) }
            }
        }
    }
}

extension DBusDecoder {
    /// Reads a variant: its signature (one complete type), then a value of that type.
    public mutating func decodeVariant() throws(DBusWireError) -> Variant {
        let type = try readVariantType()
        try enterContainer(variant: true)
        let value = try decodeValue(of: type)
        variantDepth -= 1
        return Variant(value)
    }

    /// Reads a value of a type known only at run time.
    public mutating func decodeValue(of type: DBusType) throws(DBusWireError) -> Variant.Value {
        switch type {
        case .byte: return .byte(try read(UInt8.self))
        case .boolean: return .boolean(try readBool())
        case .int16: return .int16(try read(Int16.self))
        case .uint16: return .uint16(try read(UInt16.self))
        case .int32: return .int32(try read(Int32.self))
        case .uint32: return .uint32(try read(UInt32.self))
        case .int64: return .int64(try read(Int64.self))
        case .uint64: return .uint64(try read(UInt64.self))
        case .double: return .double(Double(bitPattern: try read(UInt64.self)))
        case .string: return .string(try readString())
        case .objectPath: return .objectPath(try readObjectPath())
        case .signature: return .signature(try readSignature())
        case .unixFD: return .unixFD(try readUnixFD())
        case .variant: return .variant(try decodeVariant())
        case .array(let elementType):
            var elements: [Variant.Value] = []
            try decodeArray(elementAlignment: elementType.alignment) { decoder throws(DBusWireError) in
                elements.append(try decoder.decodeValue(of: elementType))
            }
            return .array(elementType: elementType, elements: elements)
        case .dictionary(let keyType, let valueType):
            var entries: [Variant.DictionaryEntry] = []
            try decodeArray(elementAlignment: 8) { decoder throws(DBusWireError) in
                let entry = try decoder.decodeStruct { decoder throws(DBusWireError) in
                    Variant.DictionaryEntry(key: try decoder.decodeValue(of: keyType), value: try decoder.decodeValue(of: valueType))
                }
                entries.append(entry)
            }
            return .dictionary(keyType: keyType, valueType: valueType, entries: entries)
        case .structure(let fieldTypes):
            return .structure(try decodeStruct { decoder throws(DBusWireError) in
                var fields: [Variant.Value] = []
                fields.reserveCapacity(fieldTypes.count)
                for fieldType in fieldTypes { fields.append(try decoder.decodeValue(of: fieldType)) }
                return fields
            })
        }
    }
}
