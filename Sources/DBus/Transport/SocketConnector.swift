#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens the client side of a transport: a connected stream socket for an address entry.
enum SocketConnector {
    /// Connects to the first entry of `addresses` that accepts, in order.
    /// - Throws: the last entry's error when none works.
    static func connect(to addresses: [DBusAddress]) throws(DBusConnectionError) -> (fd: Int32, address: DBusAddress) {
        var lastError = DBusConnectionError.invalidAddress(.empty)
        for address in addresses {
            do throws(DBusConnectionError) {
                return (try connect(to: address), address)
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    static func connect(to address: DBusAddress) throws(DBusConnectionError) -> Int32 {
        switch address.transport {
        case "unix":
            if let path = address["path"] {
                return try system(address) { () throws(SystemError) in try SocketCalls.connectUnix(path: path, abstract: false) }
            }
            if let name = address["abstract"] {
                return try system(address) { () throws(SystemError) in try SocketCalls.connectUnix(path: name, abstract: true) }
            }
            throw .invalidAddress(.missingKey(address: "\(address)", keys: "path, abstract"))
        case "tcp":
            guard let host = address["host"], let port = address["port"] else {
                throw .invalidAddress(.missingKey(address: "\(address)", keys: "host and port"))
            }
            return try system(address) { () throws(SystemError) in
                try SocketCalls.connectTCP(host: host, port: port, family: address["family"])
            }
        default:
            throw .invalidAddress(.unsupportedTransport(address.transport))
        }
    }

    private static func system(_ address: DBusAddress, _ body: () throws(SystemError) -> Int32) throws(DBusConnectionError) -> Int32 {
        do throws(SystemError) { return try body() } catch { throw .connectFailed(address: "\(address)", error) }
    }
}
