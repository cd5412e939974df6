/// `<annotation name="..." value="..."/>` on an interface, member, property or argument.
public struct Annotation: Hashable, Sendable {
    public var name: LocatedString
    public var value: LocatedString
    public var location: SourceLocation

    public init(name: LocatedString, value: LocatedString, location: SourceLocation) {
        self.name = name
        self.value = value
        self.location = location
    }
}

extension Array where Element == Annotation {
    /// The value of the last annotation with this name, as D-Bus tools read it.
    public func value(of name: String) -> String? {
        last(where: { $0.name.value == name })?.value.value
    }
}
