/// The annotations the D-Bus specification defines, with their allowed values.
enum StandardAnnotation {
    static let deprecated = "org.freedesktop.DBus.Deprecated"
    static let noReply = "org.freedesktop.DBus.Method.NoReply"
    static let emitsChangedSignal = "org.freedesktop.DBus.Property.EmitsChangedSignal"
    static let docString = "org.gtk.GDBus.DocString"

    static func allowedValues(_ name: String) -> [String]? {
        switch name {
        case deprecated, noReply: ["true", "false"]
        case emitsChangedSignal: ["true", "invalidates", "const", "false"]
        default: nil
        }
    }

    /// EmitsChangedSignal from strongest to weakest promise to clients.
    static func emitsChangedStrength(_ value: String) -> Int? {
        switch value {
        case "const": 3
        case "true": 2
        case "invalidates": 1
        case "false": 0
        default: nil
        }
    }
}
