/// Direction of a method argument. Signal arguments are always `.out`.
public enum ArgumentDirection: String, Hashable, Sendable {
    case `in`, out
}

/// `<arg name="..." type="..." direction="..."/>`.
public struct Argument: Hashable, Sendable {
    /// Absent for unnamed arguments, which the spec allows.
    public var name: LocatedString?
    /// The signature text exactly as written; validate with `DBus.Signature`.
    public var type: LocatedString
    /// What the XML said; `nil` when the attribute is missing.
    public var declaredDirection: LocatedString?
    /// The direction in effect: the declared one, or the spec default (method: in, signal: out).
    public var direction: ArgumentDirection
    public var annotations: [Annotation]
    public var documentation: Documentation?
    public var location: SourceLocation

    public init(name: LocatedString?, type: LocatedString, declaredDirection: LocatedString?, direction: ArgumentDirection,
                annotations: [Annotation] = [], documentation: Documentation? = nil, location: SourceLocation) {
        self.name = name
        self.type = type
        self.declaredDirection = declaredDirection
        self.direction = direction
        self.annotations = annotations
        self.documentation = documentation
        self.location = location
    }
}

/// `<method name="...">`.
public struct Method: Hashable, Sendable {
    public var name: LocatedString
    public var arguments: [Argument]
    public var annotations: [Annotation]
    public var documentation: Documentation?
    public var location: SourceLocation

    public var inArguments: [Argument] { arguments.filter { $0.direction == .in } }
    public var outArguments: [Argument] { arguments.filter { $0.direction == .out } }

    public init(name: LocatedString, arguments: [Argument] = [], annotations: [Annotation] = [],
                documentation: Documentation? = nil, location: SourceLocation) {
        self.name = name
        self.arguments = arguments
        self.annotations = annotations
        self.documentation = documentation
        self.location = location
    }
}

/// `<signal name="...">`.
public struct Signal: Hashable, Sendable {
    public var name: LocatedString
    public var arguments: [Argument]
    public var annotations: [Annotation]
    public var documentation: Documentation?
    public var location: SourceLocation

    public init(name: LocatedString, arguments: [Argument] = [], annotations: [Annotation] = [],
                documentation: Documentation? = nil, location: SourceLocation) {
        self.name = name
        self.arguments = arguments
        self.annotations = annotations
        self.documentation = documentation
        self.location = location
    }
}

/// `access` of a property.
public enum PropertyAccess: String, Hashable, Sendable {
    case read, write, readwrite

    public var isReadable: Bool { self != .write }
    public var isWritable: Bool { self != .read }
}

/// `<property name="..." type="..." access="..."/>`.
public struct Property: Hashable, Sendable {
    public var name: LocatedString
    public var type: LocatedString
    /// The attribute as written (may be invalid; the linter reports it).
    public var declaredAccess: LocatedString
    /// `nil` when `declaredAccess` is not one of read, write, readwrite.
    public var access: PropertyAccess?
    public var annotations: [Annotation]
    public var documentation: Documentation?
    public var location: SourceLocation

    public init(name: LocatedString, type: LocatedString, declaredAccess: LocatedString, access: PropertyAccess?,
                annotations: [Annotation] = [], documentation: Documentation? = nil, location: SourceLocation) {
        self.name = name
        self.type = type
        self.declaredAccess = declaredAccess
        self.access = access
        self.annotations = annotations
        self.documentation = documentation
        self.location = location
    }
}
