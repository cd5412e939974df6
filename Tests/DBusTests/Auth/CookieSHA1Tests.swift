import Testing
@testable import DBus
import DBusTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The client side of DBUS_COOKIE_SHA1 without a daemon: keyring checks, the response, and
/// scripted hostile servers. Every test passes its keyring directory explicitly (the process-wide
/// override is left to the serialized interop suite).
@Suite struct CookieSHA1Tests {
    /// A home-like directory holding `.dbus-keyrings/<context>` with the given lines.
    final class Keyring: @unchecked Sendable {
        let home: TemporaryDirectory
        var directory: String { home.path + "/.dbus-keyrings" }

        init(context: String = "org_freedesktop_general", lines: [String], mode: mode_t = 0o700) throws {
            home = try TemporaryDirectory(prefix: "cookie-tests")
            mkdir(home.path + "/.dbus-keyrings", 0o700)
            let file = home.path + "/.dbus-keyrings/" + context
            let handle = try #require(fopen(file, "w"))
            let text = lines.map { $0 + "\n" }.joined()
            _ = fwrite(text, 1, text.utf8.count, handle)
            fclose(handle)
            chmod(directory, mode)
        }

        deinit {
            if let entries = opendir(directory) {
                while let entry = readdir(entries) {
                    let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                    if name != "." && name != ".." { unlink(directory + "/" + name) }
                }
                closedir(entries)
            }
            rmdir(directory)
            home.remove()
        }
    }

    static let cookie = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a6978"

    @Test func theResponseIsTheSHA1OfBothChallengesAndTheCookie() throws {
        let keyring = try Keyring(lines: ["7 1700000000 ffff", "42 1700000001 \(Self.cookie)"])
        let response = try CookieSHA1.respond(
            toChallenge: Array("org_freedesktop_general 42 serverchallenge".utf8),
            keyringDirectory: keyring.directory, clientChallenge: "clientchallenge")
        #expect(response == "clientchallenge " + SHA1.hexDigest(Array("serverchallenge:clientchallenge:\(Self.cookie)".utf8)))
    }

    @Test(arguments: ["", ".", "..", "../etc", "a/b", "a b", "a\tb", "a\\b", "name.with.dots"])
    func invalidContextsAreRejected(context: String) {
        #expect(!CookieSHA1.isValidContext(Array(context.utf8)))
    }

    @Test func validContextsAreAccepted() {
        #expect(CookieSHA1.isValidContext(Array("org_freedesktop_general".utf8)))
        #expect(CookieSHA1.isValidContext(Array("my-context_2".utf8)))
    }

