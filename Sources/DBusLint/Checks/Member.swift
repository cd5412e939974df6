internal import DBusIntrospection

/// A method, signal or property seen the same way: name, arguments (none for properties), annotations, docs.
struct Member {
    enum Kind: String { case method, signal, property }

    let kind: Kind
    let name: LocatedString
    let arguments: [Argument]
    let annotations: [Annotation]
    let documentation: Documentation?
    let location: SourceLocation

    init(_ method: Method) {
        kind = .method; name = method.name; arguments = method.arguments
        annotations = method.annotations; documentation = method.documentation; location = method.location
    }

    init(_ signal: Signal) {
        kind = .signal; name = signal.name; arguments = signal.arguments
        annotations = signal.annotations; documentation = signal.documentation; location = signal.location
    }

    init(_ property: Property) {
        kind = .property; name = property.name; arguments = []
        annotations = property.annotations; documentation = property.documentation; location = property.location
    }
}

extension Interface {
    /// Methods, then signals, then properties, each in document order.
    var members: [Member] { methods.map(Member.init) + signals.map(Member.init) + properties.map(Member.init) }
}
