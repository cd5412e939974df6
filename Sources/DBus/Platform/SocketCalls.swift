#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the socket system calls the transports need, returning `errno` as a
/// `SystemError` instead of -1. Every descriptor is created close-on-exec. The Unix-socket calls
/// are `package`: QEMUDBus's QMP client and the test harnesses open sockets the same way.
package enum SocketCalls {
    #if os(Linux)
    static let streamType = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
    #else
    static let streamType = SOCK_STREAM
    #endif

    /// A connected pair of Unix stream sockets.
    package static func socketPair() throws(SystemError) -> (Int32, Int32) {
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, streamType, 0, &pair) == 0 else { throw SystemError("socketpair") }
        setCloseOnExec(pair[0])
        setCloseOnExec(pair[1])
        return (pair[0], pair[1])
    }

    /// Connects to a Unix socket at `path`, or in the abstract namespace when `abstract` is set.
    package static func connectUnix(path: String, abstract: Bool) throws(SystemError) -> Int32 {
        var address = try unixAddress(path: path, abstract: abstract)
        let fd = socket(AF_UNIX, streamType, 0)
        guard fd >= 0 else { throw SystemError("socket") }
        setCloseOnExec(fd)
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.utf8.count + (abstract ? 1 : 0))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in retryingEINTR { connect(fd, pointer, length) } }
        }
        guard result == 0 else {
            let error = SystemError("connect to \(abstract ? "abstract " : "")\(path)")
            close(fd)
            throw error
        }
        return fd
    }

    /// Listens on a Unix socket at `path` (or abstract name), replacing nothing: an existing
    /// file makes it fail with EADDRINUSE.
    package static func listenUnix(path: String, abstract: Bool) throws(SystemError) -> Int32 {
        var address = try unixAddress(path: path, abstract: abstract)
        let fd = socket(AF_UNIX, streamType, 0)
        guard fd >= 0 else { throw SystemError("socket") }
        setCloseOnExec(fd)
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.utf8.count + (abstract ? 1 : 0))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            let error = SystemError("listen on \(path)")
            close(fd)
            throw error
        }
        return fd
    }

    /// getaddrinfo hints for a stream socket of the D-Bus address's `family` (`ipv4`, `ipv6`, or
    /// nil for either).
    static func streamHints(family: String?) -> addrinfo {
        var hints = addrinfo()
        hints.ai_family = family == "ipv4" ? AF_INET : family == "ipv6" ? AF_INET6 : AF_UNSPEC
        #if os(Linux)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        return hints
    }

    /// Connects to `host:port` over TCP, trying each resolved address in turn.
    static func connectTCP(host: String, port: String, family: String?) throws(SystemError) -> Int32 {
        var hints = streamHints(family: family)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, port, &hints, &list)
        guard status == 0, let first = list else {
            throw SystemError(operation: "resolve \(host):\(port) (getaddrinfo \(status))", errno: ENOENT)
        }
        defer { freeaddrinfo(first) }
        var lastError = SystemError(operation: "connect to \(host):\(port)", errno: ECONNREFUSED)
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            cursor = entry.pointee.ai_next
            let fd = socket(entry.pointee.ai_family, streamType, 0)
            if fd < 0 { continue }
            setCloseOnExec(fd)
            if retryingEINTR({ connect(fd, entry.pointee.ai_addr, entry.pointee.ai_addrlen) }) == 0 {
                var one: Int32 = 1
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                return fd
            }
            lastError = SystemError("connect to \(host):\(port)")
            close(fd)
        }
        throw lastError
    }

    /// Accepts one connection from a listening socket (blocking).
    static func accept(_ listener: Int32) throws(SystemError) -> Int32 {
        let fd = retryingEINTR { acceptConnection(listener) }
        guard fd >= 0 else { throw SystemError("accept") }
        setCloseOnExec(fd)
        return fd
    }

    /// The user id of the process on the other end of a Unix socket.
    static func peerUID(_ fd: Int32) -> UInt32? {
        #if os(Linux)
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; } (hidden from Swift without _GNU_SOURCE).
        var credentials: (Int32, UInt32, UInt32) = (0, 0, 0)
        var length = socklen_t(MemoryLayout<(Int32, UInt32, UInt32)>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0 else { return nil }
        return credentials.1
        #else
        var uid: uid_t = 0
        var gid: gid_t = 0
        guard getpeereid(fd, &uid, &gid) == 0 else { return nil }
        return uid
        #endif
    }

    /// accept(2) without the peer address, reachable from inside `accept(_:)`.
    private static func acceptConnection(_ listener: Int32) -> Int32 {
        #if canImport(Glibc)
        Glibc.accept(listener, nil, nil)
        #elseif canImport(Musl)
        Musl.accept(listener, nil, nil)
        #else
        Darwin.accept(listener, nil, nil)
        #endif
    }

    /// Writes all of `bytes` to a blocking socket, with `fds` attached (SCM_RIGHTS) to the first
    /// chunk (so `bytes` must not be empty when there are fds); the rest of a short write goes
    /// without them. For line protocols beside D-Bus (QMP) and test harnesses, not for the
    /// connection's own non-blocking writes.
    package static func sendAll(_ fd: Int32, _ bytes: [UInt8], passing fds: [Int32] = []) throws(SystemError) {
        precondition(fds.isEmpty || !bytes.isEmpty, "descriptors need at least one byte to travel with")
        var offset = 0
        var pending = fds
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                FDPassing.send(fd, UnsafeRawBufferPointer(rebasing: raw[offset...]), fds: pending)
            }
            guard sent >= 0 else {
                throw SystemError(pending.isEmpty ? "write to socket" : "send \(pending.count) descriptor(s)")
            }
            pending = []
            offset += sent
        }
    }

    /// write(2) of one byte, reachable from types that have their own `write`.
    static func writeByte(_ fd: Int32, _ byte: inout UInt8) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, &byte, 1)
        #elseif canImport(Musl)
        Musl.write(fd, &byte, 1)
        #else
        Darwin.write(fd, &byte, 1)
        #endif
    }

    /// close(2), reachable from types that have their own `close()`.
    static func closeDescriptor(_ fd: Int32) {
        #if canImport(Glibc)
        _ = Glibc.close(fd)
        #elseif canImport(Musl)
        _ = Musl.close(fd)
        #else
        _ = Darwin.close(fd)
        #endif
    }

    /// Asks for larger kernel socket buffers (best effort; the kernel caps them at wmem_max and
    /// rmem_max), so large messages move in fewer wake-ups of the I/O threads.
    static func enlargeBuffers(_ fd: Int32, to size: Int32 = 4 * 1024 * 1024) {
        var value = size
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &value, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    static func setNonBlocking(_ fd: Int32, _ enabled: Bool) {
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, enabled ? flags | O_NONBLOCK : flags & ~O_NONBLOCK)
    }

    static func setCloseOnExec(_ fd: Int32) {
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }

    /// Whether `fd` is a Unix-domain socket (fd passing is possible only there).
    static func isUnixSocket(_ fd: Int32) -> Bool {
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return result == 0 && Int32(address.ss_family) == AF_UNIX
    }

    private static func unixAddress(path: String, abstract: Bool) throws(SystemError) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count + 1 <= capacity else {
            throw SystemError(operation: "use socket path \(path) (longer than \(capacity - 1) bytes)", errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let start = abstract ? 1 : 0  // Abstract names start with a NUL byte.
            for (index, byte) in bytes.enumerated() { raw[start + index] = byte }
        }
        return address
    }

    @inline(__always)
    static func retryingEINTR<T: BinaryInteger>(_ call: () -> T) -> T {
        while true {
            let result = call()
            if result < 0 && errno == EINTR { continue }
            return result
        }
    }
}

/// A failed system call: what was attempted and the `errno` it left.
public struct SystemError: Error, Hashable, Sendable, CustomStringConvertible {
    public var operation: String
    public var errno: Int32

    init(operation: String, errno: Int32) {
        self.operation = operation
        self.errno = errno
    }

    init(_ operation: String) {
        self.operation = operation
        #if canImport(Glibc)
        self.errno = Glibc.errno
        #else
        self.errno = Darwin.errno
        #endif
    }

    public var description: String {
        "cannot \(operation): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}
