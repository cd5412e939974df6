public import DBus

/// `(iiu)`, written the way the generator writes D-Bus structs.
public struct Triple: DBusCodable, Equatable, Sendable {
    public var a: Int32
    public var b: Int32
    public var c: UInt32

    public init(a: Int32, b: Int32, c: UInt32) {
        self.a = a
        self.b = b
        self.c = c
    }

    public static var dbusType: DBusType { .structure([.int32, .int32, .uint32]) }
    public static var dbusAlignment: Int { 8 }

    @inlinable
    public func encode(to encoder: inout DBusEncoder) {
        encoder.encodeStruct { encoder in
            encoder.encode(a)
            encoder.encode(b)
            encoder.encode(c)
        }
    }

    @inlinable
    public init(from decoder: inout DBusDecoder) throws(DBusWireError) {
        self = try decoder.decodeStruct { decoder throws(DBusWireError) in
            Triple(a: try decoder.decode(), b: try decoder.decode(), c: try decoder.decode())
        }
    }
}

/// The inputs of the wire benchmarks, and their encoded forms.
public enum Workloads {
    public static let byteCount = 8 * 1024 * 1024
    public static let tripleCount = 100_000
    public static let dictionaryCount = 1_000

    /// 8 MiB for `ay` and the memcpy reference.
    public static func bytes() -> [UInt8] {
        (0..<byteCount).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    }

    public static func triples() -> [Triple] {
        (0..<tripleCount).map { Triple(a: Int32($0), b: -Int32($0), c: UInt32($0) &* 7) }
    }

    /// 1,000 entries of mixed string, uint32 and double variants.
    public static func dictionary() -> [String: Variant] {
        var result: [String: Variant] = [:]
        for i in 0..<dictionaryCount {
            let value: Variant = switch i % 3 {
            case 0: Variant("value number \(i)")
            case 1: Variant(UInt32(i))
            default: Variant(Double(i) * 0.5)
            }
            result["property-\(i)"] = value
        }
        return result
    }

    public static func encoded<T: DBusEncodable>(_ value: T) -> [UInt8] {
        var encoder = DBusEncoder()
        encoder.encode(value)
        return encoder.bytes
    }
}
