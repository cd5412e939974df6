/// What every validated D-Bus name type shares: it holds text that passed its grammar, converts
/// from literals written in source code, prints as itself and sorts by its text.
///
/// Conforming types (``ObjectPath``, ``InterfaceName``, ``MemberName``, ``ErrorName``, ``BusName``)
/// validate once in `init(_:)`; code that takes one never re-checks it.
public protocol DBusName: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral
where StringLiteralType == String {
    /// The name as it appears on the wire.
    var rawValue: String { get }

    /// Validates `string`.
    /// - Throws: a `DBusNameError` that says what is wrong and at which character.
    init(_ string: String) throws(DBusNameError)
}

extension DBusName {
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

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
