/// Documentation attached to an element: from a gtk-doc comment (`Symbol:` first line, `@arg:`
/// lines, body), an `org.gtk.GDBus.DocString` annotation, or a `doc:doc` / `tp:docstring` element.
public struct Documentation: Hashable, Sendable {
    /// The body text, paragraphs separated by blank lines, leading indentation removed.
    public var text: String
    /// Per-argument text from `@name:` lines, keyed by argument name.
    public var parameters: [String: String]
    /// `Since:` / `Deprecated:` style tags found in the comment, keyed by tag name.
    public var tags: [String: String]
    public var location: SourceLocation

    public init(text: String, parameters: [String: String] = [:], tags: [String: String] = [:], location: SourceLocation) {
        self.text = text
        self.parameters = parameters
        self.tags = tags
        self.location = location
    }
}
