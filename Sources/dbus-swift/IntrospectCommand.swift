import ArgumentParser
import DBus
import DBusGeneratorCore
import DBusIntrospection
import Foundation

/// `dbus-swift introspect`: asks a live object for its introspection XML.
struct IntrospectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "introspect",
        abstract: "Print the introspection XML of a live D-Bus object.",
        discussion: """
            Without --recursive, prints the object's reply unchanged. With --recursive, visits \
            every child node too and prints one document with the children nested, ready for \
            `dbus-swift generate`. Exit status: 0 printed, 1 the connection or a call failed, \
            2 usage error.

            Examples:
              dbus-swift introspect --dest org.freedesktop.DBus \\
                  --path /org/freedesktop/DBus
              dbus-swift introspect --bus system --dest org.freedesktop.NetworkManager \\
                  --path /org/freedesktop/NetworkManager --recursive > nm.xml
              dbus-swift introspect --bus unix:path=/tmp/app.sock --recursive
            """)

    @Option(help: "session, system, or a D-Bus address such as unix:path=/run/user/1000/bus.")
    var bus: String = "session"

    @Option(help: "The bus name of the peer (omit on a peer-to-peer address).")
    var dest: String?

    @Option(help: "The object path to introspect.")
    var path: String = "/"

    @Flag(help: "Also introspect every child node.")
    var recursive = false

    @Option(help: "Seconds to wait for each reply.")
    var timeout: Int = 25

    func run() async throws {
        let destination = try dest.map { name in
            do { return try BusName(name) } catch { throw ValidationError("--dest: \(error)") }
        }
        let root: ObjectPath
        do { root = try ObjectPath(path) } catch { throw ValidationError("--path: \(error)") }
        let connection: DBusConnection
        switch bus {
        case "session": connection = try await DBusConnection.sessionBus()
        case "system": connection = try await DBusConnection.systemBus()
        default: connection = try await DBusConnection.connect(to: bus, bus: destination != nil)
        }
        defer { connection.close() }
        let fetch = { (objectPath: ObjectPath) async throws -> String in
            let reply = try await connection.call(
                destination: destination, path: objectPath, interface: "org.freedesktop.DBus.Introspectable", member: "Introspect",
                timeout: .seconds(timeout))
            return try reply.decodeBody(as: String.self)
        }
        guard recursive else {
            print(try await fetch(root), terminator: "")
            return
        }
        var node = try await Self.tree(at: root, fetch: fetch)
        node.name = LocatedString(root.rawValue, at: SourceLocation(file: root.rawValue, line: 1, column: 1))
        print(IntrospectionXMLWriter.document(node), terminator: "")
    }

    /// The node at `path` with each child replaced by its own introspected tree.
    static func tree(at path: ObjectPath, fetch: (ObjectPath) async throws -> String) async throws -> Node {
        let xml = try await fetch(path)
        let document = IntrospectionParser.parse(data: Array(xml.utf8), file: path.rawValue)
        guard var node = document.root, !document.hasErrors else {
            throw ValidationError("the reply for \(path) is not valid introspection XML: \(document.diagnostics.map(\.description).joined(separator: "; "))")
        }
        var children: [Node] = []
        for child in node.children {
            guard let name = child.name?.value else { continue }
            let childPath = try ObjectPath(path.rawValue == "/" ? "/" + name : path.rawValue + "/" + name)
            var subtree = try await tree(at: childPath, fetch: fetch)
            subtree.name = child.name
            children.append(subtree)
        }
        node.children = children
        return node
    }
}
