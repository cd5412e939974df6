/// An interface name such as `org.qemu.Display1.Console`.
///
/// Validated once at construction (D-Bus specification, "Valid Names"); code that takes one
/// never re-checks it.
public struct InterfaceName: DBusName {
    public let rawValue: String

    public init(_ string: String) throws(DBusNameError) {
        if let violation = string.withUTF8Bytes(NameGrammar.checkInterfaceName) {
            throw violation.error(kind: .interfaceName, text: string)
        }
        rawValue = string
    }

    /// For callers that validated the bytes already (e.g. the wire decoder).
    init(unchecked rawValue: String) {
        self.rawValue = rawValue
    }

    /// Whether `bytes` (UTF-8) would be accepted, without allocating.
    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        NameGrammar.checkInterfaceName(bytes) == nil
    }

    /// Whether `string` would be accepted, without allocating for native strings.
    public static func isValid(_ string: String) -> Bool {
        string.withUTF8Bytes(NameGrammar.checkInterfaceName) == nil
    }
}
