#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private final class DetachedJob: @unchecked Sendable {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

/// Runs blocking `body` (QMP socket I/O) on a thread of its own, so Swift's cooperative pool,
/// which runs the D-Bus connections, is never tied up waiting for QEMU.
func runDetached<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let job = DetachedJob { continuation.resume(with: Result { try body() }) }
        let context = Unmanaged.passRetained(job).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { raw in
            Unmanaged<DetachedJob>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, context)
        if result == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<DetachedJob>.fromOpaque(context).takeRetainedValue().body()
        }
    }
}
