// Arrays ('a...'). Arrays of integers and doubles take a bulk-copy path; `[UInt8]` is `ay`.

extension Array: DBusTyped where Element: DBusTyped {
    @inlinable public static var dbusType: DBusType { .array(Element.dbusType) }
    @inlinable public static var dbusAlignment: Int { 4 }
}

extension Array: DBusEncodable where Element: DBusEncodable {
    @inlinable
    public func encode(to encoder: inout DBusEncoder) {
        if Element.self is any DBusFixedWidthValue.Type {
            encoder.encodeBulk(self)
        } else {
            // Estimate each element as its Swift size rounded up to its alignment (exact for
            // structs of fixed-size fields): growing once up front saves the repeated
            // doublings, and their copies, of a large array.
            let alignment = Element.dbusAlignment
            encoder.reserveAdditional(count * ((MemoryLayout<Element>.stride + alignment - 1) & ~(alignment - 1)) + 8)
            encoder.encodeArray(elementAlignment: Element.dbusAlignment) { encoder in
                for element in self { element.encode(to: &encoder) }
            }
        }
    }

    public var dbusValue: Variant.Value {
        .array(elementType: Element.dbusType, elements: map(\.dbusValue))
    }
}

extension Array: DBusDecodable where Element: DBusDecodable {
    @inlinable
    public init(from decoder: inout DBusDecoder) throws(DBusWireError) {
        if Element.self is any DBusFixedWidthValue.Type {
            self = try decoder.decodeBulk(Element.self)
            return
        }
        var elements: [Element] = []
        try decoder.decodeArray(elementAlignment: Element.dbusAlignment) { decoder throws(DBusWireError) in
            if elements.isEmpty {
                // The remaining length bounds how many elements can follow (each takes at
                // least 4 bytes or its alignment); the cap keeps a hostile length from
                // reserving much more than typical messages need.
                elements.reserveCapacity(Swift.min(decoder.remaining / Swift.max(Element.dbusAlignment, 4), DBusDecoder.maximumReservation))
            }
            elements.append(try decoder.decode(Element.self))
        }
        self = elements
    }

    public init?(dbusValue: Variant.Value) {
        guard case .array(let elementType, let values) = dbusValue, elementType == Element.dbusType else { return nil }
        var result: [Element] = []
        result.reserveCapacity(values.count)
        for value in values {
            guard let element = Element(dbusValue: value) else { return nil }
            result.append(element)
        }
        self = result
    }
}
