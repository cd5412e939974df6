#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Async forms of the blocking waits. They run the wait on a thread of its own, so tests that
/// run in parallel never tie up Swift's cooperative pool (which the code under test needs to
/// answer the very peer being waited for). In an async test these overloads are chosen
/// automatically.
extension PeerProcess {
    public func readLine(timeout: Double = 20) async throws -> String? {
        try await offload { try self.readLine(timeout: timeout) }
    }

    @discardableResult
    public func waitForLine(startingWith prefix: String, timeout: Double = 20) async throws -> String {
        try await offload { try self.waitForLine(startingWith: prefix, timeout: timeout) }
    }

    @discardableResult
    public func waitForExit(timeout: Double = 20) async throws -> Int32 {
        try await offload { try self.waitForExit(timeout: timeout) }
    }
}

private final class Job: @unchecked Sendable {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

/// Runs blocking `body` on a new detached pthread and resumes with its result, so that a test
/// never blocks a thread of Swift's cooperative pool.
public func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let job = Job { continuation.resume(with: Result { try body() }) }
        let context = Unmanaged.passRetained(job).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { raw in
            let job = Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue()
            job.body()
            return nil
        }, context)
        if result == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<Job>.fromOpaque(context).takeRetainedValue().body()
        }
    }
}
