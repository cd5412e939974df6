import DBus
import WireWorkloads

/// org.example.Bench1 at /org/example/Bench: the server side of every workload.
final class BenchObject: DBusExportedInterface {
    static let interfaceName: InterfaceName = "org.example.Bench1"
    static let introspectionXML = """
          <interface name="org.example.Bench1">
            <method name="Ping"/>
            <method name="Echo"><arg type="ay" direction="in"/><arg type="ay" direction="out"/></method>
            <method name="EchoStructs"><arg type="a(iiu)" direction="in"/><arg type="a(iiu)" direction="out"/></method>
            <method name="EchoDict"><arg type="a{sv}" direction="in"/><arg type="a{sv}" direction="out"/></method>
          </interface>
        """

    nonisolated(nonsending) func handle(_ call: MethodCallContext) async throws -> MessageBody {
        switch call.member.rawValue {  // As generated skeletons do: no name validation per case.
        case "Ping":
            _ = try call.arguments()
            return MessageBody()
        case "Echo":
            // A view of the received bytes: the reply's encoder makes the only copy.
            let bytes = try call.arguments(as: ArraySlice<UInt8>.self)
            return MessageBody(bytes)
        case "EchoStructs":
            let structs: [Triple] = try call.arguments(as: [Triple].self)
            return MessageBody(structs)
        case "EchoDict":
            let dict: [String: Variant] = try call.arguments(as: [String: Variant].self)
            return MessageBody(dict)
        default:
            throw call.unknownMethod()
        }
    }
}
