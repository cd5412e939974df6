/// A bus name: unique (`:1.42`, assigned by the bus) or well-known (`org.qemu`).
///
/// Validated once at construction (D-Bus specification, "Valid Names"); code that takes one
/// never re-checks it.
public struct BusName: DBusName {
    public let rawValue: String

    public init(_ string: String) throws(DBusNameError) {
        if let violation = string.withUTF8Bytes(NameGrammar.checkBusName) {
            throw violation.error(kind: .busName, text: string)
        }
        rawValue = string
    }

    /// For callers that validated the bytes already (e.g. the wire decoder).
    init(unchecked rawValue: String) {
        self.rawValue = rawValue
    }

    /// Whether `bytes` (UTF-8) would be accepted, without allocating.
    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        NameGrammar.checkBusName(bytes) == nil
    }

    /// Whether `string` would be accepted, without allocating for native strings.
    public static func isValid(_ string: String) -> Bool {
        string.withUTF8Bytes(NameGrammar.checkBusName) == nil
    }

    /// Whether this is a unique connection name (starts with `:`).
    public var isUnique: Bool { rawValue.utf8.first == NameGrammar.colon }
}
