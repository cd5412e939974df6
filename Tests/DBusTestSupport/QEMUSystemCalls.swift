#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the POSIX calls the QEMU harness needs (sockets, poll, deadlines).
enum QEMUSystemCalls {
    /// Milliseconds left until `deadline`, clamped to what poll(2) accepts.
    static func millisecondsLeft(until deadline: ContinuousClock.Instant) -> Int32 {
        let left = ContinuousClock.now.duration(to: deadline)
        if left <= .zero { return 0 }
        let (seconds, attoseconds) = left.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1
        return Int32(clamping: milliseconds)
    }

    /// Waits until `fd` is readable or the deadline passes. Returns false on timeout.
    static func waitReadable(_ fd: Int32, until deadline: ContinuousClock.Instant) throws -> Bool {
        while true {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let result = poll(&entry, 1, millisecondsLeft(until: deadline))
            if result > 0 { return true }
            if result == 0 { return false }
            if errno != EINTR { throw HarnessError("poll failed: errno \(errno)") }
        }
    }

    /// Writes all of `bytes`, retrying short writes.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                write(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw HarnessError("write failed: errno \(errno)")
            }
            offset += written
        }
    }

    /// Sends `bytes` with `fds` attached as SCM_RIGHTS ancillary data.
    static func send(_ fd: Int32, _ bytes: [UInt8], passing fds: [Int32]) throws {
        let wordSize = MemoryLayout<Int>.size
        func aligned(_ n: Int) -> Int { (n + wordSize - 1) & ~(wordSize - 1) }
        let headerSize = aligned(MemoryLayout<cmsghdr>.size)
        let payloadSize = fds.count * MemoryLayout<Int32>.size
        var control = [UInt8](repeating: 0, count: headerSize + aligned(payloadSize))
        control.withUnsafeMutableBytes { raw in
            let header = raw.baseAddress!.assumingMemoryBound(to: cmsghdr.self)
            header.pointee.cmsg_len = numericCast(headerSize + payloadSize)
            header.pointee.cmsg_level = SOL_SOCKET
            header.pointee.cmsg_type = Int32(SCM_RIGHTS)
            fds.withUnsafeBytes { (raw.baseAddress! + headerSize).copyMemory(from: $0.baseAddress!, byteCount: payloadSize) }
        }
        var payload = bytes
        let sent = payload.withUnsafeMutableBytes { data in
            control.withUnsafeMutableBytes { controlBytes in
                var vector = iovec(iov_base: data.baseAddress, iov_len: data.count)
                return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                    var message = msghdr()
                    message.msg_iov = vectorPointer
                    message.msg_iovlen = 1
                    message.msg_control = controlBytes.baseAddress
                    message.msg_controllen = numericCast(controlBytes.count)
                    return sendmsg(fd, &message, Int32(MSG_NOSIGNAL))
                }
            }
        }
        if sent != bytes.count {
            throw HarnessError("sendmsg with \(fds.count) descriptor(s) sent \(sent) of \(bytes.count) bytes (errno \(errno))")
        }
        // The rest of a short write can go without descriptors; QMP lines are short anyway.
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
            let result = poll(&entries, 2, millisecondsLeft(until: deadline))
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
