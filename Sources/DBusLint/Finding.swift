public import DBusIntrospection

/// One problem the linter reports.
public struct Finding: Hashable, Sendable {
    /// A `Rule` id, or the parser's diagnostic id for problems it found itself.
    public var ruleID: String
    public var severity: Severity
    public var message: String
    public var location: SourceLocation
    /// The dotted D-Bus path of what the finding is about, e.g.
    /// `org.qemu.Display1.Console.RegisterListener` or `...RegisterListener(listener)` for an argument.
    /// Used for SARIF logical locations, symbol-keyed suppressions and fingerprints.
    public var symbol: String?
    /// The variants (e.g. `windows`) it occurs in; empty when it occurs in all of them.
    public var variants: [String]
    /// Why it does not count, when an inline comment, the config or a baseline accepts it.
    public var suppression: Suppression?

    public init(ruleID: String, severity: Severity, message: String, location: SourceLocation, symbol: String? = nil,
                variants: [String] = [], suppression: Suppression? = nil) {
        self.ruleID = ruleID
        self.severity = severity
        self.message = message
        self.location = location
        self.symbol = symbol
        self.variants = variants
        self.suppression = suppression
    }

    public var isSuppressed: Bool { suppression != nil }

    /// Stable across edits that move lines: rule, file, symbol (or message when there is none) and variants.
    public var fingerprint: String {
        let subject = symbol ?? message
        return Fingerprint.hex("\(ruleID)\u{1F}\(location.file)\u{1F}\(subject)\u{1F}\(variants.joined(separator: ","))")
    }

    /// Compiler style: `file:line:col: severity: message [rule] (variants: a, b)`.
    public var compilerStyle: String {
        var line = "\(location): \(severity.rawValue): \(message) [\(ruleID)]"
        if !variants.isEmpty { line += " (variants: \(variants.joined(separator: ", ")))" }
        return line
    }
}

/// How a finding was accepted.
public struct Suppression: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// A `<!-- dbus-lint disable... -->` comment in the file itself.
        case inSource
        /// The config's `suppress` list or a baseline file.
        case external
    }

    public var kind: Kind
    /// Where it came from, e.g. `file.xml:12`, `config`, `baseline`.
    public var source: String
    public var reason: String?

    public init(kind: Kind, source: String, reason: String? = nil) {
        self.kind = kind
        self.source = source
        self.reason = reason
    }
}
