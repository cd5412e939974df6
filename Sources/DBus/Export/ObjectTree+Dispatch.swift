#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension ObjectTree {
    /// Answers one incoming method call: standard interfaces first, then the exported object.
    /// Errors use the names GDBus and dbus-daemon use (UnknownObject, UnknownInterface,
    /// UnknownMethod, InvalidArgs).
    nonisolated(nonsending) func dispatch(_ call: consuming Message, on connection: DBusConnection) async {
        // The context takes the call (moved, not copied) and is used for it from here on.
        let context = MethodCallContext(message: call, connection: connection)
        let reply: Message
        do {
            let body = try await answer(context)
            reply = Message.methodReturn(replyingTo: context.message, body: body)
        } catch let error as DBusError {
            reply = Message.error(error, replyingTo: context.message)
        } catch let error as DBusWireError {
            reply = Message.error(.invalidArgs("Invalid arguments for \(context.member): \(error)"), replyingTo: context.message)
        } catch {
            reply = Message.error(.failed("\(error)"), replyingTo: context.message)
        }
        await connection.reply(reply, to: context.message)
    }

    nonisolated(nonsending) private func answer(_ context: MethodCallContext) async throws -> MessageBody {
        let path = context.path
        let member = context.member.rawValue
        // Read once: each read of a header field copies it out of the message.
        let interface = context.interface
        let node = node(for: path)
        switch interface {
        case StandardInterfaces.peer?:
            return try peer(context)
        case nil where member == "Ping" && context.message.signature.types.isEmpty && (node == nil || !hasMember(node!, "Ping")):
            return try peer(context)
        case StandardInterfaces.introspectable?:
            guard member == "Introspect" else { throw context.unknownMethod() }
            return try introspect(context, node: node)
        case nil where member == "Introspect":
            return try introspect(context, node: node)
        default:
            break
        }
        guard let node else { throw unknownObject(path) }
        if interface == StandardInterfaces.properties {
            return try await properties(context, node: node)
        }
        if interface == StandardInterfaces.objectManager {
            guard node.isObjectManager, member == "GetManagedObjects" else {
                throw node.isObjectManager ? context.unknownMethod() : unknownInterface(context)
            }
            _ = try context.arguments()
            return MessageBody(try await managedObjects(below: path, context: context))
        }
        if let name = interface {
            guard let object = node.interfaces[name] else { throw unknownInterface(context) }
            return try await object.handle(context)
        }
        // No interface: the first interface that knows the member answers.
        for object in node.interfaces.values.sorted(by: { type(of: $0).interfaceName < type(of: $1).interfaceName }) {
            do {
                return try await object.handle(context)
            } catch let error as DBusError where error.name == .unknownMethod {
                continue
            }
        }
        throw context.unknownMethod()
    }

    private func introspect(_ context: MethodCallContext, node: Node?) throws -> MessageBody {
        guard node != nil || !children(of: context.path).isEmpty else { throw unknownObject(context.path) }
        _ = try context.arguments()
        return MessageBody(introspectionXML(for: context.path, node: node))
    }

    private func hasMember(_ node: Node, _ member: String) -> Bool {
        node.interfaces.values.contains { type(of: $0).introspectionXML.contains("name=\"\(member)\"") }
    }

    private func unknownObject(_ path: ObjectPath) -> DBusError {
        DBusError.unknownObject("No such object path “\(path)”")
    }

    private func unknownInterface(_ context: MethodCallContext) -> DBusError {
        DBusError.unknownInterface("No such interface “\(context.interface?.rawValue ?? "")” at object path “\(context.path)”")
    }

    private func peer(_ context: MethodCallContext) throws -> MessageBody {
        switch context.member.rawValue {
        case "Ping":
            _ = try context.arguments()
            return MessageBody()
        case "GetMachineId":
            _ = try context.arguments()
            return MessageBody(MachineID.read())
        default:
            throw context.unknownMethod()
        }
    }

    private func introspectionXML(for path: ObjectPath, node: Node?) -> String {
        var xml = StandardInterfaces.doctype + "\n<node>\n"
        if let node {
            xml += StandardInterfaces.commonXML + "\n"
            if node.isObjectManager { xml += StandardInterfaces.objectManagerXML + "\n" }
            for object in node.interfaces.values.sorted(by: { type(of: $0).interfaceName < type(of: $1).interfaceName }) {
                xml += type(of: object).introspectionXML + "\n"
            }
        }
        for child in children(of: path) { xml += "  <node name=\"\(child)\"/>\n" }
        return xml + "</node>\n"
    }

    nonisolated(nonsending) private func properties(_ context: MethodCallContext, node: Node) async throws -> MessageBody {
        func object(_ name: String) throws -> any DBusExportedInterface {
            guard let interface = try? InterfaceName(name), let object = node.interfaces[interface] else {
                throw DBusError.invalidArgs("No such interface “\(name)” at object path “\(context.path)”")
            }
            return object
        }
        switch context.member.rawValue {
        case "Get":
            let (interface, property) = try context.arguments(as: String.self, String.self)
            return MessageBody(try await object(interface).getProperty(property, context: context))
        case "GetAll":
            let interface = try context.arguments(as: String.self)
            return MessageBody(try await object(interface).getAllProperties(context: context))
        case "Set":
            let (interface, property, value) = try context.arguments(as: String.self, String.self, Variant.self)
            try await object(interface).setProperty(property, to: value, context: context)
            return MessageBody()
        default:
            throw context.unknownMethod()
        }
    }

    nonisolated(nonsending) func managedObjects(below root: ObjectPath, context: MethodCallContext) async throws -> [ObjectPath: [String: [String: Variant]]] {
        var result: [ObjectPath: [String: [String: Variant]]] = [:]
        for (path, objects) in objects(below: root) {
            var interfaces: [String: [String: Variant]] = [:]
            for object in objects {
                interfaces[type(of: object).interfaceName.rawValue] = try await object.getAllProperties(context: context)
            }
            result[path] = interfaces
        }
        return result
    }
}

/// The machine id for Peer.GetMachineId (/etc/machine-id, else the D-Bus copy of it).
enum MachineID {
    static func read() -> String {
        for path in ["/etc/machine-id", "/var/lib/dbus/machine-id"] {
            guard let file = fopen(path, "r") else { continue }
            defer { fclose(file) }
            var buffer = [CChar](repeating: 0, count: 64)
            guard fgets(&buffer, 64, file) != nil else { continue }
            let id = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                .trimmingSuffix { $0 == "\n" || $0 == " " }
            if id.utf8.count == 32 { return id }
        }
        return ServerGUID.make()
    }
}

extension String {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> String {
        var copy = self
        while let last = copy.last, predicate(last) { copy.removeLast() }
        return copy
    }
}
