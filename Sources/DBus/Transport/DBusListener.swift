#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The server side of a peer-to-peer transport: listens on `unix:path=`, `unix:dir=`,
/// `unix:tmpdir=`, `unix:abstract=` or `tcp:host=...,port=...` and accepts connections, each of
/// which the caller authenticates as server with `DBusConnection.accept(on:)`.
///
/// TCP has no socket credentials, so EXTERNAL cannot authenticate a TCP client: a TCP server
/// must accept ANONYMOUS (`AuthPolicy(allowAnonymous: true)`), and without that every TCP
/// client fails authentication with an error that says so. Anyone who can reach the port can
/// then call the server; bind to a loopback address unless that is what you want.
public final class DBusListener: @unchecked Sendable {
    /// The address clients connect to (with the server GUID), e.g. `unix:path=/tmp/x,guid=...`.
    public let address: DBusAddress
    /// The GUID this server announces in authentication.
    public let guid: String
    private let fd: Int32
    private let pathToRemove: String?
    private let lock = Lock()
    private var closed = false

    /// Starts listening.
    /// - Parameter address: one entry. `unix:dir=`/`unix:tmpdir=` get a fresh random socket name
    ///   inside. `tcp:host=H,port=P` listens on H (or on `bind=`, `*` for every interface);
    ///   port 0 picks a free port; `family=ipv4|ipv6` restricts the resolution. `address` reports
    ///   the real port.
    /// - Throws: `DBusConnectionError` for an unusable address or a failed bind/listen.
    public init(address text: String) throws(DBusConnectionError) {
        let entry: DBusAddress
        do throws(DBusAddressError) { entry = try DBusAddress(parsing: text) } catch { throw .invalidAddress(error) }
        guid = ServerGUID.make()
        switch entry.transport {
        case "unix":
            let keys = ["path", "dir", "tmpdir", "abstract"].filter { entry[$0] != nil }
            guard keys.count == 1, let key = keys.first, let value = entry[key] else {
                throw keys.isEmpty
                    ? .invalidAddress(.missingKey(address: text, keys: "path, dir, tmpdir, abstract"))
                    : .invalidAddress(.conflictingKeys(address: text, keys: keys.joined(separator: ", ")))
            }
            let path = key == "path" || key == "abstract" ? value : value + "/dbus-swift-" + ServerGUID.make().prefix(16)
            let abstract = key == "abstract"
            do throws(SystemError) {
                fd = try SocketCalls.listenUnix(path: path, abstract: abstract)
            } catch {
                throw .connectFailed(address: text, error)
            }
            pathToRemove = abstract ? nil : path
            address = DBusAddress(transport: "unix", parameters: [(abstract ? "abstract" : "path", path), ("guid", guid)])
        case "tcp":
            let bind = entry["bind"]
            let host = entry["host"] ?? "localhost"  // libdbus's default too
            let port = entry["port"] ?? "0"
            guard let number = UInt16(port) else {
                throw .invalidAddress(.malformedParameter(address: text, parameter: "port=\(port)"))
            }
            let family = entry["family"]
            guard family == nil || family == "ipv4" || family == "ipv6" else {
                throw .invalidAddress(.malformedParameter(address: text, parameter: "family=\(family!)"))
            }
            let listening: (fd: Int32, port: UInt16)
            do throws(SystemError) {
                listening = try TCPListenSocket.make(host: host, bind: bind, port: String(number), family: family)
            } catch {
                throw .connectFailed(address: text, error)
            }
            fd = listening.fd
            pathToRemove = nil
            var parameters: [(key: String, value: String)] = [("host", host), ("port", String(listening.port))]
            if let family { parameters.append(("family", family)) }
            parameters.append(("guid", guid))
            address = DBusAddress(transport: "tcp", parameters: parameters)
        default:
            throw .invalidAddress(.unsupportedTransport(entry.transport))
        }
    }

    deinit { close() }

    /// Waits on a dedicated thread for the next client and returns its connected socket.
    /// - Throws: `DBusConnectionError.disconnected` once the listener is closed.
    public func acceptSocket() async throws(DBusConnectionError) -> Int32 {
        let listener = fd
        let result: Result<Int32, SystemError> = await IOThread.run {
            do throws(SystemError) { return .success(try SocketCalls.accept(listener)) } catch { return .failure(error) }
        }
        switch result {
        case .success(let client): return client
        case .failure(let error): throw .disconnected(reason: "listener closed or failed: \(error)")
        }
    }

    /// Stops listening and removes the socket file.
    public func close() {
        let shouldClose = lock.withLock {
            defer { closed = true }
            return !closed
        }
        guard shouldClose else { return }
        shutdown(fd, Int32(SHUT_RDWR))
        SocketCalls.closeDescriptor(fd)
        if let pathToRemove { unlink(pathToRemove) }
    }
}
