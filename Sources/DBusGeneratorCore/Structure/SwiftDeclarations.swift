/// A structured description of generated Swift: declarations are values, so the translator never
/// concatenates source text and the renderer alone decides layout.

/// `public`, `package` or `internal` (written out only where it differs from the default).
public enum AccessModifier: String, Hashable, Sendable, CaseIterable, Codable {
    case `internal`, `package`, `public`

    /// The keyword to put before a declaration (internal is implicit).
    var keyword: String? { self == .internal ? nil : rawValue }
}

/// One generated file.
struct SwiftFile: Hashable, Sendable {
    var name: String
    var headerComments: [String]
    var imports: [ImportDeclaration]
    var declarations: [Declaration]
}

struct ImportDeclaration: Hashable, Sendable {
    var access: AccessModifier?
    var module: String
}

/// What every declaration can carry in front of it.
struct DeclarationPrefix: Hashable, Sendable {
    var documentation: [String] = []
    var attributes: [String] = []
    var access: AccessModifier? = nil
    var modifiers: [String] = []
}

indirect enum Declaration: Hashable, Sendable {
    case namespace(TypeDeclaration)        // `enum X { ... }` without cases
    case structure(TypeDeclaration)
    case finalClass(TypeDeclaration)
    case protocolType(TypeDeclaration)
    case extensionOf(TypeDeclaration)
    case function(FunctionDeclaration)
    case initializer(FunctionDeclaration)
    case variable(VariableDeclaration)
    case typeAlias(prefix: DeclarationPrefix, name: String, type: String)
    case comment(String)
}

struct TypeDeclaration: Hashable, Sendable {
    var prefix = DeclarationPrefix()
    var name: String
    var conformances: [String] = []
    var whereClause: String? = nil
    var members: [Declaration] = []
}

struct Parameter: Hashable, Sendable {
    /// The argument label; `nil` means same as `name`, `"_"` means unlabelled.
    var label: String?
    var name: String
    var type: String
    var defaultValue: String? = nil
}

struct FunctionDeclaration: Hashable, Sendable {
    var prefix = DeclarationPrefix()
    var name: String
    var genericParameters: String? = nil
    var parameters: [Parameter] = []
    var isAsync = false
    /// `nil`: does not throw; `""`: untyped `throws`; otherwise the thrown type.
    var throwsType: String? = nil
    var returnType: String? = nil
    var whereClause: String? = nil
    /// `nil` for a protocol requirement.
    var body: [Statement]?
}

struct VariableDeclaration: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        /// `let name: T = value` (value optional).
        case constant(initializer: String?)
        /// `var name: T = value` (value optional).
        case stored(initializer: String?)
        /// `var name: T { body }`.
        case computed([Statement])
        /// `var name: T { get async throws }` in a protocol, or with a body elsewhere.
        case getter(effects: String, body: [Statement]?)
    }

    var prefix = DeclarationPrefix()
    var name: String
    var type: String?
    var kind: Kind
}

/// Function bodies: lines and nested blocks, so indentation is the renderer's business.
indirect enum Statement: Hashable, Sendable {
    case line(String)
    /// `header {`, the indented body, `}`.
    case block(String, [Statement])
    /// `open` (e.g. `x.map { value in`), the indented body, `close` (e.g. `}`).
    case scope(open: String, [Statement], close: String)
    /// `switch subject {` with each `case pattern:` at the switch's own indentation.
    case switchOver(String, [SwitchCase])
    case blank
}

struct SwitchCase: Hashable, Sendable {
    /// `case "Foo"` or `default`, without the colon.
    var label: String
    var body: [Statement]
}
