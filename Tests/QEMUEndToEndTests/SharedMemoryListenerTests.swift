import DBus
import DBusTestSupport
import Foundation
@testable import QEMUDBus
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `Listener.Unix.Map` (QEMU 9.2+, so not in this machine's 7.2): the generated proxy plays
/// QEMU's part on a real peer-to-peer connection, passing a real file descriptor.
@Suite(.tags(.interop))
struct SharedMemoryListenerTests {
    /// A listener served on one end of a socket pair, and the QEMU-side connection on the other.
    static func connectedListener() async throws -> (listener: DisplayListener, qemu: DBusConnection, client: DBusConnection) {
        var pair: [Int32] = [-1, -1]
        #if os(Linux)
        let type = Int32(SOCK_STREAM.rawValue)
        #else
        let type = SOCK_STREAM
        #endif
        guard socketpair(AF_UNIX, type, 0, &pair) == 0 else { throw POSIXError(.EIO) }
        let (qemuEnd, clientEnd) = (pair[0], pair[1])
        async let qemuSide = DBusConnection.peer(socket: qemuEnd, role: .server())
        let client = try await DBusConnection.peer(socket: clientEnd, role: .client())
        let qemu = try await qemuSide
        let listener = DisplayListener { (2, 2) }
        try listener.export(on: client)
        client.start()
        qemu.start()
        return (listener, qemu, client)
    }

    @Test func scanoutMapAndUpdateMapReadTheSharedPicture() async throws {
        let (listener, qemu, client) = try await Self.connectedListener()
        defer { qemu.close(); client.close() }
        let directory = try TemporaryDirectory(prefix: "listener-map")
        defer { directory.remove() }
        let path = directory.path + "/picture"
        // 16 bytes of header, then a 2x2 picture (BGRX), rows 8 bytes apart.
        try Data([UInt8](repeating: 0xEE, count: 16) + [1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9, 0, 10, 11, 12, 0]).write(to: URL(fileURLWithPath: path))

        let map = Display1ListenerUnixMap.Proxy(connection: qemu, destination: nil, path: DisplayListener.path)
        let listenerProxy = Display1Listener.Proxy(connection: qemu, destination: nil, path: DisplayListener.path)
        #expect(try await listenerProxy.interfaces == ["org.qemu.Display1.Listener.Unix.Map"])

        try await map.scanoutMap(handle: UnixFD(taking: open(path, O_RDONLY)), offset: 16, width: 2, height: 2, stride: 8, pixmanFormat: FrameBuffer.x8r8g8b8)
        #expect(try listener.frameBuffer.rgb() == [3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10])

        // QEMU draws into the shared file, then names the rectangle.
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try file.seek(toOffset: 16 + 8 + 4)
        try file.write(contentsOf: Data([40, 50, 60, 0]))
        try file.close()
        try await map.updateMap(x: 1, y: 1, width: 1, height: 1)
        #expect(try listener.frameBuffer.rgb() == [3, 2, 1, 6, 5, 4, 9, 8, 7, 60, 50, 40])

        // Rectangles outside the picture are refused, not read.
        await #expect(throws: DBusError.self) { try await map.updateMap(x: 1, y: 1, width: 2, height: 2) }
    }

    @Test func scanoutMapRefusesAFileSmallerThanThePicture() async throws {
        let (listener, qemu, client) = try await Self.connectedListener()
        defer { qemu.close(); client.close() }
        let directory = try TemporaryDirectory(prefix: "listener-map-short")
        defer { directory.remove() }
        let path = directory.path + "/picture"
        try Data([UInt8](repeating: 0, count: 20)).write(to: URL(fileURLWithPath: path))

        let map = Display1ListenerUnixMap.Proxy(connection: qemu, destination: nil, path: DisplayListener.path)
        await #expect(throws: DBusError.self) {
            try await map.scanoutMap(handle: UnixFD(taking: open(path, O_RDONLY)), offset: 0, width: 100, height: 100, stride: 400, pixmanFormat: FrameBuffer.x8r8g8b8)
        }
        #expect(listener.frameBuffer.isEmpty)
    }
}
