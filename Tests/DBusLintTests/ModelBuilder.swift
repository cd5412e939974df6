import DBusIntrospection
import DBusLint

/// Builds introspection models by hand for tests that do not need XML.
enum ModelBuilder {
    static let file = "model.xml"

    static func at(_ line: Int, _ column: Int = 1) -> SourceLocation { SourceLocation(file: file, line: line, column: column) }

    static func string(_ value: String, _ line: Int, _ column: Int = 1) -> LocatedString { LocatedString(value, at: at(line, column)) }

    static func argument(_ name: String?, _ type: String, _ direction: ArgumentDirection = .in, line: Int = 3, declared: Bool = true) -> Argument {
        Argument(name: name.map { string($0, line) }, type: string(type, line), declaredDirection: declared ? string(direction.rawValue, line) : nil,
                 direction: direction, location: at(line))
    }

    static func method(_ name: String, _ arguments: [Argument] = [], line: Int = 2, documented: Bool = true) -> Method {
        Method(name: string(name, line), arguments: arguments, documentation: documented ? doc(arguments) : nil, location: at(line))
    }

    static func property(_ name: String, _ type: String, _ access: PropertyAccess = .read, line: Int = 2, annotations: [Annotation] = []) -> Property {
        Property(name: string(name, line), type: string(type, line), declaredAccess: string(access.rawValue, line), access: access,
                 annotations: annotations, documentation: Documentation(text: "A property.", location: at(line - 1)), location: at(line))
    }

    static func doc(_ arguments: [Argument]) -> Documentation {
        Documentation(text: "Does something.", parameters: Dictionary(uniqueKeysWithValues: arguments.compactMap { $0.name.map { ($0.value, "an argument") } }),
                      location: at(1))
    }

    static func document(_ interfaces: [Interface], name: String? = "/com/example/Demo1", variables: [String: String] = [:]) -> IntrospectionDocument {
        IntrospectionDocument(file: file, root: Node(name: name.map { string($0, 1) }, interfaces: interfaces, location: at(1)),
                              variables: variables, diagnostics: [])
    }

    static func interface(_ name: String = "com.example.Demo1", methods: [Method] = [], signals: [Signal] = [], properties: [Property] = []) -> Interface {
        Interface(name: string(name, 1), methods: methods, signals: signals, properties: properties,
                  documentation: Documentation(text: "An interface.", location: at(1)), location: at(1))
    }

    /// Lints one hand-built document as if it were a file.
    static func lint(_ document: IntrospectionDocument, configuration: Configuration = Configuration()) -> [Finding] {
        Linter(configuration: configuration, parser: { _, _, _ in document }).lint([.init(file: file, contents: [])])
    }
}
