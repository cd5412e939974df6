#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// sendmsg/recvmsg with SCM_RIGHTS control messages. The CMSG_* macros are not visible to Swift,
/// so the control buffer layout is computed here: a `cmsghdr` followed by the descriptors, both
/// padded to the alignment of `size_t`.
enum FDPassing {
    /// Linux accepts at most 253 descriptors in one SCM_RIGHTS message (SCM_MAX_FD).
    static let maximumFDsPerCall = 253

    private static let headerSize = align(MemoryLayout<cmsghdr>.size)

    @inline(__always)
    private static func align(_ length: Int) -> Int {
        let unit = MemoryLayout<Int>.size
        return (length + unit - 1) & ~(unit - 1)
    }

    static func space(forFDs count: Int) -> Int { headerSize + align(count * MemoryLayout<Int32>.size) }

    /// Writes `bytes` then `more` (some of them, on a non-blocking socket) with `fds` attached to
    /// the first byte: one system call for a message's header and its body held elsewhere.
    /// - Returns: the number of bytes written, or -1 with `errno` set (EAGAIN when the socket is full).
    static func send(
        _ socket: Int32, _ bytes: UnsafeRawBufferPointer, _ more: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0),
        fds: [Int32]
    ) -> Int {
        var vectors = (
            iovec(iov_base: UnsafeMutableRawPointer(mutating: bytes.baseAddress), iov_len: bytes.count),
            iovec(iov_base: UnsafeMutableRawPointer(mutating: more.baseAddress), iov_len: more.count)
        )
        var header = msghdr()
        return withUnsafeMutableBytes(of: &vectors) { raw -> Int in
            header.msg_iov = raw.baseAddress!.assumingMemoryBound(to: iovec.self)
            header.msg_iovlen = more.isEmpty ? 1 : 2
            guard !fds.isEmpty else {
                return SocketCalls.retryingEINTR { sendmsg(socket, &header, Int32(MSG_NOSIGNAL)) }
            }
            let controlLength = space(forFDs: fds.count)
            let control = UnsafeMutableRawPointer.allocate(byteCount: controlLength, alignment: MemoryLayout<Int>.alignment)
            defer { control.deallocate() }
            control.initializeMemory(as: UInt8.self, repeating: 0, count: controlLength)
            let cmsg = control.assumingMemoryBound(to: cmsghdr.self)
            cmsg.pointee.cmsg_level = SOL_SOCKET
            cmsg.pointee.cmsg_type = Int32(SCM_RIGHTS)
            cmsg.pointee.cmsg_len = .init(headerSize + fds.count * MemoryLayout<Int32>.size)
            let data = (control + headerSize).assumingMemoryBound(to: Int32.self)
            for (index, fd) in fds.enumerated() { data[index] = fd }
            header.msg_control = control
            header.msg_controllen = .init(controlLength)
            return SocketCalls.retryingEINTR { sendmsg(socket, &header, Int32(MSG_NOSIGNAL)) }
        }
    }

    /// Reads up to `buffer.count` bytes; descriptors that arrive are appended to `fds`
    /// (close-on-exec). A truncated control message (more fds than we accept) closes what did
    /// arrive and reports EMSGSIZE, so descriptors never leak and a hostile peer cannot make us
    /// lose track of them.
    /// - Returns: bytes read (0 at end of stream), or -1 with `errno` set.
    static func receive(
        _ socket: Int32, into buffer: UnsafeMutableRawBufferPointer, control controlBuffer: ControlBuffer, fds: inout [Int32]
    ) -> Int {
        var vector = iovec(iov_base: buffer.baseAddress, iov_len: buffer.count)
        var header = msghdr()
        let controlLength = controlBuffer.count
        let control = controlBuffer.pointer
        let count = withUnsafeMutablePointer(to: &vector) { vectorPointer -> Int in
            header.msg_iov = vectorPointer
            header.msg_iovlen = 1
            header.msg_control = control
            header.msg_controllen = .init(controlLength)
            #if os(Linux)
            let flags = Int32(MSG_CMSG_CLOEXEC)
            #else
            let flags: Int32 = 0
            #endif
            return SocketCalls.retryingEINTR { recvmsg(socket, &header, flags) }
        }
        guard count >= 0 else { return count }
        var received: [Int32] = []
        var offset = 0
        let available = Int(header.msg_controllen)
        while offset + headerSize <= available {
            let cmsg = (control + offset).assumingMemoryBound(to: cmsghdr.self)
            let length = Int(cmsg.pointee.cmsg_len)
            guard length >= headerSize, offset + length <= available else { break }
            if cmsg.pointee.cmsg_level == SOL_SOCKET && cmsg.pointee.cmsg_type == Int32(SCM_RIGHTS) {
                let fdCount = (length - headerSize) / MemoryLayout<Int32>.size
                let data = (control + offset + headerSize).assumingMemoryBound(to: Int32.self)
                for index in 0..<fdCount {
                    received.append(data[index])
                    #if !os(Linux)
                    SocketCalls.setCloseOnExec(data[index])
                    #endif
                }
            }
            offset += align(length)
        }
        if header.msg_flags & Int32(MSG_CTRUNC) != 0 {
            for fd in received { close(fd) }
            errno = EMSGSIZE
            return -1
        }
        if !received.isEmpty { fds.append(contentsOf: received) }
        return count
    }

    /// Room for the largest control message `receive` accepts, allocated once per reader rather
    /// than once per read.
    final class ControlBuffer: @unchecked Sendable {
        let count = FDPassing.space(forFDs: FDPassing.maximumFDsPerCall)
        let pointer: UnsafeMutableRawPointer

        init() {
            pointer = .allocate(byteCount: count, alignment: MemoryLayout<Int>.alignment)
        }

        deinit { pointer.deallocate() }
    }
}
