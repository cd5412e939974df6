import DBusTestSupport
import Foundation
import Testing

/// Examples/VMStateHelper, run as a program: a file's bytes travel through QEMU's migration.
@Suite(.tags(.interop, .qemu))
struct VMStateHelperExampleTests {
    static var executable: String {
        URL(fileURLWithPath: QEMUDisplayCommandTests.executable).deletingLastPathComponent().appending(path: "VMStateHelperExample").path
    }

    @Test(.timeLimit(.minutes(1)))
    func exampleCarriesAFileAcrossMigration() async throws {
        let bus = try await startPrivateBus()
        let directory = try TemporaryDirectory(prefix: "vmstate-example")
        defer { directory.remove() }
        let sourceFile = directory.path + "/source.bin"
        let destinationFile = directory.path + "/destination.bin"
        let migration = directory.path + "/migration.bin"
        let state = Data((0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) })
        try state.write(to: URL(fileURLWithPath: sourceFile))
        let vmstate = ["-object", "dbus-vmstate,id=dv,addr=" + bus.address.replacingOccurrences(of: ",", with: ",,")]

        let sourceHelper = try PeerProcess(Self.executable, ["--id", "example", "--state-file", sourceFile, "--address", bus.address])
        defer { sourceHelper.stop() }
        try await sourceHelper.waitForLine(startingWith: "Serving VMState1 id 'example'")
        let source = try await QEMUTestVM.startHeadless(extraArguments: vmstate)
        try await source.qmp { try $0.migrate(to: "exec:cat > \(migration)") }
        await source.stop()
        #expect(try await sourceHelper.waitForLine(startingWith: "Save:") == "Save: 1000 bytes from \(sourceFile)")
        sourceHelper.stop()

        let destinationHelper = try PeerProcess(Self.executable, ["--id", "example", "--state-file", destinationFile, "--address", bus.address])
        defer { destinationHelper.stop() }
        try await destinationHelper.waitForLine(startingWith: "Serving VMState1 id 'example'")
        let destination = try await QEMUTestVM.startHeadless(extraArguments: vmstate + ["-incoming", "exec:cat \(migration)"])
        try await destinationHelper.waitForLine(startingWith: "Load: 1000 bytes")
        await destination.stop()
        #expect(try Data(contentsOf: URL(fileURLWithPath: destinationFile)) == state)
    }
}
