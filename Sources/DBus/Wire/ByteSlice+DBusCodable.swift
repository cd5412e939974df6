// `ArraySlice<UInt8>` as `ay`, decoded without copying: the slice shares the received message's
// buffer (its indices are positions in that buffer; use `startIndex`). Suits large payloads such
// as framebuffer updates; keeping the slice keeps the whole message's bytes alive.

extension ArraySlice: DBusTyped where Element == UInt8 {
    @inlinable public static var dbusType: DBusType { .array(.byte) }
    @inlinable public static var dbusAlignment: Int { 4 }
}

extension ArraySlice: DBusEncodable where Element == UInt8 {
    @inlinable
    public func encode(to encoder: inout DBusEncoder) {
        encoder.encodeArray(elementAlignment: 1) { encoder in
            withUnsafeBytes { encoder.writeBytes($0) }
        }
    }

    public var dbusValue: Variant.Value {
        .array(elementType: .byte, elements: map { .byte($0) })
    }
}

extension ArraySlice: DBusDecodable where Element == UInt8 {
    @inlinable
    public init(from decoder: inout DBusDecoder) throws(DBusWireError) {
        self = try decoder.readByteSlice()
    }

    public init?(dbusValue: Variant.Value) {
        guard let bytes = [UInt8](dbusValue: dbusValue) else { return nil }
        self = bytes[...]
    }
}

extension DBusDecoder {
    /// Reads an `ay` as a view of the data being decoded, without copying.
    @inlinable
    public mutating func readByteSlice() throws(DBusWireError) -> ArraySlice<UInt8> {
        let length = try readArrayLength(elementAlignment: 1)
        try enterContainer(array: true)
        arrayDepth -= 1
        let start = cursor
        cursor = start + length
        return storage[start..<(start + length)]
    }
}
