/// A Swift type with a fixed D-Bus type.
public protocol DBusTyped {
    /// The D-Bus type of every value of this Swift type.
    static var dbusType: DBusType { get }
    /// Wire alignment of the type; a constant for every conformance in this module so generic
    /// code specialises it away.
    static var dbusAlignment: Int { get }
}

extension DBusTyped {
    @inlinable public static var dbusAlignment: Int { dbusType.alignment }

    /// The single-type signature of this Swift type, e.g. `a{sv}` for `[String: Variant]`.
    public static var dbusSignature: Signature { Signature(types: [dbusType]) }
}

/// A value that can be written in D-Bus wire format.
///
/// A D-Bus struct `(iis)` conforms like this (generated code does the same):
/// ```swift
/// struct Item: DBusCodable {
///     var x: Int32, y: Int32, name: String
///     static var dbusType: DBusType { .structure([.int32, .int32, .string]) }
///     static var dbusAlignment: Int { 8 }
///     func encode(to encoder: inout DBusEncoder) {
///         encoder.beginStruct()
///         encoder.encode(x); encoder.encode(y); encoder.encode(name)
///     }
///     init(from decoder: inout DBusDecoder) throws(DBusWireError) {
///         try decoder.beginStruct()
///         x = try decoder.decode(); y = try decoder.decode(); name = try decoder.decode()
///         decoder.endStruct()
///     }
/// }
/// ```
/// `dbusValue` and `init?(dbusValue:)` (for `Variant`) have working defaults.
public protocol DBusEncodable: DBusTyped {
    /// Appends the value; alignment is the encoder's job for basic types and `encodeStruct`'s
    /// for structs.
    func encode(to encoder: inout DBusEncoder)
    /// The value as a dynamically typed `Variant.Value`. The default encodes and decodes the
    /// value; conformances override it when a direct conversion is cheap.
    var dbusValue: Variant.Value { get }
}

/// A value that can be read from D-Bus wire format, validating untrusted input.
///
/// See `DBusEncodable` for how a D-Bus struct conforms.
public protocol DBusDecodable: DBusTyped {
    init(from decoder: inout DBusDecoder) throws(DBusWireError)
    /// Converts a dynamically typed value; nil if its type is not `Self.dbusType`.
    init?(dbusValue: Variant.Value)
}

public typealias DBusCodable = DBusEncodable & DBusDecodable

/// A basic D-Bus type: the only kind allowed as a dictionary key.
public protocol DBusBasicValue: DBusCodable, Hashable {}

/// A basic type whose wire form equals its memory form (integers, `Double`): arrays of it are
/// encoded and decoded with one bulk copy instead of a per-element loop.
public protocol DBusFixedWidthValue: DBusBasicValue, BitwiseCopyable {}

extension DBusEncodable {
    public var dbusValue: Variant.Value {
        var encoder = DBusEncoder()
        encoder.encode(self)
        var decoder = DBusDecoder(bytes: encoder.bytes, fds: encoder.fds)
        decoder.trusted = true
        do {
            return try decoder.decodeValue(of: Self.dbusType)
        } catch {
            // Only reachable when `encode(to:)` writes something other than `dbusType`
            // describes: a bug in that conformance, not bad input.
            preconditionFailure("\(Self.self).encode(to:) does not match its dbusType \(Self.dbusType.signatureText): \(error)")
        }
    }
}

extension DBusDecodable {
    public init?(dbusValue: Variant.Value) {
        guard dbusValue.dbusType == Self.dbusType else { return nil }
        var encoder = DBusEncoder()
        encoder.encode(value: dbusValue)
        var decoder = DBusDecoder(bytes: encoder.bytes, fds: encoder.fds)
        decoder.trusted = true
        guard let value = try? decoder.decode(Self.self) else { return nil }
        self = value
    }
}
