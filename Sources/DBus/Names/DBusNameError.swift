/// Why a string is not a valid D-Bus name, and where the problem is.
///
/// Thrown by the initializers of ``ObjectPath``, ``InterfaceName``, ``MemberName``, ``ErrorName``
/// and ``BusName``. The rules are those of the D-Bus specification, "Valid Names".
public struct DBusNameError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of name that was being validated.
    public enum Kind: String, Hashable, Sendable {
        case objectPath = "object path"
        case interfaceName = "interface name"
        case memberName = "member name"
        case errorName = "error name"
        case busName = "bus name"
    }

    public enum Reason: Hashable, Sendable {
        /// The string is empty.
        case empty
        /// Longer than ``DBusSpec/maximumNameLength`` bytes.
        case tooLong(length: Int)
        /// A character the grammar does not allow here (the payload is that character).
        case invalidCharacter(Character)
        /// Object paths start with `/`.
        case missingLeadingSlash
        /// Object paths other than `/` do not end with `/`.
        case trailingSlash
        /// Two separators in a row, or a separator at the start or end.
        case emptyElement
        /// An element of a dotted name (other than a unique bus name) starts with a digit.
        case elementStartsWithDigit
        /// Interface, error and well-known bus names need at least two elements (`a.b`).
        case tooFewElements
    }

    public let kind: Kind
    /// The text that was rejected.
    public let text: String
    public let reason: Reason
    /// 0-based offset, in characters, of the problem in ``text``.
    public let offset: Int

    public init(kind: Kind, text: String, reason: Reason, offset: Int) {
        self.kind = kind
        self.text = text
        self.reason = reason
        self.offset = offset
    }

    /// Example: `invalid interface name 'org.example..Foo': empty element at character 13`.
    public var description: String {
        let position = "at character \(offset + 1)"
        let what: String
        switch reason {
        case .empty:
            return "invalid \(kind.rawValue) '': must not be empty"
        case .tooLong(let length):
            what = "is \(length) bytes long, the limit is \(DBusSpec.maximumNameLength)"
        case .invalidCharacter(let character):
            what = "character '\(character.debugDescriptionWithoutQuotes)' is not allowed \(position)"
        case .missingLeadingSlash:
            what = "must start with '/'"
        case .trailingSlash:
            what = "must not end with '/' \(position)"
        case .emptyElement:
            what = "empty element \(position)"
        case .elementStartsWithDigit:
            what = "element starts with a digit \(position)"
        case .tooFewElements:
            what = "needs at least two elements separated by '.'"
        }
        return "invalid \(kind.rawValue) '\(text)': \(what)"
    }
}

extension Character {
    /// Control and other invisible characters shown escaped, so messages stay on one line.
    var debugDescriptionWithoutQuotes: String {
        let debug = String(reflecting: self)
        return String(debug.dropFirst().dropLast())
    }
}
