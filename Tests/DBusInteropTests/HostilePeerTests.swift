import Testing
import DBus
#if canImport(Glibc)
import Glibc
#endif

/// A peer that speaks garbage gets a clear error, never a crash or a hang.
@Suite struct HostilePeerTests {
    func pair() -> (Int32, Int32) {
        var ends: [Int32] = [-1, -1]
        _ = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends)
        return (ends[0], ends[1])
    }

    func send(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    func authenticationError(_ role: DBusConnection.AuthRole, peerSends text: String, thenClose: Bool = true, timeout: Double = 5) async -> String {
        let (ours, theirs) = pair()
        send(theirs, text)
        if thenClose { shutdown(theirs, Int32(SHUT_WR)) }
        defer { close(theirs) }
        do {
            let connection = try await DBusConnection.peer(socket: ours, role: role, timeout: timeout)
            connection.close()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func serverRejectsAnOverlongLine() async {
        let error = await authenticationError(.server(), peerSends: "\0AUTH EXTERNAL " + String(repeating: "3", count: 20_000))
        #expect(error.contains("longer than 16384 bytes"))
    }

    @Test func serverRejectsAMissingNulByte() async {
        #expect(await authenticationError(.server(), peerSends: "AUTH EXTERNAL 30\r\n").contains("NUL byte"))
    }

    @Test func serverRejectsBinaryInAuthenticationLines() async {
        #expect(await authenticationError(.server(), peerSends: "\0AUTH \u{1}\u{2}\r\n").contains("non-ASCII or control byte"))
    }

    @Test func serverRejectsBeginBeforeAuthentication() async {
        #expect(await authenticationError(.server(), peerSends: "\0BEGIN\r\n").contains("BEGIN before authenticating"))
    }

    @Test func serverRejectsAWrongClaimedUID() async {
        // EXTERNAL with an identity that is not ours is REJECTED; then the peer hangs up.
        let error = await authenticationError(.server(), peerSends: "\0AUTH EXTERNAL \(hex("4242"))\r\n")
        #expect(error.contains("closed the connection"))
    }

    @Test func clientRejectsAnInvalidGUID() async {
        #expect(await authenticationError(.client(), peerSends: "OK not-a-guid\r\n").contains("invalid GUID"))
    }

    @Test func clientGivesUpWhenEveryMechanismIsRejected() async {
        let error = await authenticationError(.client(), peerSends: "REJECTED EXTERNAL\r\nREJECTED EXTERNAL\r\n")
        #expect(error.contains("rejected every mechanism"))
    }

    @Test func silentPeerTimesOut() async {
        let error = await authenticationError(.client(mechanisms: [.external]), peerSends: "", thenClose: false, timeout: 0.5)
        #expect(error.contains("in time") || error.contains("closed"))
    }

    @Test func garbageAfterAuthenticationClosesTheConnectionWithAProtocolError() async throws {
        let (ours, theirs) = pair()
        defer { close(theirs) }
        // A server handshake, then 16 bytes that are not a message header.
        send(theirs, "\0AUTH EXTERNAL \(hex(String(getuid())))\r\nBEGIN\r\nXXXXXXXXXXXXXXXX")
        let connection = try await DBusConnection.peer(socket: ours, role: .server(), timeout: 5)
        connection.start()
        do {
            _ = try await connection.call(path: "/", member: "Anything", timeout: .seconds(10))
            Issue.record("call on a corrupted connection succeeded")
        } catch let error as DBusConnectionError {
            #expect("\(error)".contains("invalid message"))
        }
    }

    func hex(_ text: String) -> String {
        text.utf8.map { String($0, radix: 16) }.joined()
    }
}
