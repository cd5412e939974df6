import DBus
import DBusIntrospection

/// An interface with every Swift name and type decided: the translator's input.
struct InterfacePlan: Hashable, Sendable {
    var dbusName: String
    var typeName: String
    var documentation: [String]
    var deprecation: String?
    var methods: [MethodPlan]
    var properties: [PropertyPlan]
    var signals: [SignalPlan]
    var structs: [StructDefinition]
    /// The interface re-serialised as introspection XML, served by the skeleton.
    var introspectionXML: String
}

struct ArgumentPlan: Hashable, Sendable {
    var swiftName: String
    var swiftType: String
    var tree: DBusType
    var documentation: String?
}

struct MethodPlan: Hashable, Sendable {
    var dbusName: String
    var swiftName: String
    var inArguments: [ArgumentPlan]
    var outArguments: [ArgumentPlan]
    var noReply: Bool
    var documentation: [String]
    var deprecation: String?

    var inSignature: String { inArguments.map(\.tree.signatureText).joined() }
    var outSignature: String { outArguments.map(\.tree.signatureText).joined() }

    /// `Void`, the single type, or a labelled tuple.
    var returnType: String? {
        switch outArguments.count {
        case 0: nil
        case 1: outArguments[0].swiftType
        default: "(" + outArguments.map { $0.swiftName.trimmingBackticks + ": " + $0.swiftType }.joined(separator: ", ") + ")"
        }
    }
}

/// `org.freedesktop.DBus.Property.EmitsChangedSignal`.
enum EmitsChangedSignal: String, Hashable, Sendable {
    /// PropertiesChanged carries the new value.
    case `true`
    /// PropertiesChanged lists the name; clients re-fetch.
    case invalidates
    /// The value never changes while the object exists.
    case const
    /// No signal: clients must fetch every time.
    case `false`
}

struct PropertyPlan: Hashable, Sendable {
    var dbusName: String
    var swiftName: String
    var setterName: String?
    /// The proxy's change stream (only for `true` and `invalidates`).
    var changesName: String?
    /// The skeleton's `announce…Changed` (only for `true` and `invalidates`).
    var announceName: String?
    var swiftType: String
    var tree: DBusType
    var access: PropertyAccess
    var emitsChangedSignal: EmitsChangedSignal
    var documentation: [String]
    var deprecation: String?
}

struct SignalPlan: Hashable, Sendable {
    var dbusName: String
    /// The proxy's stream of this signal.
    var swiftName: String
    /// The skeleton's `emit…` function.
    var emitName: String
    /// The struct delivered by the stream.
    var valueTypeName: String
    var arguments: [ArgumentPlan]
    var documentation: [String]
    var deprecation: String?

    var signature: String { arguments.map(\.tree.signatureText).joined() }
}

extension String {
    var trimmingBackticks: String { filter { $0 != "`" } }
}
