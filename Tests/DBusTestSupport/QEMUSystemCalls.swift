import DBus
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the POSIX calls the QEMU harness needs (sockets, poll, deadlines).
enum QEMUSystemCalls {
    /// Waits until `fd` is readable or the deadline passes. Returns false on timeout.
    static func waitReadable(_ fd: Int32, until deadline: ContinuousClock.Instant) throws -> Bool {
        while true {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let result = poll(&entry, 1, PollTimeout.milliseconds(ContinuousClock.now.duration(to: deadline)))
            if result > 0 { return true }
            if result == 0 { return false }
            if errno != EINTR { throw HarnessError("poll failed: errno \(errno)") }
        }
    }

    /// Accepts one connection on `listener`, waiting until `deadline`.
    ///
    /// - Parameter hangUp: a pipe read end whose writer is the process expected to connect
    ///   (its standard output). When that process exits, the pipe hangs up and this returns nil
    ///   at once instead of waiting for the deadline.
    static func accept(on listener: Int32, until deadline: ContinuousClock.Instant, watchingHangUpOf hangUp: Int32) throws -> Int32? {
        while true {
            // events 0 on the pipe: only POLLHUP (always reported) wakes us, not pending output.
            var entries = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0), pollfd(fd: hangUp, events: 0, revents: 0)]
            let result = poll(&entries, 2, PollTimeout.milliseconds(ContinuousClock.now.duration(to: deadline)))
            if result < 0 {
                if errno == EINTR { continue }
                throw HarnessError("poll failed: errno \(errno)")
            }
            if result == 0 || entries[0].revents == 0 { return nil }
            break
        }
        #if canImport(Glibc)
        let fd = Glibc.accept(listener, nil, nil)
        #else
        let fd = Darwin.accept(listener, nil, nil)
        #endif
        guard fd >= 0 else { throw HarnessError("accept failed: errno \(errno)") }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return fd
    }
}
