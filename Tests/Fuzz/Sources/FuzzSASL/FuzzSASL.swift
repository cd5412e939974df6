import DBus
import Dispatch
import LibFuzzerDriver
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A keyring for DBUS_COOKIE_SHA1 (context `org_freedesktop_general`, cookie 1), so that inputs
/// can take the client through a challenge. Set up once: HOME points at a private directory.
let keyringReady: Bool = {
    var template = Array("/tmp/fuzz-sasl-XXXXXX".utf8CString)
    guard let home = mkdtemp(&template) else { return false }
    let homePath = String(cString: home)
    let keyrings = homePath + "/.dbus-keyrings"
    guard mkdir(keyrings, 0o700) == 0 else { return false }
    let line = "1 1700000000 0123456789abcdef0123456789abcdef\n"
    let fd = open(keyrings + "/org_freedesktop_general", O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return false }
    _ = line.utf8CString.withUnsafeBytes { write(fd, $0.baseAddress, $0.count - 1) }
    close(fd)
    setenv("HOME", homePath, 1)
    return true
}()

/// One input: the first byte picks our side of the handshake, the rest is everything the peer
/// sends before it stops writing. The handshake must end in a connection or an error, never a
/// crash or a hang (the peer's end of input ends every wait at once).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSASL(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0, keyringReady else { return 0 }
    let role: DBusConnection.AuthRole = switch data[0] % 3 {
    case 0: .server()
    case 1: .server(guid: "0123456789abcdef0123456789abcdef", policy: AuthPolicy(allowAnonymous: true))
    default: .client(mechanisms: [.external, .cookieSHA1, .anonymous])
    }
    var ends: [Int32] = [-1, -1]
    guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
        fatalError("socketpair failed: errno \(errno)")
    }
    let (ours, theirs) = (ends[0], ends[1])
    // The script fits the socket buffer (inputs are at most 64 KiB), so this write never waits.
    var offset = 1
    while offset < count {
        let written = write(theirs, data + offset, count - offset)
        guard written > 0 else { fatalError("write to the socket pair failed: errno \(errno)") }
        offset += written
    }
    shutdown(theirs, Int32(SHUT_WR))
    let done = DispatchSemaphore(value: 0)
    Task {
        if let connection = try? await DBusConnection.peer(socket: ours, role: role, timeout: 5) {
            connection.close()
        }
        done.signal()
    }
    done.wait()
    close(theirs)
    return 0
}

@main
enum FuzzSASLMain {
    static func main() {
        runLibFuzzer { data, count in fuzzSASL(data, count) }
    }
}
