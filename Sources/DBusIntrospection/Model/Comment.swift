/// An XML comment in a taken branch of the document, kept for tools that read comments: inline
/// suppressions (`<!-- dbus-lint: disable=rule-id -->`) and orphaned documentation.
public struct Comment: Hashable, Sendable {
    /// The text between `<!--` and `-->`, unchanged.
    public var text: String
    /// Where `<!--` is.
    public var location: SourceLocation
    /// The gtk-doc symbol when the first non-empty line is `Symbol:` (e.g. `RegisterListener`).
    public var symbol: String?
    /// The element this comment documents, when its symbol matched the next element's name (also
    /// when that element is in a branch not taken for this document's variables).
    public var documents: SourceLocation?

    public init(text: String, location: SourceLocation, symbol: String? = nil, documents: SourceLocation? = nil) {
        self.text = text
        self.location = location
        self.symbol = symbol
        self.documents = documents
    }

    /// A gtk-doc comment that no element picked up (its symbol matched nothing that followed).
    public var isOrphanedDocumentation: Bool { symbol != nil && documents == nil }
}
