/// A D-Bus error: a name such as `org.freedesktop.DBus.Error.InvalidArgs` and a message for
/// people. Method handlers throw it to send an error reply; callers receive it from error replies.
public struct DBusError: Error, Hashable, Sendable, CustomStringConvertible {
    public var name: ErrorName
    public var message: String

    public init(name: ErrorName, message: String) {
        self.name = name
        self.message = message
    }

    public var description: String { message.isEmpty ? name.rawValue : "\(name): \(message)" }
}

extension DBusError {
    public static func failed(_ message: String) -> DBusError { DBusError(name: .failed, message: message) }
    public static func invalidArgs(_ message: String) -> DBusError { DBusError(name: .invalidArgs, message: message) }
    public static func unknownMethod(_ message: String) -> DBusError { DBusError(name: .unknownMethod, message: message) }
    public static func unknownObject(_ message: String) -> DBusError { DBusError(name: .unknownObject, message: message) }
    public static func unknownInterface(_ message: String) -> DBusError { DBusError(name: .unknownInterface, message: message) }
    public static func unknownProperty(_ message: String) -> DBusError { DBusError(name: .unknownProperty, message: message) }
    public static func propertyReadOnly(_ message: String) -> DBusError { DBusError(name: .propertyReadOnly, message: message) }
    public static func accessDenied(_ message: String) -> DBusError { DBusError(name: .accessDenied, message: message) }
}

/// Well-known error names from the D-Bus specification and the reference bus.
extension ErrorName {
    public static let failed: ErrorName = "org.freedesktop.DBus.Error.Failed"
    public static let noMemory: ErrorName = "org.freedesktop.DBus.Error.NoMemory"
    public static let serviceUnknown: ErrorName = "org.freedesktop.DBus.Error.ServiceUnknown"
    public static let nameHasNoOwner: ErrorName = "org.freedesktop.DBus.Error.NameHasNoOwner"
    public static let noReply: ErrorName = "org.freedesktop.DBus.Error.NoReply"
    public static let ioError: ErrorName = "org.freedesktop.DBus.Error.IOError"
    public static let badAddress: ErrorName = "org.freedesktop.DBus.Error.BadAddress"
    public static let notSupported: ErrorName = "org.freedesktop.DBus.Error.NotSupported"
    public static let limitsExceeded: ErrorName = "org.freedesktop.DBus.Error.LimitsExceeded"
    public static let accessDenied: ErrorName = "org.freedesktop.DBus.Error.AccessDenied"
    public static let authFailed: ErrorName = "org.freedesktop.DBus.Error.AuthFailed"
    public static let noServer: ErrorName = "org.freedesktop.DBus.Error.NoServer"
    public static let timeout: ErrorName = "org.freedesktop.DBus.Error.Timeout"
    public static let noNetwork: ErrorName = "org.freedesktop.DBus.Error.NoNetwork"
    public static let addressInUse: ErrorName = "org.freedesktop.DBus.Error.AddressInUse"
    public static let disconnected: ErrorName = "org.freedesktop.DBus.Error.Disconnected"
    public static let invalidArgs: ErrorName = "org.freedesktop.DBus.Error.InvalidArgs"
    public static let fileNotFound: ErrorName = "org.freedesktop.DBus.Error.FileNotFound"
    public static let fileExists: ErrorName = "org.freedesktop.DBus.Error.FileExists"
    public static let unknownMethod: ErrorName = "org.freedesktop.DBus.Error.UnknownMethod"
    public static let unknownObject: ErrorName = "org.freedesktop.DBus.Error.UnknownObject"
    public static let unknownInterface: ErrorName = "org.freedesktop.DBus.Error.UnknownInterface"
    public static let unknownProperty: ErrorName = "org.freedesktop.DBus.Error.UnknownProperty"
    public static let propertyReadOnly: ErrorName = "org.freedesktop.DBus.Error.PropertyReadOnly"
    public static let timedOut: ErrorName = "org.freedesktop.DBus.Error.TimedOut"
    public static let matchRuleNotFound: ErrorName = "org.freedesktop.DBus.Error.MatchRuleNotFound"
    public static let matchRuleInvalid: ErrorName = "org.freedesktop.DBus.Error.MatchRuleInvalid"
    public static let invalidSignature: ErrorName = "org.freedesktop.DBus.Error.InvalidSignature"
    public static let inconsistentMessage: ErrorName = "org.freedesktop.DBus.Error.InconsistentMessage"
    public static let interactiveAuthorizationRequired: ErrorName = "org.freedesktop.DBus.Error.InteractiveAuthorizationRequired"
    public static let objectPathInUse: ErrorName = "org.freedesktop.DBus.Error.ObjectPathInUse"
    public static let unixProcessIdUnknown: ErrorName = "org.freedesktop.DBus.Error.UnixProcessIdUnknown"
}
