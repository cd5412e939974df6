import DBus
import Synchronization

/// A Swift-exported test object, interface org.example.Swift1.
final class Calculator: DBusExportedInterface {
    static let interfaceName: InterfaceName = "org.example.Swift1"
    static let introspectionXML = """
          <interface name="org.example.Swift1">
            <method name="Add">
              <arg type="i" name="a" direction="in"/>
              <arg type="i" name="b" direction="in"/>
              <arg type="i" name="sum" direction="out"/>
            </method>
            <method name="Echo">
              <arg type="s" name="text" direction="in"/>
              <arg type="s" name="text" direction="out"/>
            </method>
            <method name="ReadFD">
              <arg type="h" name="fd" direction="in"/>
              <arg type="s" name="content" direction="out"/>
            </method>
            <method name="Fail"/>
            <signal name="Hello">
              <arg type="s" name="text"/>
            </signal>
            <property name="Count" type="u" access="readwrite"/>
            <property name="Label" type="s" access="read"/>
          </interface>
        """

    private let count = Mutex<UInt32>(5)
    /// Member names in the order they were called (for ordering tests).
    let calls = Mutex<[String]>([])

    func handle(_ call: MethodCallContext) async throws -> MessageBody {
        calls.withLock { $0.append(call.member.rawValue) }
        switch call.member {
        case "Add":
            let (a, b) = try call.arguments(as: Int32.self, Int32.self)
            return MessageBody(a &+ b)
        case "Echo":
            let text: String = try call.arguments(as: String.self)
            return MessageBody(text)
        case "ReadFD":
            let fd: UnixFD = try call.arguments(as: UnixFD.self)
            return MessageBody(readAll(fd))
        case "Fail":
            throw DBusError(name: "org.example.Error.Swift", message: "swift failure text")
        default:
            throw call.unknownMethod()
        }
    }

    func getAllProperties(context: MethodCallContext) async throws -> [String: Variant] {
        ["Count": Variant(count.withLock { $0 }), "Label": Variant("calculator")]
    }

    func setProperty(_ name: String, to value: Variant, context: MethodCallContext) async throws {
        switch name {
        case "Count":
            guard let number = value.get(as: UInt32.self) else {
                throw DBusError.invalidArgs("Count is a uint32, not \(value.signature)")
            }
            count.withLock { $0 = number }
            try await context.connection.emitPropertiesChanged(
                path: context.path, interface: Self.interfaceName, changed: ["Count": Variant(number)])
        case "Label":
            throw DBusError.propertyReadOnly("Label is read-only")
        default:
            throw DBusError.unknownProperty("No such property \(name)")
        }
    }
}
