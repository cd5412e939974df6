public import DBus

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One console of a VM (`/org/qemu/Display1/Console_N`): its properties, keyboard and mouse,
/// and a display listener for its picture.
public struct QEMUConsole: Sendable {
    public let connection: DBusConnection
    public let destination: BusName?
    public let id: UInt32

    /// Digits only after the prefix, so the path is always valid.
    public var path: ObjectPath { ObjectPath(stringLiteral: "/org/qemu/Display1/Console_\(id)") }

    public var console: Display1Console.Proxy { .init(connection: connection, destination: destination, path: path) }
    public var keyboard: Display1Keyboard.Proxy { .init(connection: connection, destination: destination, path: path) }
    public var mouse: Display1Mouse.Proxy { .init(connection: connection, destination: destination, path: path) }

    /// Presses and releases `key`.
    public func tap(_ key: QEMUKeyCode) async throws {
        try await keyboard.press(keycode: key.rawValue)
        try await keyboard.release(keycode: key.rawValue)
    }

    /// Types `text` as key presses on a US keyboard layout (Shift held where needed).
    /// - Throws: `QEMUConsoleError.untypable` before sending anything if a character has no key.
    public func type(_ text: String) async throws {
        let keys = try text.map { character throws(QEMUConsoleError) in
            guard let key = QEMUKeyCode.usLayout(character) else { throw .untypable(character) }
            return key
        }
        for (key, shift) in keys {
            if shift { try await keyboard.press(keycode: QEMUKeyCode.leftShift.rawValue) }
            try await tap(key)
            if shift { try await keyboard.release(keycode: QEMUKeyCode.leftShift.rawValue) }
        }
    }

    /// Registers a display listener and returns once it is serving: QEMU gets one end of a socket
    /// pair, we authenticate as the client on the other (QEMU is the server), export the listener
    /// and only then start processing, because QEMU's first message is `GetAll` on it.
    public func openDisplay() async throws -> QEMUDisplaySession {
        var pair: [Int32] = [-1, -1]
        #if os(Linux)
        let type = Int32(SOCK_STREAM.rawValue)
        #else
        let type = SOCK_STREAM
        #endif
        guard socketpair(AF_UNIX, type, 0, &pair) == 0 else { throw QEMUConsoleError.socketPair(errno) }
        do {
            // QEMU replies before it authenticates on its end.
            try await console.registerListener(listener: UnixFD(taking: pair[1]))
        } catch {
            close(pair[0])
            throw error
        }
        let peer = try await DBusConnection.peer(socket: pair[0], role: .client())
        let proxy = console
        let listener = DisplayListener { (try await proxy.width, try await proxy.height) }
        do {
            try listener.export(on: peer)
        } catch {
            peer.close()
            throw error
        }
        peer.start()
        return QEMUDisplaySession(console: self, connection: peer, listener: listener)
    }
}

public enum QEMUConsoleError: Error, Equatable, CustomStringConvertible {
    case untypable(Character)
    case socketPair(Int32)

    public var description: String {
        switch self {
        case .untypable(let character): "no key types \(String(reflecting: String(character))) on a US keyboard layout"
        case .socketPair(let code): "socketpair failed (errno \(code))"
        }
    }
}
