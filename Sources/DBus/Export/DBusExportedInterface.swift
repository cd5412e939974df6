/// One D-Bus interface implemented by a Swift object, ready to export on a connection.
///
/// Generated server skeletons conform to this; hand-written objects can too:
///
/// ```swift
/// final class Greeter: DBusExportedInterface {
///     static let interfaceName: InterfaceName = "org.example.Greeter1"
///     static let introspectionXML = """
///         <interface name="org.example.Greeter1">
///           <method name="Hello"><arg type="s" direction="in"/><arg type="s" direction="out"/></method>
///         </interface>
///         """
///     nonisolated(nonsending) func handle(_ call: MethodCallContext) async throws -> MessageBody {
///         switch call.member {
///         case "Hello":
///             let name = try call.arguments(as: String.self)
///             return MessageBody("Hello, \(name)")
///         default:
///             throw call.unknownMethod()
///         }
///     }
/// }
/// let registration = try connection.export(Greeter(), at: "/org/example/Greeter")
/// ```
///
/// The connection routes a call here after checking the object path and interface; it answers
/// `Introspectable`, `Peer`, `Properties` (through the property requirements below) and
/// `ObjectManager` itself. Throw a `DBusError` to send that error reply; any other error is sent
/// as `org.freedesktop.DBus.Error.Failed`.
public protocol DBusExportedInterface: AnyObject, Sendable {
    /// The interface name, e.g. `org.qemu.Display1.Listener`.
    static var interfaceName: InterfaceName { get }
    /// The `<interface>` element describing it, included in Introspect replies.
    static var introspectionXML: String { get }

    /// Handles one method call of this interface and returns the reply body.
    ///
    /// The requirements are `nonisolated(nonsending)`: a conforming method declared the same way
    /// runs on the connection's dispatcher without an executor hop per call. Plain `async`
    /// methods and actor- or MainActor-isolated ones satisfy them too; Swift hops for them.
    /// - Throws: `DBusError` for an error reply (`call.unknownMethod()` for members it lacks).
    nonisolated(nonsending) func handle(_ call: MethodCallContext) async throws -> MessageBody

    /// The value of property `name`.
    /// - Throws: `DBusError` (`UnknownProperty` by default).
    nonisolated(nonsending) func getProperty(_ name: String, context: MethodCallContext) async throws -> Variant
    /// Sets property `name`.
    /// - Throws: `DBusError` (`PropertyReadOnly` or `UnknownProperty` by default).
    nonisolated(nonsending) func setProperty(_ name: String, to value: Variant, context: MethodCallContext) async throws
    /// Every readable property (for GetAll and GetManagedObjects); empty by default.
    nonisolated(nonsending) func getAllProperties(context: MethodCallContext) async throws -> [String: Variant]
}

extension DBusExportedInterface {
    nonisolated(nonsending) public func getProperty(_ name: String, context: MethodCallContext) async throws -> Variant {
        if let value = try await getAllProperties(context: context)[name] { return value }
        throw DBusError.unknownProperty("No such property “\(name)” on interface \(Self.interfaceName)")
    }

    nonisolated(nonsending) public func setProperty(_ name: String, to value: Variant, context: MethodCallContext) async throws {
        if try await getAllProperties(context: context)[name] != nil {
            throw DBusError.propertyReadOnly("Property “\(name)” of \(Self.interfaceName) is not writable")
        }
        throw DBusError.unknownProperty("No such property “\(name)” on interface \(Self.interfaceName)")
    }

    nonisolated(nonsending) public func getAllProperties(context: MethodCallContext) async throws -> [String: Variant] { [:] }
}

/// An incoming method call as a handler sees it.
public struct MethodCallContext: Sendable {
    /// The call itself (header fields, body, fds).
    public let message: Message
    /// The connection it arrived on; use it to emit signals or call back.
    public let connection: DBusConnection
    /// The path the call was addressed to (below the registered path for fallback objects).
    public var path: ObjectPath { message.path ?? "/" }
    public var member: MemberName { message.member ?? "Unknown" }
    public var interface: InterfaceName? { message.interface }
    /// The caller's unique name on a bus; nil peer to peer.
    public var sender: BusName? { message.sender }

    /// Decodes the arguments as exactly these types.
    /// - Throws: `DBusError` `InvalidArgs` naming the expected and actual signatures.
    @inlinable
    public func arguments<each T: DBusDecodable>(as types: repeat (each T).Type) throws(DBusError) -> (repeat each T) {
        do throws(DBusWireError) {
            return try message.decodeBody(as: repeat (each T).self)
        } catch {
            throw invalidArguments(error)
        }
    }

    // Fixed-arity forms of `arguments(as:)`, specialised at the call site where the variadic
    // form is not (see `Message.decodeBody(as:)`).

    /// Checks that the call has no arguments (generated skeletons call it for methods without
    /// in-arguments).
    @inlinable
    public func arguments() throws(DBusError) {
        do throws(DBusWireError) { try message.decodeBody() } catch { throw invalidArguments(error) }
    }

    @inlinable
    public func arguments<T: DBusDecodable>(as type: T.Type) throws(DBusError) -> T {
        do throws(DBusWireError) { return try message.decodeBody(as: T.self) } catch { throw invalidArguments(error) }
    }

    @inlinable
    public func arguments<A: DBusDecodable, B: DBusDecodable>(as a: A.Type, _ b: B.Type) throws(DBusError) -> (A, B) {
        do throws(DBusWireError) { return try message.decodeBody(as: A.self, B.self) } catch { throw invalidArguments(error) }
    }

    @inlinable
    public func arguments<A: DBusDecodable, B: DBusDecodable, C: DBusDecodable>(as a: A.Type, _ b: B.Type, _ c: C.Type) throws(DBusError) -> (A, B, C) {
        do throws(DBusWireError) { return try message.decodeBody(as: A.self, B.self, C.self) } catch { throw invalidArguments(error) }
    }

    @inlinable
    public func arguments<A: DBusDecodable, B: DBusDecodable, C: DBusDecodable, D: DBusDecodable>(as a: A.Type, _ b: B.Type, _ c: C.Type, _ d: D.Type) throws(DBusError) -> (A, B, C, D) {
        do throws(DBusWireError) { return try message.decodeBody(as: A.self, B.self, C.self, D.self) } catch { throw invalidArguments(error) }
    }

    @usableFromInline
    func invalidArguments(_ error: DBusWireError) -> DBusError {
        DBusError.invalidArgs("Invalid arguments for \(member): \(error)")
    }

    /// The error to throw for a member this interface does not have.
    public func unknownMethod() -> DBusError {
        DBusError.unknownMethod(
            "No such method “\(member)” in interface “\(interface?.rawValue ?? "")” at object path “\(path)” (signature “\(message.signature)”)")
    }
}
