/// Parses a stream of messages from one peer, remembering what its headers repeat.
///
/// `Message.parse(bytes:fds:)` validates every header from scratch. A transport that reads many
/// messages from the same peer (a connection does) keeps one parser instead: a header equal to
/// the previous one except for its serials and body length is not walked again (see
/// `RepeatedHeader`), and a path, interface, member, bus name or signature whose exact bytes it
/// validated before is reused without building a new String. The results and errors are the
/// same as `Message.parse`'s.
///
/// ```swift
/// var parser = MessageParser()
/// while let bytes = nextFrame() { handle(try parser.parse(bytes: bytes, fds: fds)) }
/// ```
public struct MessageParser: Sendable {
    private var names = HeaderNameCache()
    private var lastHeader = RepeatedHeader()

    public init() {}

    /// Parses and validates one complete message, as `Message.parse(bytes:fds:)` does.
    public mutating func parse(bytes: [UInt8], fds: [UnixFD] = []) throws(DBusWireError) -> Message {
        try Message.parse(bytes: bytes, fds: fds, names: &names, lastHeader: &lastHeader, remember: true)
    }
}
