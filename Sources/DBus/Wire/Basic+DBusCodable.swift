// Conformances of the other basic types: b s o g h.

extension Bool: DBusBasicValue {
    @inlinable public static var dbusType: DBusType { .boolean }
    @inlinable public static var dbusAlignment: Int { 4 }
    @inlinable public func encode(to encoder: inout DBusEncoder) { encoder.write(UInt32(self ? 1 : 0)) }
    @inlinable public init(from decoder: inout DBusDecoder) throws(DBusWireError) { self = try decoder.readBool() }
    @inlinable public var dbusValue: Variant.Value { .boolean(self) }
    @inlinable public init?(dbusValue: Variant.Value) {
        guard case .boolean(let value) = dbusValue else { return nil }
        self = value
    }
}

extension String: DBusBasicValue {
    @inlinable public static var dbusType: DBusType { .string }
    @inlinable public static var dbusAlignment: Int { 4 }
    @inlinable public func encode(to encoder: inout DBusEncoder) { encoder.write(string: self) }
    @inlinable public init(from decoder: inout DBusDecoder) throws(DBusWireError) { self = try decoder.readString() }
    @inlinable public var dbusValue: Variant.Value { .string(self) }
    @inlinable public init?(dbusValue: Variant.Value) {
        guard case .string(let value) = dbusValue else { return nil }
        self = value
    }
}

extension ObjectPath: DBusBasicValue {
    @inlinable public static var dbusType: DBusType { .objectPath }
    @inlinable public static var dbusAlignment: Int { 4 }
    @inlinable public func encode(to encoder: inout DBusEncoder) { encoder.write(string: rawValue) }
    @inlinable public init(from decoder: inout DBusDecoder) throws(DBusWireError) { self = try decoder.readObjectPath() }
    @inlinable public var dbusValue: Variant.Value { .objectPath(self) }
    @inlinable public init?(dbusValue: Variant.Value) {
        guard case .objectPath(let value) = dbusValue else { return nil }
        self = value
    }
}

extension Signature: DBusBasicValue {
    @inlinable public static var dbusType: DBusType { .signature }
    @inlinable public static var dbusAlignment: Int { 1 }
    @inlinable public func encode(to encoder: inout DBusEncoder) { encoder.write(signature: rawValue) }
    @inlinable public init(from decoder: inout DBusDecoder) throws(DBusWireError) { self = try decoder.readSignature() }
    @inlinable public var dbusValue: Variant.Value { .signature(self) }
    @inlinable public init?(dbusValue: Variant.Value) {
        guard case .signature(let value) = dbusValue else { return nil }
        self = value
    }
}

extension UnixFD: DBusBasicValue {
    @inlinable public static var dbusType: DBusType { .unixFD }
    @inlinable public static var dbusAlignment: Int { 4 }
    public func encode(to encoder: inout DBusEncoder) { encoder.write(fd: self) }
    public init(from decoder: inout DBusDecoder) throws(DBusWireError) { self = try decoder.readUnixFD() }
    public var dbusValue: Variant.Value { .unixFD(self) }
    public init?(dbusValue: Variant.Value) {
        guard case .unixFD(let value) = dbusValue else { return nil }
        self = value
    }
}
