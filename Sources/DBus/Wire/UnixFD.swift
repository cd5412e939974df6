#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An owned Unix file descriptor, the Swift form of D-Bus type `h`.
///
/// Copies of a `UnixFD` share one owner; the descriptor is closed exactly once, when the last copy
/// goes away or on an explicit `close()`, unless ownership was handed out with `take()`.
///
/// Ownership across messages:
/// - Sending: the message (through its `fds`) keeps the descriptor open until the transport has
///   written it; the sender may drop its own copies right after building the message.
/// - Receiving: the message owns every descriptor that arrived with it, and decoded `h` values
///   are copies referring to those. Keep a copy to use the descriptor while you need it, call
///   `take()` to move it out of D-Bus's care, or `duplicate()` for an independent descriptor.
public struct UnixFD: Hashable, Sendable, CustomStringConvertible {
    @usableFromInline let owner: Owner

    /// Takes ownership of `descriptor`: it will be closed when no copy remains.
    public init(taking descriptor: Int32) {
        owner = Owner(descriptor)
    }

    /// The descriptor while still owned, for system calls; nil after `take()` or `close()`.
    /// Do not close it yourself.
    public var rawValue: Int32? { owner.peek() }

    /// Gives up ownership: returns the descriptor, which the caller must close, and leaves every
    /// copy of this `UnixFD` empty. Returns nil if it was already taken or closed.
    public func take() -> Int32? { owner.take() }

    /// Opens a new descriptor for the same file (close-on-exec), owned by the result.
    /// - Throws: `UnixFD.Error` with the `errno` of a failed `fcntl(F_DUPFD_CLOEXEC)`, or when
    ///   this descriptor was already taken or closed.
    public func duplicate() throws(UnixFD.Error) -> UnixFD {
        guard let descriptor = owner.peek() else { throw Error(operation: "duplicate", errno: EBADF) }
        let copy = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
        guard copy >= 0 else { throw Error(operation: "duplicate", errno: errno) }
        return UnixFD(taking: copy)
    }

    /// Closes the descriptor now rather than when the last copy goes away.
    public func close() { owner.close() }

    public var description: String {
        if let fd = rawValue { "UnixFD(\(fd))" } else { "UnixFD(closed)" }
    }

    public static func == (lhs: UnixFD, rhs: UnixFD) -> Bool { lhs.owner === rhs.owner }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(owner)) }

    /// A failed file descriptor operation.
    public struct Error: Swift.Error, Hashable, Sendable, CustomStringConvertible {
        public var operation: String
        public var errno: Int32
        public var description: String { "cannot \(operation) file descriptor: errno \(errno)" }
    }

    /// Holds the descriptor; the lock makes `take()` and `close()` safe from any thread.
    @usableFromInline
    final class Owner: @unchecked Sendable {
        private var descriptor: Int32
        private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

        init(_ descriptor: Int32) {
            self.descriptor = descriptor
            pthread_mutex_init(lock, nil)
        }

        deinit {
            if descriptor >= 0 { _ = systemClose(descriptor) }
            pthread_mutex_destroy(lock)
            lock.deallocate()
        }

        private func withLock<R>(_ body: () -> R) -> R {
            pthread_mutex_lock(lock)
            defer { pthread_mutex_unlock(lock) }
            return body()
        }

        func peek() -> Int32? {
            withLock { descriptor >= 0 ? descriptor : nil }
        }

        func take() -> Int32? {
            withLock {
                defer { descriptor = -1 }
                return descriptor >= 0 ? descriptor : nil
            }
        }

        func close() {
            if let descriptor = take() { _ = systemClose(descriptor) }
        }
    }
}

private func systemClose(_ descriptor: Int32) -> Int32 {
    #if canImport(Darwin)
    Darwin.close(descriptor)
    #elseif canImport(Musl)
    Musl.close(descriptor)
    #else
    Glibc.close(descriptor)
    #endif
}
