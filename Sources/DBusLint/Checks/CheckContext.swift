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
    /// Interfaces from registry files only (pinned upstream copies), one entry per distinct variant.
    let registryInterfaces: [String: [Interface]]
    private(set) var findings: [Finding] = []

    init(document: IntrospectionDocument, settings: RuleSettings, configuration: Configuration, owner: String?,
         knownInterfaces: [String: Interface] = [:], qemuInterfaces: [String: [Interface]] = [:],
         registryInterfaces: [String: [Interface]] = [:]) {
        self.document = document
        self.settings = settings
        self.configuration = configuration
        self.owner = owner
        self.knownInterfaces = knownInterfaces
        self.qemuInterfaces = qemuInterfaces
        self.registryInterfaces = registryInterfaces
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
