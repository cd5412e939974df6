/// The effective severity of every rule for one file: a profile plus per-rule overrides.
public struct RuleSettings: Hashable, Sendable {
    public var profile: Profile
    /// Rule id -> severity, or `nil` for off. Ids the linter does not know (a parser's new
    /// diagnostic) may appear here too.
    public var overrides: [String: Severity?]

    public init(profile: Profile = .default, overrides: [String: Severity?] = [:]) {
        self.profile = profile
        self.overrides = overrides
    }

    /// `nil` when the rule is off.
    public func severity(of rule: Rule) -> Severity? {
        if let override = overrides[rule.id] { return override }
        return profile.severity(of: rule)
    }

    /// For diagnostics the parser reports: known ids follow the rule, unknown ones keep the parser's severity
    /// unless overridden.
    public func severity(ofDiagnostic id: String, reported: Severity) -> Severity? {
        if let override = overrides[id] { return override }
        // The parser knows how bad its own findings are (pi-unsupported is an error for <?cmd?>, a
        // warning otherwise); profiles only decide whether they are shown.
        if let rule = Rule(rawValue: id) { return profile.severity(of: rule) == nil ? nil : reported }
        // The spec profile still reports every XML error: without a valid document nothing else is checked.
        return profile == .spec && reported != .error ? nil : reported
    }

    public func isEnabled(_ rule: Rule) -> Bool { severity(of: rule) != nil }
}
