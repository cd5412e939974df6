/// An object path such as `/org/qemu/Display1/Console_0`.
///
/// Validated once at construction (D-Bus specification, "Valid Names"); code that takes one
/// never re-checks it.
public struct ObjectPath: DBusName {
    public let rawValue: String

    public init(_ string: String) throws(DBusNameError) {
        if let violation = string.withUTF8Bytes(NameGrammar.checkObjectPath) {
            throw violation.error(kind: .objectPath, text: string)
        }
        rawValue = string
    }

    /// For callers that validated the bytes already (e.g. the wire decoder).
    init(unchecked rawValue: String) {
        self.rawValue = rawValue
    }

    /// Whether `bytes` (UTF-8) would be accepted, without allocating.
    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        NameGrammar.checkObjectPath(bytes) == nil
    }

    /// Whether `string` would be accepted, without allocating for native strings.
    public static func isValid(_ string: String) -> Bool {
        string.withUTF8Bytes(NameGrammar.checkObjectPath) == nil
    }

    /// The root path, `/`.
    public static let root = ObjectPath(unchecked: "/")

    /// The path elements: `/a/b` has `["a", "b"]`, `/` has none.
    public var elements: [Substring] {
        rawValue.split(separator: "/")
    }

    /// This path with one more element.
    /// - Throws: when `element` is empty or contains characters other than `[A-Za-z0-9_]`.
    public func appending(_ element: String) throws(DBusNameError) -> ObjectPath {
        let path = rawValue == "/" ? "/" + element : rawValue + "/" + element
        if let slash = element.utf8.firstIndex(of: NameGrammar.slash) {
            let offset = path.utf8.count - element.utf8.count + element.utf8.distance(from: element.utf8.startIndex, to: slash)
            throw NameViolation(.invalidCharacter, at: offset).error(kind: .objectPath, text: path)
        }
        return try ObjectPath(path)
    }
}
