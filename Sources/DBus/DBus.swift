/// The D-Bus runtime: names, signatures, the wire format, connections and exported objects.
///
/// This module depends on nothing but the Swift toolchain and never parses XML.
public enum DBusSpec {
    /// Limits from the D-Bus specification ("Valid Signatures", "Message Format").
    public static let maximumSignatureLength = 255
    public static let maximumArrayNesting = 32
    public static let maximumStructNesting = 32
    public static let maximumNameLength = 255
    public static let maximumArrayLength = 64 * 1024 * 1024
    public static let maximumMessageLength = 128 * 1024 * 1024
}
