/// An interface name such as `org.qemu.Display1.Console`.
///
/// Validated once at construction (D-Bus specification, "Valid Names"); code that takes one
/// never re-checks it.
public struct InterfaceName: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The name as it appears on the wire.
    public let rawValue: String

    /// Validates `string`.
    /// - Throws: a `DBusNameError` that says what is wrong and at which character.
    public init(_ string: String) throws(DBusNameError) {
        if let violation = string.withUTF8Bytes(NameGrammar.checkInterfaceName) {
            throw violation.error(kind: .interfaceName, text: string)
        }
        rawValue = string
    }

    /// For names written in source code: an invalid literal is a programming error and traps.
    /// `T("literal")` is literal coercion (SE-0213) and also lands here; to get the thrown
    /// error for text known only at run time, pass a `String` value.
    public init(stringLiteral value: String) {
        do {
            try self.init(value)
        } catch {
            preconditionFailure(error.description)
        }
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

    public var description: String { rawValue }

    public static func < (lhs: InterfaceName, rhs: InterfaceName) -> Bool { lhs.rawValue < rhs.rawValue }
}
