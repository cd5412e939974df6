import DBus

/// Serves `org.example.Hello1` and calls it through the generated proxy.
///
/// With DBUS_SESSION_BUS_ADDRESS set, the service takes the name `org.example.Hello` on that bus;
/// otherwise the two sides talk peer to peer over a private Unix socket.
@main
struct HelloService {
    static let busName: BusName = "org.example.Hello"

    static func main() async throws {
        let name = CommandLine.arguments.dropFirst().first ?? "world"
        if let address = Environment.value(of: "DBUS_SESSION_BUS_ADDRESS") {
            try await onBus(address: address, name: name)
        } else {
            try await peerToPeer(name: name)
        }
    }

    static func onBus(address: String, name: String) async throws {
        let server = try await DBusConnection.connect(to: address)
        defer { server.close() }
        try server.export(Hello1.Skeleton(Greeter()), at: Greeter.path)
        guard try await server.requestName(busName) == .primaryOwner else {
            throw DBusError.failed("\(busName) is already owned on this bus")
        }
        let client = try await DBusConnection.connect(to: address)
        defer { client.close() }
        try await callService(Hello1.Proxy(connection: client, destination: busName, path: Greeter.path), name: name)
    }

    static func peerToPeer(name: String) async throws {
        let listener = try DBusListener(address: "unix:tmpdir=/tmp")
        defer { listener.close() }
        async let accepted = DBusConnection.accept(on: listener)
        let client = try await DBusConnection.connect(to: listener.address.description, bus: false)
        defer { client.close() }
        let server = try await accepted
        defer { server.close() }
        // Export before start(), so no call can arrive before the object is there.
        try server.export(Hello1.Skeleton(Greeter()), at: Greeter.path)
        server.start()
        try await callService(Hello1.Proxy(connection: client, destination: nil, path: Greeter.path), name: name)
    }

    static func callService(_ hello: Hello1.Proxy, name: String) async throws {
        print(try await hello.greet(name: name))
        print("greetings so far: \(try await hello.greetingCount)")
        do {
            _ = try await hello.greet(name: "")
        } catch let error as DBusError {
            print("an empty name is refused: \(error.name)")
        }
    }
}
