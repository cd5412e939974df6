/// A starting set of rules and severities; the config's `rules` adjust it.
public enum Profile: String, Hashable, Sendable, CaseIterable {
    /// Only what the specification requires: structure, names, types, values, duplicates.
    case spec
    /// Everything except opt-in heuristics.
    case `default`
    /// Everything, including opt-in rules; reusing QEMU's namespace becomes an error.
    case strict
    /// For QEMU's own files: `default` with documentation and QEMU rules as notes and no `object-path-root`.
    case qemuUpstream = "qemu-upstream"

    /// The severity this profile gives a rule, or `nil` when the rule is off.
    public func severity(of rule: Rule) -> Severity? {
        switch self {
        case .spec:
            return [.xml, .spec, .lint].contains(rule.category) ? rule.defaultSeverity : nil
        case .default:
            return rule.isOptIn ? nil : rule.defaultSeverity
        case .strict:
            return rule == .qemuReservedPrefix ? .error : rule.defaultSeverity
        case .qemuUpstream:
            if rule.isOptIn || rule == .objectPathRoot { return nil }
            if [.docs, .qemu].contains(rule.category) { return .note }
            return rule.defaultSeverity
        }
    }
}
