internal import DBusIntrospection

/// What a check sees of one file in one variant, and where it reports.
struct CheckContext {
    let document: IntrospectionDocument
    let settings: RuleSettings
    let configuration: Configuration
    /// `qemu` for QEMU's own files; other owners get the namespace rules.
    let owner: String?
    /// Interfaces of every file in the run (and the registry), for documentation references.
    let knownInterfaces: [String: Interface]
    /// Interfaces from QEMU-owned files and the registry, one entry per distinct variant:
    /// implementing these is not squatting, and a local copy must match one of them.
    let qemuInterfaces: [String: [Interface]]
    private(set) var findings: [Finding] = []

    init(document: IntrospectionDocument, settings: RuleSettings, configuration: Configuration, owner: String?,
         knownInterfaces: [String: Interface] = [:], qemuInterfaces: [String: [Interface]] = [:]) {
        self.document = document
        self.settings = settings
        self.configuration = configuration
        self.owner = owner
        self.knownInterfaces = knownInterfaces
        self.qemuInterfaces = qemuInterfaces
    }

    var isQEMUOwned: Bool { owner == "qemu" }

    func isEnabled(_ rule: Rule) -> Bool { settings.isEnabled(rule) }

    mutating func report(_ rule: Rule, _ message: String, at location: SourceLocation, symbol: String?) {
        guard let severity = settings.severity(of: rule) else { return }
        findings.append(Finding(ruleID: rule.id, severity: severity, message: message, location: location, symbol: symbol))
    }
}

/// A family of related rules over one document.
protocol CheckGroup {
    static func check(_ context: inout CheckContext)
}

/// Where an interface sits in the document, for object-path rules.
struct LocatedInterface {
    let interface: Interface
    /// The node that holds it.
    let node: Node
    /// The node's absolute path when the document gives one (root `name` plus child names).
    let path: String?
}

extension Node {
    /// Every interface with its node, depth first, with absolute paths where known.
    func locatedInterfaces(parentPath: String? = nil, isRoot: Bool = true) -> [LocatedInterface] {
        var path: String?
        if let name = name?.value {
            if isRoot {
                path = name.hasPrefix("/") ? name : nil
            } else if let parentPath {
                path = parentPath == "/" ? "/\(name)" : "\(parentPath)/\(name)"
            }
        }
        return interfaces.map { LocatedInterface(interface: $0, node: self, path: path) }
            + children.flatMap { $0.locatedInterfaces(parentPath: path, isRoot: false) }
    }

    /// This node and all descendants with whether each is the root.
    func allNodes(isRoot: Bool = true) -> [(node: Node, isRoot: Bool)] {
        [(self, isRoot)] + children.flatMap { $0.allNodes(isRoot: false) }
    }
}

/// Symbols as findings report them: `iface`, `iface.Member`, `iface.Member(arg)`.
enum Symbol {
    static func member(_ interface: Interface, _ name: LocatedString) -> String { "\(interface.name.value).\(name.value)" }

    static func argument(_ interface: Interface, _ member: LocatedString, _ argument: Argument, index: Int) -> String {
        "\(interface.name.value).\(member.value)(\(argument.name?.value ?? "#\(index)"))"
    }
}

/// A method or signal seen the same way: both have a name, arguments, annotations and docs.
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

extension Interface {
    /// This interface plus the members of another variant of it that it lacks (by kind and name).
    func union(_ other: Interface) -> Interface {
        var result = self
        let methods = Set(self.methods.map(\.name.value))
        let signals = Set(self.signals.map(\.name.value))
        let properties = Set(self.properties.map(\.name.value))
        result.methods += other.methods.filter { !methods.contains($0.name.value) }
        result.signals += other.signals.filter { !signals.contains($0.name.value) }
        result.properties += other.properties.filter { !properties.contains($0.name.value) }
        return result
    }
}

extension Interface {
    /// Equal members, types, directions and access, ignoring locations and documentation.
    func hasSameAPI(as other: Interface) -> Bool {
        APIDiff.changes(from: Node(name: nil, interfaces: [self], location: location),
                        to: Node(name: nil, interfaces: [other], location: other.location), newFile: other.location.file)
            .allSatisfy { $0.code == "argument-name-changed" || $0.code == "deprecated" }
    }
}
