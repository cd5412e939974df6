// Conformances of the fixed-width basic types: y n q i u x t d.

extension UInt8: DBusFixedWidthValue {
    @inlinable public static var dbusType: DBusType { .byte }
    @inlinable public static var dbusAlignment: Int { 1 }
    @inlinable public func encode(to encoder: inout DBusEncoder) { encoder.write(self) }
    @inlinable public init(from decoder: inout DBusDecoder) throws(DBusWireError) { self = try decoder.read(UInt8.self) }
    @inlinable public var dbusValue: Variant.Value { .byte(self) }
    @inlinable public init?(dbusValue: Variant.Value) {
        guard case .byte(let value) = dbusValue else { return nil }
        self = value
    }
}

extension Int16: DBusFixedWidthValue {
    @inlinable public static var dbusType: DBusType { .int16 }
    @inlinable public static var dbusAlignment: Int { 2 }
    @inlinable public func encode(to encoder: inout DBusEncoder) { encoder.write(self) }
    @inlinable public init(from decoder: inout DBusDecoder) throws(DBusWireError) { self = try decoder.read(Int16.self) }
    @inlinable public var dbusValue: Variant.Value { .int16(self) }
    @inlinable public init?(dbusValue: Variant.Value) {
        guard case .int16(let value) = dbusValue else { return nil }
        self = value
    }
}

extension UInt16: DBusFixedWidthValue {
    @inlinable public static var dbusType: DBusType { .uint16 }
    @inlinable public static var dbusAlignment: Int { 2 }
    @inlinable public func encode(to encoder: inout DBusEncoder) { encoder.write(self) }
    @inlinable public init(from decoder: inout DBusDecoder) throws(DBusWireError) { self = try decoder.read(UInt16.self) }
    @inlinable public var dbusValue: Variant.Value { .uint16(self) }
    @inlinable public init?(dbusValue: Variant.Value) {
        guard case .uint16(let value) = dbusValue else { return nil }
        self = value
    }
}

extension Int32: DBusFixedWidthValue {
    @inlinable public static var dbusType: DBusType { .int32 }
    @inlinable public static var dbusAlignment: Int { 4 }
    @inlinable public func encode(to encoder: inout DBusEncoder) { encoder.write(self) }
    @inlinable public init(from decoder: inout DBusDecoder) throws(DBusWireError) { self = try decoder.read(Int32.self) }
    @inlinable public var dbusValue: Variant.Value { .int32(self) }
    @inlinable public init?(dbusValue: Variant.Value) {
        guard case .int32(let value) = dbusValue else { return nil }
        self = value
    }
}

extension UInt32: DBusFixedWidthValue {
    @inlinable public static var dbusType: DBusType { .uint32 }
    @inlinable public static var dbusAlignment: Int { 4 }
    @inlinable public func encode(to encoder: inout DBusEncoder) { encoder.write(self) }
    @inlinable public init(from decoder: inout DBusDecoder) throws(DBusWireError) { self = try decoder.read(UInt32.self) }
    @inlinable public var dbusValue: Variant.Value { .uint32(self) }
    @inlinable public init?(dbusValue: Variant.Value) {
        guard case .uint32(let value) = dbusValue else { return nil }
        self = value
    }
}

extension Int64: DBusFixedWidthValue {
    @inlinable public static var dbusType: DBusType { .int64 }
    @inlinable public static var dbusAlignment: Int { 8 }
    @inlinable public func encode(to encoder: inout DBusEncoder) { encoder.write(self) }
    @inlinable public init(from decoder: inout DBusDecoder) throws(DBusWireError) { self = try decoder.read(Int64.self) }
    @inlinable public var dbusValue: Variant.Value { .int64(self) }
    @inlinable public init?(dbusValue: Variant.Value) {
        guard case .int64(let value) = dbusValue else { return nil }
        self = value
    }
}

extension UInt64: DBusFixedWidthValue {
    @inlinable public static var dbusType: DBusType { .uint64 }
    @inlinable public static var dbusAlignment: Int { 8 }
    @inlinable public func encode(to encoder: inout DBusEncoder) { encoder.write(self) }
    @inlinable public init(from decoder: inout DBusDecoder) throws(DBusWireError) { self = try decoder.read(UInt64.self) }
    @inlinable public var dbusValue: Variant.Value { .uint64(self) }
    @inlinable public init?(dbusValue: Variant.Value) {
        guard case .uint64(let value) = dbusValue else { return nil }
        self = value
    }
}

extension Double: DBusFixedWidthValue {
    @inlinable public static var dbusType: DBusType { .double }
    @inlinable public static var dbusAlignment: Int { 8 }
    @inlinable public func encode(to encoder: inout DBusEncoder) { encoder.write(bitPattern) }
    @inlinable public init(from decoder: inout DBusDecoder) throws(DBusWireError) {
        self.init(bitPattern: try decoder.read(UInt64.self))
    }
    @inlinable public var dbusValue: Variant.Value { .double(self) }
    @inlinable public init?(dbusValue: Variant.Value) {
        guard case .double(let value) = dbusValue else { return nil }
        self = value
    }
}
