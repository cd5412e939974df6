#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Dedicated threads for blocking work, so that blocking system calls (accept, the
/// authentication handshake, a connection's poll loop) never occupy Swift's cooperative pool.
enum IOThread {
    private final class Box: @unchecked Sendable {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Starts a detached thread named `name` (as `top -H`, `perf` and debuggers show it; at
    /// most 15 bytes on Linux) running `body`.
    static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        // Otherwise the thread keeps the name of the one that created it (often a worker of
        // Swift's cooperative pool).
        let named: @Sendable () -> Void = {
            nameCurrentThread(name)
            body()
        }
        let box = Unmanaged.passRetained(Box(named)).toOpaque()
        var thread = pthread_t()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        pthread_attr_setstacksize(&attributes, 1 << 20)
        let result = pthread_create(&thread, &attributes, { context in
            let box = Unmanaged<Box>.fromOpaque(context!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        pthread_attr_destroy(&attributes)
        if result != 0 {
            // No thread: run inline rather than lose the work (only under resource exhaustion).
            Unmanaged<Box>.fromOpaque(box).release()
            body()
        }
    }

    private static func nameCurrentThread(_ name: String) {
        #if canImport(Darwin)
        pthread_setname_np(name)
        #else
        // Glibc's module map leaves out pthread_setname_np and prctl (GNU extensions); the
        // kernel takes the name through procfs as well.
        let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        let bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        #endif
    }

    /// Runs blocking `body` on a new thread and returns its result to the awaiting task.
    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            start(name: "dbus-blocking") { continuation.resume(returning: body()) }
        }
    }
}

/// Which object's loop the current thread runs, readable without a lock (a thread-specific
/// value): a connection asks on every call whether its caller is its own I/O thread.
enum IOThreadOwner {
    /// nil if the process ran out of thread-specific keys: then no thread is anyone's I/O thread,
    /// which only turns off the fast paths that depend on knowing.
    private static let key: pthread_key_t? = {
        var key = pthread_key_t()
        return pthread_key_create(&key, nil) == 0 ? key : nil
    }()

    /// Marks the current thread as running `owner`'s loop (nil: no one's).
    static func set(_ owner: AnyObject?) {
        guard let key else { return }
        _ = pthread_setspecific(key, owner.map { UnsafeRawPointer(Unmanaged.passUnretained($0).toOpaque()) })
    }

    /// Whether the current thread runs `owner`'s loop.
    static func isCurrent(_ owner: AnyObject) -> Bool {
        guard let key, let marked = pthread_getspecific(key) else { return false }
        return marked == Unmanaged.passUnretained(owner).toOpaque()
    }
}
