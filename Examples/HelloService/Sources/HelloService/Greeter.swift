import DBus

/// The service: implements the protocol generated from org.example.Hello1.xml.
///
/// An actor, because calls arrive concurrently and the count is shared state.
actor Greeter: Hello1.Interface {
    static let path: ObjectPath = "/org/example/Hello1"

    private var count: UInt32 = 0

    func greet(name: String) throws -> String {
        guard !name.isEmpty else {
            throw DBusError(name: "org.example.Hello1.Error.EmptyName", message: "say who to greet")
        }
        count += 1
        return "Hello, \(name)!"
    }

    var greetingCount: UInt32 { count }
}
