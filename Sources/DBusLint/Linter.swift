public import DBusIntrospection

/// The guideline checker: XML files in, findings out.
///
/// Each file is parsed once per variant of its `<?if?>` blocks (once when it has none), every check
/// runs on every variant, and findings that agree across variants are merged and labelled with the
/// variants they occur in. Then suppressions (inline comments, the config's `suppress`, a baseline)
/// mark what the project has accepted.
public struct Linter: Sendable {
    /// Reads one variant of a file; in production `IntrospectionParser.parse`.
    public typealias Parser = @Sendable (_ contents: [UInt8], _ file: String, _ variables: [String: String]) -> IntrospectionDocument

    /// An input file: the path as the user wrote it (it appears in findings) and its bytes.
    public struct Input: Sendable {
        public var file: String
        public var contents: [UInt8]

        public init(file: String, contents: [UInt8]) {
            self.file = file
            self.contents = contents
        }
    }

    public var configuration: Configuration
    /// Where config-only names (bus names, errors) are reported; `nil` skips those checks.
    public var configurationFile: String?
    private let parser: Parser

    public init(configuration: Configuration = Configuration(), configurationFile: String? = nil,
                parser: @escaping Parser = { IntrospectionParser.parse(data: $0, file: $1, variables: $2) }) {
        self.configuration = configuration
        self.configurationFile = configurationFile
        self.parser = parser
    }

    /// Every check group, in report order.
    static func runChecks(_ context: inout CheckContext) {
        NameChecks.check(&context)
        TypeChecks.check(&context)
        ValueChecks.check(&context)
        DuplicateChecks.check(&context)
        NamingStyleChecks.check(&context)
        APIDesignChecks.check(&context)
        DocumentationChecks.check(&context)
        QEMUChecks.check(&context)
        SwiftNameChecks.check(&context)
    }

    /// Lints `inputs`; `registry` files (e.g. pinned upstream QEMU XML) only inform the checks.
    /// `previous` maps an input's path to its previous revision for the compatibility rules.
    public func lint(_ inputs: [Input], registry: [Input] = [], previous: [String: Input] = [:], baseline: Baseline? = nil) -> [Finding] {
        let parsed = inputs.map(parseVariants)
        var known: [String: Interface] = [:]
        var qemu: [String: [Interface]] = [:]
        var pinned: [String: [Interface]] = [:]
        for (index, file) in (parsed + registry.map(parseVariants)).enumerated() {
            let isRegistry = index >= parsed.count
            let owner = configuration.settings(for: file.file).owner
            for document in file.documents {
                for interface in document.root?.allInterfaces ?? [] {
                    // The union of all variants: documentation is built from the raw file.
                    known[interface.name.value] = known[interface.name.value].map { $0.union(interface) } ?? interface
                    // Every variant's version: a client may match any one of them.
                    if isRegistry || owner == "qemu", !(qemu[interface.name.value] ?? []).contains(where: { $0.hasSameAPI(as: interface) }) {
                        qemu[interface.name.value, default: []].append(interface)
                    }
                    if isRegistry, !(pinned[interface.name.value] ?? []).contains(where: { $0.hasSameAPI(as: interface) }) {
                        pinned[interface.name.value, default: []].append(interface)
                    }
                }
            }
        }

        var findings: [Finding] = []
        for (file, input) in zip(parsed, inputs) {
            var fileFindings = check(file, known: known, qemu: qemu, pinned: pinned)
                + AttributeChecks.check(input.contents, file: input.file, settings: configuration.settings(for: input.file).rules)
            if let old = previous[input.file] {
                fileFindings += compare(parseVariants(old), with: file)
            }
            findings += applyInlineSuppressions(fileFindings, text: String(decoding: input.contents, as: UTF8.self), file: input.file)
        }
        if let configurationFile {
            findings += ConfigurationChecks.check(configuration, file: configurationFile, settings: RuleSettings(profile: configuration.profile, overrides: configuration.rules))
        }
        findings = applySymbolSuppressions(findings)
        if let baseline { findings = Self.apply(baseline, to: findings, settings: RuleSettings(profile: configuration.profile, overrides: configuration.rules)) }
        return findings.sorted(by: Self.reportOrder)
    }

    /// Compares two revisions with no other checks, for `dbus-swift diff`.
    public func diff(old: Input, new: Input) -> [Finding] {
        compare(parseVariants(old), with: parseVariants(new)).sorted(by: Self.reportOrder)
    }

