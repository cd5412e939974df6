import DBusTestSupport
import Foundation
import Testing

/// The `qemu-display` executable, run as a user would, against QEMU on a private bus.
@Suite(.tags(.interop, .qemu))
struct QEMUDisplayCommandTests {
    /// The built tool sits next to the test bundle.
    static var executable: String {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // On Linux the test binary is `<package>PackageTests.xctest` in the build directory.
        while !FileManager.default.fileExists(atPath: directory.appending(path: "qemu-display").path), directory.path != "/" {
            directory.deleteLastPathComponent()
        }
        return directory.appending(path: "qemu-display").path
    }

    @Test(.timeLimit(.minutes(1)))
    func infoScreenshotAndTypeWorkOnTheSessionBus() async throws {
        let bus = try await startPrivateBus()
        let qemu = try await QEMUTestVM.start(.bus(address: bus.address), name: "cli-e2e")
        let directory = try TemporaryDirectory(prefix: "qemu-display-cli")
        defer { directory.remove() }
        let environment = ["DBUS_SESSION_BUS_ADDRESS": bus.address]

        let info = try await Program.run(Self.executable, ["info"], environment: environment)
        #expect(info.status == 0, "\(info.output)")
        #expect(info.output.contains("Name: cli-e2e"))
        #expect(info.output.contains("Console 0: VGA (Graphic"))

        let file = directory.path + "/screen.png"
        let shot = try await Program.run(Self.executable, ["screenshot", "-o", file, "--console", "0"], environment: environment)
        #expect(shot.status == 0, "\(shot.output)")
        let png = try await PNGCheck.check(file: file)
        #expect(png.width == 720 && png.height == 400)
        #expect(png.colours > 1)

        // Any key but ESC at SeaBIOS's boot-menu prompt makes it go on booting.
        let typed = try await Program.run(Self.executable, ["type", " "], environment: environment)
        #expect(typed.status == 0, "\(typed.output)")
        try await qemu.waitForOutput(containing: "No bootable device")
        await qemu.stop()
    }

    @Test(.timeLimit(.minutes(1)))
    func screenshotThroughQMPSocketInPeerToPeerMode() async throws {
        let directory = try TemporaryDirectory(prefix: "qemu-display-cli-p2p")
        defer { directory.remove() }
        let qmpPath = directory.path + "/qmp.sock"
        let qemu = try await QEMUTestVM.start(.peerToPeer, extraArguments: ["-qmp", "unix:\(qmpPath),server=on,wait=off"])

        let file = directory.path + "/screen.png"
        let shot = try await Program.run(Self.executable, ["screenshot", "--qmp", "unix:" + qmpPath, "-o", file])
        await qemu.stop()
        #expect(shot.status == 0, "\(shot.output)")
        let png = try await PNGCheck.check(file: file)
        #expect(png.width == 720 && png.height == 400)
        #expect(png.colours > 1)
    }

    /// Two VMs on one bus: both queue for org.qemu; `info` lists both and `--vm` picks one.
    @Test(.timeLimit(.minutes(1)))
    func infoListsEveryQueuedVMAndVMOptionPicksOne() async throws {
        let bus = try await startPrivateBus()
        let first = try await QEMUTestVM.start(.bus(address: bus.address), name: "first-vm")
        let second = try await QEMUTestVM.start(.bus(address: bus.address), name: "second-vm")

        let all = try await Program.run(Self.executable, ["info", "--address", bus.address])
        #expect(all.status == 0, "\(all.output)")
        #expect(all.output.contains("Name: first-vm") && all.output.contains("Name: second-vm"), "\(all.output)")

        // The second VM's unique name is on the "VM :1.N" line above its name.
        let lines = all.output.split(separator: "\n").map(String.init)
        let index = try #require(lines.firstIndex(of: "  Name: second-vm"))
        let uniqueName = String(lines[index - 1].dropFirst("VM ".count))
        let one = try await Program.run(Self.executable, ["info", "--address", bus.address, "--vm", uniqueName])
        await first.stop()
        await second.stop()
        #expect(one.status == 0, "\(one.output)")
        #expect(one.output.contains("Name: second-vm") && !one.output.contains("first-vm"), "\(one.output)")
    }

    @Test func infoOnABusWithoutQEMUSaysSoAndFails() async throws {
        let bus = try await startPrivateBus()
        let result = try await Program.run(Self.executable, ["info", "--address", bus.address])
        #expect(result.status == 1)
        #expect(result.output.contains("no QEMU owns org.qemu"), "\(result.output)")
    }

    /// ESC at SeaBIOS's prompt opens its boot menu, which it also prints on the debug console.
    @Test(.timeLimit(.minutes(1)))
    func keyEscOpensSeaBIOSBootMenu() async throws {
        let bus = try await startPrivateBus()
        let qemu = try await QEMUTestVM.start(.bus(address: bus.address))
        let result = try await Program.run(Self.executable, ["key", "esc", "--address", bus.address])
        #expect(result.status == 0, "\(result.output)")
        try await qemu.waitForOutput(containing: "Select boot device")
        await qemu.stop()

        let unknown = try await Program.run(Self.executable, ["key", "hyper", "--address", bus.address])
        #expect(unknown.status != 0)
        #expect(unknown.output.contains("unknown key 'hyper'"), "\(unknown.output)")
    }

    @Test func typeRejectsTextWithoutKeysBeforeConnecting() async throws {
        let result = try await Program.run(Self.executable, ["type", "héllo", "--address", "unix:path=/nonexistent"])
        #expect(result.status != 0)
        #expect(result.output.contains("no key types \"é\""), "\(result.output)")
    }
}
