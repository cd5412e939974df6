/// A problem found while reading XML: recoverable problems are collected, never thrown.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable, Comparable, CaseIterable {
        case note, warning, error

        private var rank: Int {
            switch self {
            case .note: 0
            case .warning: 1
            case .error: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation
    /// A stable identifier the linter reports it under (e.g. `xml-malformed`, `element-misplaced`).
    public var id: String?
    /// Other places that explain this one (e.g. the `<?if?>` an unbalanced `<?endif?>` belongs to).
    public var related: [RelatedNote]

    public struct RelatedNote: Hashable, Sendable {
        public var message: String
        public var location: SourceLocation
        public init(message: String, location: SourceLocation) {
            self.message = message
            self.location = location
        }
    }

    public init(_ severity: Severity, _ message: String, at location: SourceLocation, id: String? = nil, related: [RelatedNote] = []) {
        self.id = id
        self.severity = severity
        self.message = message
        self.location = location
        self.related = related
    }

    /// Compiler style: `file:line:col: error: message`.
    public var description: String {
        "\(location): \(severity.rawValue): \(message)" + (id.map { " [\($0)]" } ?? "")
    }
}
