#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The listening side of the `tcp:` transport.
enum TCPListenSocket {
    /// Binds and listens on the first address `bind` (or `host`) resolves to.
    /// - Parameters:
    ///   - host: the name clients connect to; also what is bound when `bind` is nil.
    ///   - bind: the address to listen on; `*` means every interface.
    ///   - port: a port number, `0` for one the kernel picks.
    ///   - family: `ipv4`, `ipv6` or nil for either.
    /// - Returns: the listening socket and the port it really listens on.
    static func make(host: String, bind bindAddress: String?, port: String, family: String?) throws(SystemError) -> (fd: Int32, port: UInt16) {
        var hints = SocketCalls.streamHints(family: family)
        hints.ai_flags = AI_PASSIVE | AI_ADDRCONFIG
        let node: String? = bindAddress == "*" ? nil : (bindAddress ?? host)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(node, port, &hints, &list)
        guard status == 0, let first = list else {
            let reason = String(cString: gai_strerror(status))
            throw SystemError(operation: "resolve \(node ?? "*"):\(port) to listen on (\(reason))", errno: ENOENT)
        }
        defer { freeaddrinfo(first) }
        var lastError = SystemError(operation: "listen on \(node ?? "*"):\(port)", errno: EADDRNOTAVAIL)
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            cursor = entry.pointee.ai_next
            let fd = socket(entry.pointee.ai_family, SocketCalls.streamType, 0)
            guard fd >= 0 else {
                lastError = SystemError("create a TCP socket")
                continue
            }
            SocketCalls.setCloseOnExec(fd)
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            guard bind(fd, entry.pointee.ai_addr, entry.pointee.ai_addrlen) == 0, listen(fd, 64) == 0 else {
                lastError = SystemError("listen on \(node ?? "*"):\(port)")
                SocketCalls.closeDescriptor(fd)
                continue
            }
            guard let bound = localPort(fd) else {
                lastError = SystemError("read the port of the listening socket")
                SocketCalls.closeDescriptor(fd)
                continue
            }
            return (fd, bound)
        }
        throw lastError
    }

    /// The local port of a bound IPv4 or IPv6 socket.
    static func localPort(_ fd: Int32) -> UInt16? {
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { return nil }
        return withUnsafePointer(to: &address) { pointer -> UInt16? in
            switch Int32(pointer.pointee.ss_family) {
            case AF_INET:
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
            case AF_INET6:
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            default:
                nil
            }
        }
    }
}
