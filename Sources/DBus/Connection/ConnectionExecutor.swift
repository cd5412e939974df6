#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs tasks on a connection's I/O thread, between polls.
///
/// The connection dispatches incoming calls and signals on it, so a handler runs on the thread
/// that read its message and its reply is written from there: no thread hop per call. A client
/// that makes many sequential calls can opt in the same way, with
/// `withTaskExecutorPreference(connection.executor) { ... }`, and then wakes up on the thread
/// that read the reply; there, a call whose reply comes before anything else needs the thread
/// returns without suspending at all. Code running here must not block (it would stall the
/// connection).
@available(macOS 15.0, *)
public final class ConnectionExecutor: TaskExecutor, @unchecked Sendable {
    private let lock = Lock()
    // Guarded by `lock`, except `batch` (I/O thread only): no run-time exclusivity check.
    @exclusivity(unchecked) private var jobs: [UnownedJob] = []
    /// The batch being run; only the I/O thread touches it. Swapped with `jobs` so that taking a
    /// batch never allocates (copying the array out and clearing it would, once per turn).
    @exclusivity(unchecked) private var batch: [UnownedJob] = []
    /// The position in `batch` of the next job to run (I/O thread only).
    @exclusivity(unchecked) private var batchNext = 0
    @exclusivity(unchecked) private var ioThread: pthread_t?
    @exclusivity(unchecked) private var detached = false
    /// Wakes the I/O thread's poll when a job arrives from another thread.
    private let wake: @Sendable () -> Void

    init(wake: @escaping @Sendable () -> Void) {
        self.wake = wake
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        let needsWake: Bool? = lock.withLock {
            if detached { return nil }
            jobs.append(unowned)
            guard let ioThread else { return true }
            return pthread_equal(ioThread, pthread_self()) == 0
        }
        guard let needsWake else {
            // The I/O thread is gone: run on the global executor instead.
            globalConcurrentExecutor.enqueue(ExecutorJob(unowned))
            return
        }
        if needsWake { wake() }
    }

    /// Called by the I/O thread once, before its loop.
    func attachCurrentThread() {
        lock.withLock { ioThread = pthread_self() }
    }

    /// Runs queued jobs, including ones they enqueue, up to a bound so I/O keeps its turn.
    /// - Returns: whether jobs are still waiting (the I/O thread then polls without blocking).
    func runJobs() -> Bool {
        for _ in 0..<1024 {
            lock.withLock { swap(&jobs, &batch) }
            if batch.isEmpty { return false }
            while batchNext < batch.count {
                let job = batch[batchNext]
                batchNext += 1
                job.runSynchronously(on: asUnownedTaskExecutor())
            }
            batch.removeAll(keepingCapacity: true)
            batchNext = 0
        }
        return lock.withLock { !jobs.isEmpty }
    }

    /// Whether jobs wait to run, besides the one running (I/O thread only): a task that keeps
    /// the thread without suspending checks this so that it does not starve them.
    var hasWaitingJobs: Bool {
        batchNext < batch.count || lock.withLock { !jobs.isEmpty }
    }

    /// After the connection closes: jobs still arriving run on the global executor instead.
    func detach() {
        let leftover: [UnownedJob] = lock.withLock {
            ioThread = nil
            detached = true
            defer { jobs = [] }
            return jobs
        }
        for job in leftover { globalConcurrentExecutor.enqueue(ExecutorJob(job)) }
    }
}
