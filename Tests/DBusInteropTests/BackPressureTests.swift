import Testing
import DBus
import DBusTestSupport
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A peer that stops reading makes senders wait instead of growing the write queue.
@Suite struct BackPressureTests {
    @Test func sendersWaitWhileThePeerDoesNotRead() async throws {
        var ends: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0)
        let (ours, silent) = (ends[0], ends[1])
        // The silent end answers the whole handshake up front, then never reads.
        let answers = Array("OK 0123456789abcdef0123456789abcdef\r\nAGREE_UNIX_FD\r\n".utf8)
        _ = answers.withUnsafeBytes { write(silent, $0.baseAddress, $0.count) }
        let connection = try await DBusConnection.peer(socket: ours, role: .client(mechanisms: [.external])) { _ in }
        defer { connection.close() }

        let megabyte = [UInt8](repeating: 7, count: 1_000_000)
        let total = 48
        let sent = Mutex(0)
        let sender = Task {
            for _ in 0..<total {
                try await connection.send(.signal(path: "/p", interface: "org.example.Flood", member: "Chunk", body: MessageBody(megabyte)))
                sent.withLock { $0 += 1 }
            }
        }
        // Wait until the queue is over its limit: the sender must then be suspended.
        var highest = 0
        while connection.pendingWriteBytes <= DBusConnection.writeQueueLimit {
            highest = max(highest, connection.pendingWriteBytes)
            await Task.yield()
        }
        #expect(sent.withLock { $0 } < total)

        // Drain the silent end on a thread of its own; every send then completes.
        let expected = total * (megabyte.count + 100)
        let drained = Task { try await offload {
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            var count = 0
            while count < expected - total * 200 {
                let n = read(silent, &buffer, buffer.count)
                if n <= 0 { break }
                count += n
            }
            return count
        } }
        while !sender.isCancelled, sent.withLock({ $0 }) < total {
            highest = max(highest, connection.pendingWriteBytes)
            await Task.yield()
        }
        try await sender.value
        #expect(highest <= DBusConnection.writeQueueLimit + megabyte.count + 200)
        close(silent)
        _ = try await drained.value
    }
}
