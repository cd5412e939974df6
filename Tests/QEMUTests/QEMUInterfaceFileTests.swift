import DBusTestSupport
import Foundation
import Testing

/// Runs scripts/check-qemu-interfaces.py (GLib's signature validator, PI balance, doc coverage)
/// over the project's own Interfaces/org.qemu.*.xml.
struct QEMUInterfaceFileTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(.tags(.interop)) func qemuInterfaceFilesPassTheChecker() throws {
        let script = Self.repository.appendingPathComponent("scripts/check-qemu-interfaces.py").path
        let result = try PeerProcess.run("/usr/bin/python3", [script])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output == "ok: 2 file(s), 16 interfaces, 70 members\n")
    }

    @Test(.tags(.interop)) func checkerListsDisplayMembersWithHostConditions() throws {
        let script = Self.repository.appendingPathComponent("scripts/check-qemu-interfaces.py").path
        let file = Self.repository.appendingPathComponent("Interfaces/org.qemu.Display1.xml").path
        let result = try PeerProcess.run("/usr/bin/python3", [script, "--list", file])
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.contains("  method RegisterListener(in listener:ay@ForceGVariant[$(env.HOST_OS) == windows], in listener:h[NOT($(env.HOST_OS) == windows)])"))
        #expect(lines.contains("interface org.qemu.Display1.Listener.Unix.Map [$(env.HOST_OS) != windows]"))
        #expect(lines.contains("  property NSamples:u read @org.freedesktop.DBus.Property.EmitsChangedSignal=const"))

        // Dropping members documented as newer than 7.2 leaves QEMU 7.2's interface set.
        let old = try PeerProcess.run("/usr/bin/python3", [script, "--list", "--before", "7.2", file])
        let interfaces = old.output.split(separator: "\n").filter { $0.hasPrefix("interface ") }
        #expect(interfaces.count == 10)
        #expect(!old.output.contains("Interfaces:as"))
        #expect(!old.output.contains("MultiTouch"))
    }
}