    static func reportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        (lhs.location, lhs.symbol ?? "", lhs.ruleID, lhs.message) < (rhs.location, rhs.symbol ?? "", rhs.ruleID, rhs.message)
    }

    // MARK: Variants

    struct ParsedFile {
        var file: String
        /// One per variant; variant names parallel to `documents`.
        var documents: [IntrospectionDocument]
        var variantNames: [String]
    }

    /// QEMU's preprocessor only acts on `<?if`, `<?ifdef` and `<?ifndef` blocks; files without
    /// them are parsed once.
    private func parseVariants(_ input: Input) -> ParsedFile {
        let variants = Self.hasConditionals(input.contents) ? configuration.variants : []
        guard !variants.isEmpty else {
            return ParsedFile(file: input.file, documents: [parser(input.contents, input.file, [:])], variantNames: [""])
        }
        return ParsedFile(file: input.file, documents: variants.map { parser(input.contents, input.file, $0.variables) },
                          variantNames: variants.map(\.name))
    }

    static func hasConditionals(_ contents: [UInt8]) -> Bool {
        let needle = Array("<?if".utf8)
        guard contents.count >= needle.count else { return false }
        for index in 0...(contents.count - needle.count) where contents[index] == needle[0] {
            if contents[index..<(index + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    private func check(_ file: ParsedFile, known: [String: Interface], qemu: [String: [Interface]], pinned: [String: [Interface]]) -> [Finding] {
        let (settings, owner) = configuration.settings(for: file.file)
        var perVariant: [[Finding]] = []
        for document in file.documents {
            var context = CheckContext(document: document, settings: settings, configuration: configuration, owner: owner,
                                       knownInterfaces: known, qemuInterfaces: qemu, registryInterfaces: pinned)
            Self.runChecks(&context)
            perVariant.append(parserFindings(document, settings) + context.findings)
        }
        return Self.merge(perVariant, variantNames: file.variantNames)
    }

    /// Parser diagnostics the linter's own rules report with a precise id and message when the
    /// document has a model: `name-invalid` is interface-, member- or property-name-invalid,
    /// `signature-invalid` is also type-not-single, `attribute-invalid` is arg-direction-invalid or
    /// property-access-invalid.
    static let supersededParserDiagnostics: Set<String> = ["name-invalid", "signature-invalid", "attribute-invalid"]

    private func parserFindings(_ document: IntrospectionDocument, _ settings: RuleSettings) -> [Finding] {
        document.diagnostics.compactMap { diagnostic in
            if document.root != nil, let id = diagnostic.id, Self.supersededParserDiagnostics.contains(id) { return nil }
            let id = diagnostic.id ?? (diagnostic.severity == .error ? Rule.xmlMalformed.id : Rule.xmlWarning.id)
            guard let severity = settings.severity(ofDiagnostic: id, reported: diagnostic.severity) else { return nil }
            return Finding(ruleID: id, severity: severity, message: diagnostic.message, location: diagnostic.location)
        }
    }

    /// Findings equal in rule, place and message are one finding; it lists the variants it occurs
    /// in unless that is all of them.
    static func merge(_ perVariant: [[Finding]], variantNames: [String]) -> [Finding] {
        var order: [Finding] = []
        var variants: [Finding: [String]] = [:]
        for (findings, name) in zip(perVariant, variantNames) {
            for finding in findings {
                if variants[finding] == nil { order.append(finding) }
                if variants[finding]?.last != name { variants[finding, default: []].append(name) }
            }
        }
        return order.compactMap { finding in
            var merged = finding
            let names = variants[finding] ?? []
            merged.variants = names.count == variantNames.count ? [] : names
            if !merged.variants.isEmpty, Rule(rawValue: finding.ruleID)?.appliesToUnionOfVariants == true { return nil }
            return merged
        }
    }

    private func compare(_ old: ParsedFile, with new: ParsedFile) -> [Finding] {
        let settings = configuration.settings(for: new.file).rules
        // Compare like with like: the same variant of both revisions (one document each when neither has <?if?>).
        var perVariant: [[Finding]] = []
        var names: [String] = []
        for (index, document) in new.documents.enumerated() {
            let oldDocument = index < old.documents.count ? old.documents[index] : old.documents[0]
            let changes = APIDiff.changes(from: oldDocument.root, to: document.root, newFile: new.file)
            var findings: [Finding] = changes.compactMap { change in
                guard let severity = settings.severity(of: change.rule) else { return nil }
                return Finding(ruleID: change.rule.id, severity: severity, message: "\(change.message) (\(change.code))",
                               location: change.location, symbol: change.symbol)
            }
            if let severity = settings.severity(of: .sinceMissing) {
                findings += changes.compactMap { Self.sinceMissing($0, in: document, severity: severity) }
            }
            perVariant.append(findings)
            names.append(new.variantNames[index])
        }
        return Self.merge(perVariant, variantNames: names)
    }

    /// A member added in this revision without `org.gtk.GDBus.Since` (gdbus-codegen documents and
    /// guards it by version).
    static func sinceMissing(_ change: APIChange, in document: IntrospectionDocument, severity: Severity) -> Finding? {
        guard ["method-added", "signal-added", "property-added"].contains(change.code), let dot = change.symbol.lastIndex(of: ".") else { return nil }
        let interfaceName = String(change.symbol[..<dot])
        let memberName = String(change.symbol[change.symbol.index(after: dot)...])
        guard let interface = document.root?.allInterfaces.first(where: { $0.name.value == interfaceName }),
              let member = interface.members.first(where: { $0.name.value == memberName }),
              member.annotations.value(of: "org.gtk.GDBus.Since") == nil else { return nil }
        return Finding(ruleID: Rule.sinceMissing.id, severity: severity,
                       message: "\(member.kind.rawValue) '\(memberName)' is new in this revision but has no org.gtk.GDBus.Since annotation saying since which version",
                       location: member.name.location, symbol: change.symbol)
    }

    // MARK: Suppressions

    private func applyInlineSuppressions(_ findings: [Finding], text: String, file: String) -> [Finding] {
        guard text.contains("dbus-lint") else { return findings }
        let suppressions = InlineSuppressions(text: text, file: file)
        let settings = configuration.settings(for: file).rules
        var used = Array(repeating: false, count: suppressions.directives.count)
        var result = findings.map { finding -> Finding in
            guard let index = suppressions.directive(for: finding) else { return finding }
            used[index] = true
            var suppressed = finding
            let directive = suppressions.directives[index]
            suppressed.suppression = Suppression(kind: .inSource, source: "\(directive.location.file):\(directive.location.line)",
                                                 reason: directive.reason)
            return suppressed
        }
        if let severity = settings.severity(of: .suppressionInvalid) {
            for problem in suppressions.problems {
                result.append(Finding(ruleID: Rule.suppressionInvalid.id, severity: severity, message: problem.message, location: problem.location))
            }
        }
        if let severity = settings.severity(of: .suppressionUnused) {
            // A suppression of rules this profile does not run is not stale, just idle.
            let idle: (InlineSuppressions.Directive) -> Bool = { directive in
                !directive.rules.contains("all") && directive.rules.allSatisfy { Rule(rawValue: $0).map { !settings.isEnabled($0) } ?? false }
            }
            for (index, directive) in suppressions.directives.enumerated() where !used[index] && !idle(directive) {
                result.append(Finding(ruleID: Rule.suppressionUnused.id, severity: severity,
                                      message: "suppression of \(directive.rules.joined(separator: ", ")) matched no finding; remove it",
                                      location: directive.location))
            }
        }
        return result
    }

    private func applySymbolSuppressions(_ findings: [Finding]) -> [Finding] {
        guard !configuration.suppressions.isEmpty else { return findings }
        var used = Array(repeating: false, count: configuration.suppressions.count)
        var result = findings.map { finding -> Finding in
            guard !finding.isSuppressed, let index = configuration.suppressions.firstIndex(where: { $0.matches(finding) }) else { return finding }
            used[index] = true
            var suppressed = finding
            suppressed.suppression = Suppression(kind: .external, source: "config", reason: configuration.suppressions[index].reason)
            return suppressed
        }
        let settings = RuleSettings(profile: configuration.profile, overrides: configuration.rules)
        if let severity = settings.severity(of: .suppressionUnused) {
            for (index, entry) in configuration.suppressions.enumerated()
            where !used[index] && (entry.rule == "*" || Rule(rawValue: entry.rule).map(settings.isEnabled) == true) {
                result.append(Finding(ruleID: Rule.suppressionUnused.id, severity: severity,
                                      message: "config suppress[\(index)] (\(entry.rule) on \(entry.symbol)) matched no finding; remove it",
                                      location: SourceLocation(file: configurationFile ?? ".dbus-lint.json", line: 1, column: 1),
                                      symbol: "suppress[\(index)]"))
            }
        }
        return result
    }

    /// Each baseline entry accepts one finding with its fingerprint.
    static func apply(_ baseline: Baseline, to findings: [Finding], settings: RuleSettings) -> [Finding] {
        var remaining: [String: [Baseline.Entry]] = Dictionary(grouping: baseline.entries, by: \.fingerprint)
        var result = findings.map { finding -> Finding in
            guard !finding.isSuppressed, var entries = remaining[finding.fingerprint], !entries.isEmpty else { return finding }
            entries.removeFirst()
            remaining[finding.fingerprint] = entries
            var suppressed = finding
            suppressed.suppression = Suppression(kind: .external, source: "baseline")
            return suppressed
        }
        if let severity = settings.severity(of: .suppressionUnused) {
            for entry in remaining.values.joined().sorted(by: { ($0.file, $0.fingerprint) < ($1.file, $1.fingerprint) }) {
                result.append(Finding(ruleID: Rule.suppressionUnused.id, severity: severity,
                                      message: "baseline entry \(entry.fingerprint) (\(entry.rule): \(entry.message)) no longer occurs; rewrite the baseline with --write-baseline",
                                      location: SourceLocation(file: entry.file, line: 1, column: 1), symbol: entry.symbol))
            }
        }
        return result
    }
}
