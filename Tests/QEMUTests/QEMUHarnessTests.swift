import DBusTestSupport
import Foundation
import QEMUDBus
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension QEMUVirtualMachineTests {
    /// The QEMU harness itself: start-up, bus objects, QMP add_client, failures.
    @Suite
    struct QEMUHarnessTests {
        @Test func qemuOwnsOrgQemuAndExportsDisplayObjectsOnPrivateBus() throws {
            let bus = try PrivateBus()
            let qemu = try QEMUProcess(.init(display: .bus(address: bus.address)))
            defer { qemu.stop() }

            #expect(try qemu.monitor.status() == "running")
            let managed = try PeerProcess.run("gdbus", [
                "call", "--address", bus.address, "--dest", "org.qemu", "--object-path", "/org/qemu/Display1",
                "--method", "org.freedesktop.DBus.ObjectManager.GetManagedObjects",
            ])
            #expect(managed.status == 0)
            for path in ["/org/qemu/Display1/VM", "/org/qemu/Display1/Console_0", "/org/qemu/Display1/Clipboard"] {
                #expect(managed.output.contains("'\(path)'"), "GetManagedObjects lacks \(path): \(managed.output)")
            }
            #expect(managed.output.contains("'Type': <'Graphic'>"))
            #expect(managed.output.contains("'ConsoleIDs': <[uint32 0]>"))
        }

        @Test func startFailureReportsQEMUsOwnErrorWithoutWaitingForTimeout() throws {
            var options = QEMUProcess.Options(display: .none)
            options.extraArguments = ["-device", "no-such-device"]
            options.timeout = .seconds(60)
            let started = ContinuousClock.now
            do {
                _ = try QEMUProcess(options)
                Issue.record("QEMU started with an unknown device")
            } catch let error as HarnessError {
                // QEMU connects to QMP before it parses -device, so the harness sees the socket close.
                #expect(error.description.contains("QEMU closed the QMP connection"), "\(error)")
                #expect(error.description.contains("'no-such-device' is not a valid device model name"))
            }
            #expect(ContinuousClock.now - started < .seconds(30))
        }

        @Test func peerToPeerClientReachesObjectsThroughQMPAddClient() throws {
            let qemu = try QEMUProcess({
                var options = QEMUProcess.Options(display: .peerToPeer)
                options.name = "p2p-check"
                return options
            }())
            defer { qemu.stop() }

            let socket = try qemu.monitor.addDisplayClient()
            defer { close(socket) }
            let client = try PeerProcess(
                QEMUPeers.python, [try QEMUPeers.path("qemu_p2p_client.py"), "--stdin-socket"], passing: [0: socket])
            defer { client.stop() }
            let result = try client.readJSON()
            #expect(result["name"] as? String == "p2p-check")
            let objects = result["objects"] as? [String] ?? []
            #expect(objects == ["/org/qemu/Display1/Clipboard", "/org/qemu/Display1/Console_0", "/org/qemu/Display1/VM"])
        }

        @Test func addClientIsRefusedInBusMode() throws {
            let bus = try PrivateBus()
            let qemu = try QEMUProcess(.init(display: .bus(address: bus.address)))
            defer { qemu.stop() }
            let error = #expect(throws: QMPError.self) { _ = try qemu.monitor.addDisplayClient() }
            #expect(error?.description.hasPrefix("QEMU refused add_client") == true, "\(String(describing: error))")
        }
    }
}
