import Testing
import DBus
#if canImport(Glibc)
import Glibc
#endif

/// SASL between two Swift ends of a socketpair.
@Suite struct AuthenticationTests {
    func handshake(client mechanisms: [AuthMechanism], server policy: AuthPolicy) async -> Result<String, any Error> {
        var ends: [Int32] = [-1, -1]
        _ = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends)
        let (server, client) = (ends[0], ends[1])
        async let serverSide = DBusConnection.peer(socket: server, role: .server(guid: "0123456789abcdef0123456789abcdef", policy: policy), timeout: 5)
        async let clientSide = DBusConnection.peer(socket: client, role: .client(mechanisms: mechanisms), timeout: 5)
        do {
            let (s, c) = try await (serverSide, clientSide)
            defer { s.close(); c.close() }
            return .success(c.serverGUID)
        } catch {
            return .failure(error)
        }
    }

    @Test func externalWithTheSameUIDIsAcceptedAndTheGUIDReachesTheClient() async throws {
        let guid = try await handshake(client: [.external], server: AuthPolicy()).get()
        #expect(guid == "0123456789abcdef0123456789abcdef")
    }

    @Test func anonymousIsRefusedUnlessThePolicyAllowsIt() async throws {
        let refused = await handshake(client: [.anonymous], server: AuthPolicy())
        #expect(throws: (any Error).self) { try refused.get() }
        _ = try await handshake(client: [.anonymous], server: AuthPolicy(allowAnonymous: true)).get()
    }

    @Test func externalFromAnUIDOutsideThePolicyIsRefused() async throws {
        let refused = await handshake(client: [.external], server: AuthPolicy(allowedUIDs: [getuid() &+ 1]))
        #expect(throws: (any Error).self) { try refused.get() }
    }

    @Test func clientFallsBackToTheNextMechanism() async throws {
        _ = try await handshake(client: [.anonymous, .external], server: AuthPolicy()).get()
    }
}
