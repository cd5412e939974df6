public import DBusIntrospection

/// One difference between two revisions of an interface file.
public struct APIChange: Hashable, Sendable {
    /// Whether existing clients or implementations of the old revision break.
    public var isBreaking: Bool
    /// dbus-deviation's vocabulary where it has a word for it (`method-removed`,
    /// `argument-type-changed`, `property-access-changed-readwrite-read`, `ecs-changed-true-false`).
    public var code: String
    public var message: String
    /// In the new file; for something removed, the enclosing element that remains.
    public var location: SourceLocation
    public var symbol: String

    public init(isBreaking: Bool, code: String, message: String, location: SourceLocation, symbol: String) {
        self.isBreaking = isBreaking
        self.code = code
        self.message = message
        self.location = location
        self.symbol = symbol
    }

    public var rule: Rule { isBreaking ? .apiBreak : .apiAddition }
}
