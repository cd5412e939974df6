import DBusIntrospection

/// Builds introspection models in code for tests that are about one rule, not about XML.
enum ModelBuilder {
    static let here = SourceLocation(file: "test.xml", line: 1, column: 1)

    static func located(_ value: String, line: Int = 1) -> LocatedString {
        LocatedString(value, at: SourceLocation(file: "test.xml", line: line, column: 1))
    }

    static func argument(_ name: String?, _ type: String, _ direction: ArgumentDirection = .in) -> Argument {
        Argument(name: name.map { located($0) }, type: located(type), declaredDirection: located(direction.rawValue), direction: direction, location: here)
    }

    static func annotation(_ name: String, _ value: String) -> Annotation {
        Annotation(name: located(name), value: located(value), location: here)
    }

    static func method(_ name: String, _ arguments: [Argument] = [], annotations: [Annotation] = [], line: Int = 1) -> Method {
        Method(name: located(name, line: line), arguments: arguments, annotations: annotations, location: here)
    }

    static func property(_ name: String, _ type: String, _ access: PropertyAccess = .read, annotations: [Annotation] = [], line: Int = 1) -> Property {
        Property(name: located(name, line: line), type: located(type), declaredAccess: located(access.rawValue), access: access, annotations: annotations, location: here)
    }

    static func signal(_ name: String, _ arguments: [Argument] = []) -> Signal {
        Signal(name: located(name), arguments: arguments, location: here)
    }

    static func document(_ interfaces: [Interface], file: String = "test.xml") -> IntrospectionDocument {
        IntrospectionDocument(file: file, root: Node(name: nil, interfaces: interfaces, location: here), variables: [:], diagnostics: [])
    }

    static func interface(_ name: String, methods: [Method] = [], properties: [Property] = [], signals: [Signal] = []) -> Interface {
        Interface(name: located(name), methods: methods, signals: signals, properties: properties, location: here)
    }
}
