#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The client side of DBUS_COOKIE_SHA1 ("DBUS_COOKIE_SHA1" under "Authentication mechanisms" in
/// the specification): the server names a cookie in a keyring file of our home directory, and we
/// prove we can read it by hashing it together with both sides' challenges.
///
/// Everything the server sends is untrusted: the context becomes a file name (so it is
/// validated like libdbus and GLib validate it), the cookie id must be a number, and the
/// keyring directory must be private to us.
enum CookieSHA1 {
    /// Why the mechanism could not produce a response; the text ends up in
    /// `DBusConnectionError.authenticationFailed`.
    struct Failure: Error, Equatable, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// The keyring file is a few lines; anything much larger is not a keyring.
    static let maximumKeyringSize = 64 * 1024

    /// The keyring directory a test wants used instead of `$HOME/.dbus-keyrings` (tests must not
    /// change the process's HOME: they run in parallel). Process-wide; internal, for tests only.
    static var directoryOverride: String? {
        get { overrideLock.withLock { overrideStorage } }
        set { overrideLock.withLock { overrideStorage = newValue } }
    }
    private static let overrideLock = Lock()
    nonisolated(unsafe) private static var overrideStorage: String?

    /// The identity sent with `AUTH DBUS_COOKIE_SHA1`: the user name of the effective uid (the
    /// uid in decimal when it has no passwd entry; servers accept either).
    static func userName() -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name, name.pointee != 0 {
            return String(cString: name)
        }
        return String(geteuid())
    }

    /// The keyring directory to use: the test override, else `keyringDirectory(home:)` of $HOME.
    static func keyringDirectory() -> String? {
        directoryOverride ?? keyringDirectory(home: readHome())
    }

    /// `<home>/.dbus-keyrings` (as libdbus: HOME counts when we are not setuid), else the passwd
    /// entry's home directory.
    static func keyringDirectory(home: String?) -> String? {
        var base = home
        if base == nil || base!.isEmpty || getuid() != geteuid() {
            base = nil
            if let entry = getpwuid(geteuid()), let dir = entry.pointee.pw_dir, dir.pointee != 0 {
                base = String(cString: dir)
            }
        }
        guard let base else { return nil }
        return (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/.dbus-keyrings"
    }

    static func readHome() -> String? {
        guard let value = getenv("HOME") else { return nil }
        return String(cString: value)
    }

    /// A context names a file inside the keyring directory: non-empty printable ASCII without
    /// `/`, `\`, `.`, or whitespace (the specification's rule, which also rules out `..`).
    static func isValidContext(_ context: [UInt8]) -> Bool {
        !context.isEmpty && context.count <= 255
            && context.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "\\") && $0 != UInt8(ascii: ".") }
    }

    /// Answers the server's challenge (the decoded payload of its `DATA` line).
    /// - Returns: the payload for our `DATA` reply, `"<client-challenge> <sha1-hex>"`.
    static func respond(toChallenge payload: [UInt8], keyringDirectory directory: String?, clientChallenge: String = makeChallenge()) throws(Failure) -> String {
        guard payload.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw Failure("the server's DBUS_COOKIE_SHA1 challenge is not printable ASCII")
        }
        let fields = payload.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard fields.count == 3 else {
            throw Failure("the server's DBUS_COOKIE_SHA1 challenge has \(fields.count) fields, not 3 (context, cookie id, challenge)")
        }
        let context = Array(fields[0])
        guard isValidContext(context) else {
            throw Failure("the server named an invalid keyring context `\(String(decoding: context, as: UTF8.self))`")
        }
        guard let cookieID = parseID(fields[1]) else {
            throw Failure("the server sent an invalid cookie id `\(String(decoding: fields[1], as: UTF8.self))`")
        }
        let serverChallenge = Array(fields[2])
        guard !serverChallenge.isEmpty else { throw Failure("the server sent an empty challenge") }
        guard let directory else {
            throw Failure("no home directory to find the DBUS_COOKIE_SHA1 keyring in (HOME is unset and the user has no passwd entry)")
        }
        let cookie = try findCookie(id: cookieID, context: String(decoding: context, as: UTF8.self), directory: directory)
        let digest = SHA1.hexDigest(serverChallenge + Array(":\(clientChallenge):\(cookie)".utf8))
        return "\(clientChallenge) \(digest)"
    }

    /// 16 random bytes as 32 hex digits.
    static func makeChallenge() -> String {
        ServerGUID.make()
    }

    /// A cookie id: a decimal number that fits 32 bits (libdbus writes them as such).
    static func parseID<Digits: Collection>(_ text: Digits) -> UInt32? where Digits.Element == UInt8 {
        guard !text.isEmpty, text.count <= 10, text.allSatisfy({ (48...57).contains($0) }) else { return nil }
        return UInt32(String(decoding: text, as: UTF8.self))
    }

    /// Reads `<directory>/<context>` after checking that the directory is ours and private, and
    /// returns the cookie with the given id (the hex text as stored, which is what gets hashed).
    static func findCookie(id: UInt32, context: String, directory: String) throws(Failure) -> String {
        var info = stat()
        guard stat(directory, &info) == 0 else {
            throw Failure("cannot use the keyring directory \(directory): \(SystemError("stat"))")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw Failure("the keyring path \(directory) is not a directory") }
        guard info.st_uid == geteuid() else {
            throw Failure("the keyring directory \(directory) is owned by uid \(info.st_uid), not by us (uid \(geteuid())); refusing to use it")
        }
        guard info.st_mode & (S_IRWXG | S_IRWXO) == 0 else {
            throw Failure("the keyring directory \(directory) is accessible to group or others (mode \(String(info.st_mode & 0o777, radix: 8))); refusing to use it")
        }
        let path = directory + "/" + context
        let contents = try readSmallFile(path)
        for line in contents.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: true)
            guard fields.count == 3, parseID(fields[0]) == id else { continue }
            let cookie = fields[2]
            guard !cookie.isEmpty, cookie.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw Failure("cookie \(id) in \(path) is malformed")
            }
            return String(decoding: cookie, as: UTF8.self)
        }
        throw Failure("the keyring \(path) has no cookie with id \(id)")
    }

    private static func readSmallFile(_ path: String) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw Failure("cannot read the keyring \(path): \(SystemError("open"))") }
        defer { SocketCalls.closeDescriptor(fd) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { raw in SocketCalls.retryingEINTR { read(fd, raw.baseAddress, raw.count) } }
            if count < 0 { throw Failure("cannot read the keyring \(path): \(SystemError("read"))") }
            if count == 0 { return contents }
            contents += chunk[..<count]
            guard contents.count <= maximumKeyringSize else {
                throw Failure("the keyring \(path) is larger than \(maximumKeyringSize) bytes")
            }
        }
    }
}
