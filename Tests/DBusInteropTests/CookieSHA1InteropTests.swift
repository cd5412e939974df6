import Testing
@testable import DBus
import DBusTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// DBUS_COOKIE_SHA1 against a real dbus-daemon that offers only that mechanism. The daemon runs
/// with HOME pointing at a temporary directory, so it writes its keyring there; our client is
/// pointed at that keyring through `CookieSHA1.directoryOverride` (process-wide, hence the
/// serialized suite: no other test offers DBUS_COOKIE_SHA1). The test process's HOME is never
/// changed.
@Suite(.tags(.interop), .serialized) struct CookieSHA1InteropTests {
    /// A temporary home with a cookie-only bus whose daemon keeps its keyring inside it.
    final class CookieBus: @unchecked Sendable {
        let home: TemporaryDirectory
        let bus: PrivateBus
        var keyrings: String { home.path + "/.dbus-keyrings" }

        init() async throws {
            let home = try TemporaryDirectory(prefix: "cookie-home")
            self.home = home
            bus = try await offload { try PrivateBus(authMechanisms: ["DBUS_COOKIE_SHA1"], environment: ["HOME": home.path]) }
        }

        func stop() {
            bus.stop()
            CookieBus.removeTree(keyrings)
            home.remove()
        }

        static func removeTree(_ directory: String) {
            guard let entries = opendir(directory) else { return }
            while let entry = readdir(entries) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != ".." { unlink(directory + "/" + name) }
            }
            closedir(entries)
            rmdir(directory)
        }
    }

    func connect(_ bus: CookieBus, keyrings: String) async throws(DBusConnectionError) -> DBusConnection {
        CookieSHA1.directoryOverride = keyrings
        defer { CookieSHA1.directoryOverride = nil }
        return try await DBusConnection.connect(to: bus.bus.address, mechanisms: [.cookieSHA1], timeout: 10)
    }

    @Test func cookieAuthenticationToDBusDaemonSucceedsAndHelloWorks() async throws {
        let bus = try await CookieBus()
        defer { bus.stop() }
        let connection = try await connect(bus, keyrings: bus.keyrings)
        defer { connection.close() }
        let name = try #require(connection.uniqueName)
        #expect(name.rawValue.hasPrefix(":"))
        // A real call through the bus after Hello.
        let reply = try await connection.call(destination: .bus, path: .bus, interface: .bus, member: "GetId")
        #expect(ServerGUID.isValid(try reply.decodeBody(as: String.self)))
        // The daemon created the keyring under the temporary HOME, private to us.
        var info = stat()
        #expect(stat(bus.keyrings + "/org_freedesktop_general", &info) == 0)
        #expect(stat(bus.keyrings, &info) == 0 && info.st_mode & 0o077 == 0)
    }

    @Test func theCookieBusRefusesExternal() async throws {
        let bus = try await CookieBus()
        defer { bus.stop() }
        await #expect(throws: DBusConnectionError.self) {
            _ = try await DBusConnection.connect(to: bus.bus.address, mechanisms: [.external], timeout: 10)
        }
    }

    /// Copies the daemon's keyring into a second private directory with every cookie altered:
    /// the ids still match, the secrets do not, so the daemon rejects our response.
    @Test func aWrongCookieFailsWithAClearError() async throws {
        let bus = try await CookieBus()
        defer { bus.stop() }
        // First a good connection, so that the daemon has written its keyring.
        let first = try await connect(bus, keyrings: bus.keyrings)
        first.close()
        let original = try readText(bus.keyrings + "/org_freedesktop_general")
        let altered = original.split(separator: "\n").map { line -> String in
            var fields = line.split(separator: " ").map(String.init)
            fields[2] = String(fields[2].reversed())
            return fields.joined(separator: " ")
        }.joined(separator: "\n") + "\n"
        let wrong = try TemporaryDirectory(prefix: "cookie-wrong")
        defer { wrong.remove() }
        #expect(chmod(wrong.path, 0o700) == 0)
        try wrong.write(altered, to: "org_freedesktop_general")
        do {
            let connection = try await connect(bus, keyrings: wrong.path)
            connection.close()
            Issue.record("authenticated with a wrong cookie")
        } catch {
            #expect("\(error)".contains("rejected our DBUS_COOKIE_SHA1 response"), "\(error)")
        }
        // An empty keyring (no cookie with the server's id) fails before answering.
        try wrong.write("", to: "org_freedesktop_general")
        do {
            let connection = try await connect(bus, keyrings: wrong.path)
            connection.close()
            Issue.record("authenticated without the cookie")
        } catch {
            #expect("\(error)".contains("has no cookie with id"), "\(error)")
        }
    }
}

private func readText(_ path: String) throws -> String {
    do {
        guard let handle = fopen(path, "r") else { throw HarnessError("cannot read \(path): errno \(errno)") }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, handle)
            if count <= 0 { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
