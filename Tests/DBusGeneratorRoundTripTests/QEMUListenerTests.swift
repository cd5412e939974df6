#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DBus
import Testing

/// QEMU's display flow with generated code on both ends of a socket pair: the client exports a
/// `Display1Listener.Skeleton` before the connection starts, and the "QEMU" end calls it through
/// a `Display1Listener.Proxy` right after authentication, as QEMU does after RegisterListener.
@Suite(.tags(.interop)) struct QEMUListenerTests {
    actor Screen: Display1Listener.Interface {
        private(set) var scanouts: [(width: UInt32, height: UInt32, stride: UInt32, format: UInt32, data: [UInt8])] = []
        private(set) var dmabufContents = ""
        private(set) var updates = 0
        var interfaces: [String] { ["org.qemu.Display1.Listener.Unix.Map"] }

        func scanout(width: UInt32, height: UInt32, stride: UInt32, pixmanFormat: UInt32, data: [UInt8]) {
            scanouts.append((width, height, stride, pixmanFormat, data))
        }

        func update(x: Int32, y: Int32, width: Int32, height: Int32, stride: UInt32, pixmanFormat: UInt32, data: [UInt8]) {
            updates += 1
        }

        func scanoutDMABUF(dmabuf: UnixFD, width: UInt32, height: UInt32, stride: UInt32, fourcc: UInt32, modifier: UInt64, y0Top: Bool) {
            guard let raw = dmabuf.rawValue else { return }
            var buffer = [UInt8](repeating: 0, count: 64)
            let count = read(raw, &buffer, buffer.count)
            dmabufContents = String(decoding: buffer[..<max(0, count)], as: UTF8.self)
        }

        func updateDMABUF(x: Int32, y: Int32, width: Int32, height: Int32) { updates += 1 }
        func disable() {}
        func mouseSet(x: Int32, y: Int32, on: Int32) {}
        func cursorDefine(width: Int32, height: Int32, hotX: Int32, hotY: Int32, data: [UInt8]) {}
    }

    @Test func listenerSkeletonReceivesScanoutsOverASocketPair() async throws {
        let (clientEnd, qemuEnd) = try socketPair()
        // As with RegisterListener: the display client authenticates as SASL client, QEMU answers
        // as server, and QEMU starts calling the listener as soon as the handshake is done.
        async let listenerSide = DBusConnection.peer(socket: clientEnd, role: .client())
        async let qemuSide = DBusConnection.peer(socket: qemuEnd, role: .server())
        let (listenerConnection, qemu) = try await (listenerSide, qemuSide)
        defer {
            qemu.close()
            listenerConnection.close()
        }
        let screen = Screen()
        try listenerConnection.export(Display1Listener.Skeleton(screen), at: "/org/qemu/Display1/Listener")
        listenerConnection.start()
        qemu.start()

        let listener = Display1Listener.Proxy(connection: qemu, destination: nil, path: "/org/qemu/Display1/Listener")
        #expect(try await listener.interfaces == ["org.qemu.Display1.Listener.Unix.Map"])
        let pixels = [UInt8](repeating: 0xAB, count: 1024 * 768 * 4)
        try await listener.scanout(width: 1024, height: 768, stride: 4096, pixmanFormat: 0x2002_0888, data: pixels)
        try await listener.update(x: 0, y: 0, width: 10, height: 10, stride: 40, pixmanFormat: 0x2002_0888, data: [UInt8](repeating: 1, count: 400))
        try await listener.scanoutDMABUF(dmabuf: try pipeHolding("dmabuf"), width: 1, height: 1, stride: 4, fourcc: 0x3432_5258, modifier: 0, y0Top: true)

        let scanouts = await screen.scanouts
        #expect(scanouts.count == 1)
        #expect(scanouts.first?.width == 1024 && scanouts.first?.data == pixels)
        #expect(await screen.updates == 1)
        #expect(await screen.dmabufContents == "dmabuf")
    }
}
