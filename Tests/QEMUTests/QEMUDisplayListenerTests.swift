import DBusTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension QEMUVirtualMachineTests {
    /// Console.RegisterListener flows with the Python listener peer: the protocol the Swift
    /// listener will implement (socket pair, client-role p2p connection, GetAll, Scanout).
    @Suite
    struct QEMUDisplayListenerTests {
        @Test func pythonListenerReceivesScanoutOverSocketPair() throws {
            let bus = try PrivateBus()
            let qemu = try QEMUProcess(.init(display: .bus(address: bus.address)))
            defer { qemu.stop() }
            let png = NSTemporaryDirectory() + "qemu-scanout-\(UUID().uuidString).png"
            defer { try? FileManager.default.removeItem(atPath: png) }

            let listener = try PeerProcess(QEMUPeers.python, [
                try QEMUPeers.path("qemu_display_listener.py"), "--address", bus.address, "--png", png, "--timeout", "30",
            ])
            defer { listener.stop() }
            let getAll = try listener.waitForJSONEvent("GetProperty")
            #expect(getAll["name"] as? String == "Interfaces")
            let done = try listener.waitForJSONEvent("Done", timeout: 40)

            // Before SeaBIOS switches to text mode QEMU shows its 640x480 placeholder; after, 720x400.
            let width = done["width"] as? Int ?? 0
            let height = done["height"] as? Int ?? 0
            #expect([[640, 480], [720, 400]].contains([width, height]))
            #expect(done["stride"] as? Int == width * 4)
            #expect(done["pixman_format"] as? String == "0x20020888")

            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: png)))
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            let pngWidth = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
            let pngHeight = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
            #expect(pngWidth == width)
            #expect(pngHeight == height)
        }

        @Test func listenerThatRefusesGetAllStillGetsScanout() throws {
            let bus = try PrivateBus()
            let qemu = try QEMUProcess(.init(display: .bus(address: bus.address)))
            defer { qemu.stop() }
            let listener = try PeerProcess(QEMUPeers.python, [
                try QEMUPeers.path("qemu_display_listener.py"), "--address", bus.address, "--getall-error", "--timeout", "20",
            ])
            defer { listener.stop() }
            _ = try listener.waitForJSONEvent("GetAllRefused")
            // Without any reply QEMU would wait 25 s here; an error reply lets it go on at once.
            let done = try listener.waitForJSONEvent("Done", timeout: 20)
            #expect(done["getall"] as? Bool == false)
            #expect(done["ms"] as? Double ?? .infinity < 20_000)
        }

        @Test func listenerRegistersOverPeerToPeerConnection() throws {
            let qemu = try QEMUProcess(.init(display: .peerToPeer))
            defer { qemu.stop() }
            let socket = try qemu.monitor.addDisplayClient()
            defer { close(socket) }
            // The listener's own socket pair is passed over the add_client connection, so two
            // peer-to-peer connections are stacked: QEMU is the authentication server on both.
            let listener = try PeerProcess(
                QEMUPeers.python, [try QEMUPeers.path("qemu_display_listener.py"), "--stdin-socket", "--timeout", "30"],
                passing: [0: socket])
            defer { listener.stop() }
            let done = try listener.waitForJSONEvent("Done", timeout: 40)
            #expect(done["getall"] as? Bool == true)
            #expect(done["pixman_format"] as? String == "0x20020888")
            #expect((done["width"] as? Int ?? 0) > 0)
        }
    }
}
