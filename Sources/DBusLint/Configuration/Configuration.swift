/// What `.dbus-lint.json` holds. Every field has a default, so an empty object is a valid config.
public struct Configuration: Hashable, Sendable {
    /// A named set of preprocessor variables; QEMU's `<?if $(env.HOST_OS) == windows?>` blocks are
    /// evaluated once per variant.
    public struct Variant: Hashable, Sendable {
        public var name: String
        public var variables: [String: String]

        public init(name: String, variables: [String: String]) {
            self.name = name
            self.variables = variables
        }
    }

    /// Settings for files whose path matches a glob (e.g. vendored QEMU XML).
    public struct PathOverride: Hashable, Sendable {
        public var pattern: PathPattern
        public var owner: String?
        public var profile: Profile?
        public var rules: [String: Severity?]

        public init(pattern: PathPattern, owner: String? = nil, profile: Profile? = nil, rules: [String: Severity?] = [:]) {
            self.pattern = pattern
            self.owner = owner
            self.profile = profile
            self.rules = rules
        }
    }

    /// Accepts findings of one rule on one symbol, wherever the symbol moves in the file.
    public struct SymbolSuppression: Hashable, Sendable {
        public var rule: String
        /// A dotted symbol as findings report it; a trailing `*` matches any suffix.
        public var symbol: String
        public var reason: String?

        public init(rule: String, symbol: String, reason: String? = nil) {
            self.rule = rule
            self.symbol = symbol
            self.reason = reason
        }

        func matches(_ finding: Finding) -> Bool {
            guard rule == finding.ruleID || rule == "*", let found = finding.symbol else { return false }
            if symbol.hasSuffix("*") { return found.hasPrefix(String(symbol.dropLast())) }
            return found == symbol
        }
    }

    /// QEMU's build evaluates HOST_OS; these are the hosts it supports.
    public static let qemuVariants: [Variant] = [
        Variant(name: "linux", variables: ["HOST_OS": "linux"]),
        Variant(name: "darwin", variables: ["HOST_OS": "darwin"]),
        Variant(name: "windows", variables: ["HOST_OS": "windows"]),
    ]

    public var profile: Profile
    public var rules: [String: Severity?]
    public var variants: [Variant]
    /// Who owns files by default: `qemu` makes QEMU's namespace rules treat them as upstream.
    public var owner: String?
    public var paths: [PathOverride]
    /// Names and paths that cannot appear in XML, checked once per run.
    public var busNames: [String]
    public var objectPaths: [String]
    public var errorNames: [String]
    /// Interface name prefixes the project may use (`interface-prefix-not-allowed`); empty allows all.
    public var allowedPrefixes: [String]
    /// Interfaces exempt from `interface-versioned` (prefixes; a trailing `*` is optional).
    public var unversionedInterfaces: [String]
    public var knownAnnotationPrefixes: [String]
    public var suppressions: [SymbolSuppression]
    /// A baseline file of accepted fingerprints, relative to the config file.
    public var baseline: String?
    /// Upstream interface files (e.g. pinned QEMU XML), relative to the config file: checks refer to
    /// them (qemu-reserved-prefix, qemu-interface-mismatch, doc references) but do not report on them.
    public var registry: [String]

    public static let defaultAnnotationPrefixes = ["org.freedesktop.DBus.", "org.gtk.GDBus.", "org.qtproject.QtDBus."]

    public init(profile: Profile = .default, rules: [String: Severity?] = [:], variants: [Variant] = Configuration.qemuVariants,
                owner: String? = nil, paths: [PathOverride] = [], busNames: [String] = [], objectPaths: [String] = [],
                errorNames: [String] = [], allowedPrefixes: [String] = [], unversionedInterfaces: [String] = [],
                knownAnnotationPrefixes: [String] = Configuration.defaultAnnotationPrefixes,
                suppressions: [SymbolSuppression] = [], baseline: String? = nil, registry: [String] = []) {
        self.profile = profile
        self.rules = rules
        self.variants = variants
        self.owner = owner
        self.paths = paths
        self.busNames = busNames
        self.objectPaths = objectPaths
        self.errorNames = errorNames
        self.allowedPrefixes = allowedPrefixes
        self.unversionedInterfaces = unversionedInterfaces
        self.knownAnnotationPrefixes = knownAnnotationPrefixes
        self.suppressions = suppressions
        self.baseline = baseline
        self.registry = registry
    }

    /// The rule settings and owner for one file, after path overrides (later ones win).
    public func settings(for file: String) -> (rules: RuleSettings, owner: String?) {
        var settings = RuleSettings(profile: profile, overrides: rules)
        var owner = self.owner
        for override in paths where override.pattern.matches(file) {
            if let profile = override.profile { settings.profile = profile }
            if let newOwner = override.owner { owner = newOwner }
            settings.overrides.merge(override.rules) { $1 }
        }
        return (settings, owner)
    }
}