    @Test(arguments: [
        ("org_freedesktop_general 42", "fields"),
        ("org_freedesktop_general 42 chal extra", "fields"),
        ("../../etc 42 chal", "invalid keyring context"),
        ("org_freedesktop_general abc chal", "invalid cookie id"),
        ("org_freedesktop_general -1 chal", "invalid cookie id"),
        ("org_freedesktop_general 99999999999 chal", "invalid cookie id"),
        ("org_freedesktop_general 41 chal", "no cookie with id 41"),
        ("org_freedesktop_general 42 ", "empty challenge"),
        ("missing_context 42 chal", "cannot read the keyring"),
    ])
    func badChallengesFailWithAReason(challenge: String, reason: String) throws {
        let keyring = try Keyring(lines: ["42 1700000001 \(Self.cookie)"])
        #expect {
            _ = try CookieSHA1.respond(toChallenge: Array(challenge.utf8), keyringDirectory: keyring.directory)
        } throws: { error in
            "\(error)".contains(reason)
        }
    }

    @Test(arguments: [mode_t(0o750), 0o705, 0o770, 0o755])
    func aKeyringDirectoryOthersCanAccessIsRefused(mode: mode_t) throws {
        let keyring = try Keyring(lines: ["42 1700000001 \(Self.cookie)"], mode: mode)
        #expect {
            _ = try CookieSHA1.respond(toChallenge: Array("org_freedesktop_general 42 chal".utf8), keyringDirectory: keyring.directory)
        } throws: { error in
            "\(error)".contains("accessible to group or others")
        }
    }

    @Test func theKeyringDirectoryComesFromHOMEThenThePasswdEntry() {
        #expect(CookieSHA1.keyringDirectory(home: "/some/home") == "/some/home/.dbus-keyrings")
        #expect(CookieSHA1.keyringDirectory(home: "/some/home/") == "/some/home/.dbus-keyrings")
        let fallback = CookieSHA1.keyringDirectory(home: nil)
        let passwdHome = getpwuid(geteuid()).flatMap { $0.pointee.pw_dir.map { String(cString: $0) } }
        if let passwdHome { #expect(fallback == passwdHome + "/.dbus-keyrings") }
        #expect(CookieSHA1.keyringDirectory(home: "") == fallback)
    }

    // MARK: Scripted servers

    /// Runs the client handshake against a server that answers AUTH with `reply` (a raw line,
    /// without CRLF), then answers CANCEL with REJECTED, and returns the client's error text.
    func clientError(serverReplies reply: [UInt8], keyring: Keyring) async throws -> String {
        var ends: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0)
        let (server, client) = (ends[0], ends[1])
        defer {
            close(server)
            close(client)
        }
        async let serverDone: Void = offload {
            var channel = SASLLineChannel(fd: server, timeout: 10)
            do throws(DBusConnectionError) {
                _ = try channel.readByte()
                let auth = try channel.readLine()
                guard auth.hasPrefix("AUTH DBUS_COOKIE_SHA1 ") else { return }
                try channel.writeBytes(reply)
                let next = try channel.readLine()
                if next == "CANCEL" { try channel.write("REJECTED DBUS_COOKIE_SHA1") }
                _ = try? channel.readLine()
            } catch {}
        }
        let directory = keyring.directory
        let result: String = try await offload {
            do throws(DBusConnectionError) {
                _ = try SASLClient.authenticate(fd: client, mechanisms: [.cookieSHA1], negotiateFDs: true, timeout: 10, keyringDirectory: directory)
                return "authenticated"
            } catch {
                shutdown(client, Int32(SHUT_RDWR))
                return "\(error)"
            }
        }
        try await serverDone
        return result
    }

    static func dataLine(_ payload: String) -> String { "DATA \(SASLHex.encode(payload))\r\n" }

    @Test(arguments: [
        ("DATA zz\r\n", "not valid hex"),
        ("DATA abc\r\n", "not valid hex"),
        (dataLine("org_freedesktop_general 42"), "fields"),
        (dataLine("org_freedesktop_general 41 chal"), "no cookie with id 41"),
        (dataLine("../.. 42 chal"), "invalid keyring context"),
        (dataLine("org_freedesktop_general 42 ch\u{1}al"), "not printable"),
        ("DATA\r\n", "fields"),
    ])
    func hostileChallengesEndInAnAuthenticationError(reply: String, reason: String) async throws {
        let keyring = try Keyring(lines: ["42 1700000001 \(Self.cookie)"])
        let error = try await clientError(serverReplies: Array(reply.utf8), keyring: keyring)
        #expect(error.contains("authentication failed"), "\(error)")
        #expect(error.contains(reason), "\(error)")
    }

    @Test func anOversizeLineEndsInAnAuthenticationError() async throws {
        let keyring = try Keyring(lines: ["42 1700000001 \(Self.cookie)"])
        let error = try await clientError(serverReplies: Array(repeating: UInt8(ascii: "A"), count: 40_000), keyring: keyring)
        #expect(error.contains("longer than"), "\(error)")
    }

    @Test func aWrongResponseIsReportedAsACookieMismatch() async throws {
        let keyring = try Keyring(lines: ["42 1700000001 \(Self.cookie)"])
        var ends: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0)
        let (server, client) = (ends[0], ends[1])
        defer {
            close(server)
            close(client)
        }
        // A server that checks the response against its own (different) cookie.
        async let serverSaw: String = offload {
            var channel = SASLLineChannel(fd: server, timeout: 10)
            _ = try channel.readByte()
            _ = try channel.readLine()
            try channel.writeBytes(Array(Self.dataLine("org_freedesktop_general 42 serverchallenge").utf8))
            let data = try channel.readLine()
            let payload = String(decoding: SASLHex.decode(String(data.dropFirst(5))) ?? [], as: UTF8.self)
            let parts = payload.split(separator: " ")
            let expected = SHA1.hexDigest(Array("serverchallenge:\(parts[0]):\(Self.cookie)".utf8))
            try channel.write("REJECTED DBUS_COOKIE_SHA1")
            return parts.count == 2 && parts[1] == expected ? "correct" : "wrong"
        }
        let directory = keyring.directory
        let error: String = try await offload {
            do throws(DBusConnectionError) {
                _ = try SASLClient.authenticate(fd: client, mechanisms: [.cookieSHA1], negotiateFDs: true, timeout: 10, keyringDirectory: directory)
                return "authenticated"
            } catch {
                return "\(error)"
            }
        }
        #expect(try await serverSaw == "correct")
        #expect(error.contains("rejected our DBUS_COOKIE_SHA1 response"), "\(error)")
    }
}
