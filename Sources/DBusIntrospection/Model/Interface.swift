/// `<interface name="...">` with its members in document order.
public struct Interface: Hashable, Sendable {
    public var name: LocatedString
    public var methods: [Method]
    public var signals: [Signal]
    public var properties: [Property]
    public var annotations: [Annotation]
    public var documentation: Documentation?
    public var location: SourceLocation

    public init(name: LocatedString, methods: [Method] = [], signals: [Signal] = [], properties: [Property] = [],
                annotations: [Annotation] = [], documentation: Documentation? = nil, location: SourceLocation) {
        self.name = name
        self.methods = methods
        self.signals = signals
        self.properties = properties
        self.annotations = annotations
        self.documentation = documentation
        self.location = location
    }
}

/// `<node>`: an object with interfaces and child nodes (children from live introspection are
/// usually stubs with only a name).
public struct Node: Hashable, Sendable {
    public var name: LocatedString?
    public var interfaces: [Interface]
    public var children: [Node]
    public var documentation: Documentation?
    public var location: SourceLocation

    public init(name: LocatedString?, interfaces: [Interface] = [], children: [Node] = [],
                documentation: Documentation? = nil, location: SourceLocation) {
        self.name = name
        self.interfaces = interfaces
        self.children = children
        self.documentation = documentation
        self.location = location
    }

    /// This node's interfaces followed by those of all descendants, depth first.
    public var allInterfaces: [Interface] {
        interfaces + children.flatMap(\.allInterfaces)
    }
}

/// The result of reading one XML file for one variant of its `<?if?>` blocks.
public struct IntrospectionDocument: Hashable, Sendable {
    public var file: String
    /// `nil` when the file could not be parsed at all (see `diagnostics`).
    public var root: Node?
    /// The preprocessor variables this document was evaluated with (e.g. `["HOST_OS": "linux"]`).
    public var variables: [String: String]
    public var diagnostics: [Diagnostic]
    /// Comments in taken branches, in document order.
    public var comments: [Comment]

    public init(file: String, root: Node?, variables: [String: String], diagnostics: [Diagnostic], comments: [Comment] = []) {
        self.file = file
        self.root = root
        self.variables = variables
        self.diagnostics = diagnostics
        self.comments = comments
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
