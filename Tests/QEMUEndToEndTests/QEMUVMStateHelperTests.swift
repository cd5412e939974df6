import DBus
import DBusTestSupport
import Foundation
import QEMUDBus
import Testing

@Suite(.tags(.interop, .qemu))
struct QEMUVMStateHelperTests {
    /// Records what QEMU asked of one helper.
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var saves = 0
        let loads: AsyncStream<[UInt8]>
        private let continuation: AsyncStream<[UInt8]>.Continuation
        init() { (loads, continuation) = AsyncStream.makeStream() }
        var saveCount: Int { lock.withLock { saves } }
        func saved() { lock.withLock { saves += 1 } }
        func loaded(_ data: [UInt8]) { continuation.yield(data) }
    }

    @Test(.timeLimit(.minutes(1)))
    func twoQueuedHelpersSaveOnMigrationAndLoadTheirOwnBytesOnTheDestination() async throws {
        let bus = try await startPrivateBus()
        let file = NSTemporaryDirectory() + "qemu-e2e-vmstate-\(UUID().uuidString).bin"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let vmstate = ["-object", "dbus-vmstate,id=dv,addr=" + bus.address.replacingOccurrences(of: ",", with: ",,")]
        // Binary state with every byte value, so nothing is treated as text on the way.
        let states: [String: [UInt8]] = ["alpha": Array(0...255), "beta": Array("beta's state".utf8) + [0, 1, 2]]

        var helpers: [VMStateHelper] = []
        var recorders: [String: Recorder] = [:]
        for id in ["alpha", "beta"] {
            let connection = try await DBusConnection.connect(to: bus.address)
            let recorder = Recorder()
            recorders[id] = recorder
            let state = states[id]!
            helpers.append(try await VMStateHelper(
                on: connection, id: id,
                save: { recorder.saved(); return state },
                load: { recorder.loaded($0) }))
        }
        defer { for helper in helpers { helper.connection.close() } }
        #expect(helpers.map(\.ownership) == [.primaryOwner, .inQueue])

        let source = try await QEMUTestVM.startHeadless(extraArguments: vmstate)
        try await source.qmp { try $0.migrate(to: "exec:cat > \(file)") }
        await source.stop()
        #expect(recorders["alpha"]!.saveCount == 1)
        #expect(recorders["beta"]!.saveCount == 1)

        let destination = try await QEMUTestVM.startHeadless(extraArguments: vmstate + ["-incoming", "exec:cat \(file)"])
        for id in ["alpha", "beta"] {
            var loads = recorders[id]!.loads.makeAsyncIterator()
            let loaded = await loads.next()
            #expect(loaded == states[id], "helper \(id) loaded \(loaded?.count ?? -1) bytes")
        }
        await destination.stop()
    }
}
