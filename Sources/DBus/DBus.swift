/// The D-Bus runtime: names, signatures, the wire format, connections and exported objects.
///
/// This module depends on nothing but the Swift toolchain and never parses XML.
///
/// The wire layer, bottom up:
/// - `DBusEncoder` / `DBusDecoder`: one buffer with a cursor, alignment relative to the start,
///   either byte order; the decoder validates everything it reads and throws `DBusWireError`.
/// - `DBusEncodable` / `DBusDecodable` (`DBusCodable`): Swift types with a fixed `DBusType`;
///   integers, `Bool`, `Double`, `String`, `ObjectPath`, `Signature`, `UnixFD`, `Variant`,
///   arrays and dictionaries conform, and D-Bus structs conform with `beginStruct`.
/// - `Variant` (with `Variant.Value` for inspecting any value) and `UnixFD` (an owned fd).
/// - `Message`: header and body, `serialized(serial:)`, `parse(bytes:fds:)`,
///   `requiredLength(fromPrefix:)` for transports, `decodeBody(as:)` and `MessageBody`.
/// - `DBusError`: an error name and message, as carried by error replies.
public enum DBusSpec {
    /// Limits from the D-Bus specification ("Valid Signatures", "Message Format").
    public static let maximumSignatureLength = 255
    public static let maximumArrayNesting = 32
    public static let maximumStructNesting = 32
    public static let maximumNameLength = 255
    public static let maximumArrayLength = 64 * 1024 * 1024
    public static let maximumMessageLength = 128 * 1024 * 1024
}
