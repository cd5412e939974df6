// Dictionaries ('a{kv}'): arrays of dict entries with a basic key type.

extension Dictionary: DBusTyped where Key: DBusBasicValue, Value: DBusTyped {
    @inlinable public static var dbusType: DBusType { .dictionary(key: Key.dbusType, value: Value.dbusType) }
    @inlinable public static var dbusAlignment: Int { 4 }
}

extension Dictionary: DBusEncodable where Key: DBusBasicValue, Value: DBusEncodable {
    /// Writes the entries in the dictionary's iteration order, which Swift does not fix; use
    /// `Variant.Value.dictionary` when byte-exact output matters.
    @inlinable
    public func encode(to encoder: inout DBusEncoder) {
        encoder.encodeArray(elementAlignment: 8) { encoder in
            for (key, value) in self {
                encoder.encodeStruct { encoder in
                    key.encode(to: &encoder)
                    value.encode(to: &encoder)
                }
            }
        }
    }

    public var dbusValue: Variant.Value {
        .dictionary(
            keyType: Key.dbusType, valueType: Value.dbusType,
            entries: map { Variant.DictionaryEntry(key: $0.key.dbusValue, value: $0.value.dbusValue) })
    }
}

extension Dictionary: DBusDecodable where Key: DBusBasicValue, Value: DBusDecodable {
    /// Reads the entries; a key that appears twice keeps its last value.
    @inlinable
    public init(from decoder: inout DBusDecoder) throws(DBusWireError) {
        var result: [Key: Value] = [:]
        try decoder.decodeArray(elementAlignment: 8) { decoder throws(DBusWireError) in
            if result.isEmpty {
                // Entries are 8-aligned, so the length bounds their count; the cap keeps a
                // hostile length from reserving much more than typical messages need.
                result.reserveCapacity(Swift.min(decoder.remaining / 8, DBusDecoder.maximumReservation))
            }
            try decoder.decodeStruct { decoder throws(DBusWireError) in
                let key = try decoder.decode(Key.self)
                result[key] = try decoder.decode(Value.self)
            }
        }
        self = result
    }

    public init?(dbusValue: Variant.Value) {
        guard case .dictionary(let keyType, let valueType, let entries) = dbusValue,
              keyType == Key.dbusType, valueType == Value.dbusType else { return nil }
        var result: [Key: Value] = [:]
        for entry in entries {
            guard let key = Key(dbusValue: entry.key), let value = Value(dbusValue: entry.value) else { return nil }
            result[key] = value
        }
        self = result
    }
}
