public import DBusIntrospection

/// The linter reports with the parser's severities: error, warning, note.
public typealias Severity = Diagnostic.Severity

extension Diagnostic.Severity {
    /// Reads `error`, `warning`, `note` (or its alias `info`).
    public init?(configName: String) {
        switch configName {
        case "error": self = .error
        case "warning": self = .warning
        case "note", "info": self = .note
        default: return nil
        }
    }
}
