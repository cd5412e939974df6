/// Cuts the incoming byte stream into messages: one reusable buffer for small messages, and an
/// exactly sized array, filled in place, for each large one, so a 100 MB message is read with
/// no re-copying as it grows.
struct MessageFramer {
    /// Messages up to this size are assembled in the shared buffer.
    static let chunkSize = 64 * 1024

    private var buffer: [UInt8] = [UInt8](repeating: 0, count: MessageFramer.chunkSize)
    private var start = 0
    private var end = 0
    /// A large message being filled: its storage and how many bytes are in it.
    private var large: [UInt8]?
    private var largeFilled = 0
    /// Descriptors received and not yet claimed by a message, in arrival order.
    var fds: [Int32] = []
    /// recvmsg's control buffer (room for the fds one read can bring).
    private let control = FDPassing.ControlBuffer()
    /// Whether the last read got less than it asked for: the socket had no more data then, so
    /// another read would most likely only return EAGAIN (a wasted system call per message).
    private(set) var lastReadWasShort = false

    /// Reads once from `socket`. Returns bytes read, 0 at end of stream, -1 with errno set.
    mutating func read(from socket: Int32) -> Int {
        if var target = large {
            large = nil  // Keep the array uniquely referenced while writing into it.
            let space = target.count - largeFilled
            let count = target.withUnsafeMutableBytes { raw in
                FDPassing.receive(socket, into: UnsafeMutableRawBufferPointer(rebasing: raw[largeFilled...]), control: control, fds: &fds)
            }
            lastReadWasShort = count < space
            if count > 0 { largeFilled += count }
            large = target
            return count
        }
        if start == end {
            start = 0
            end = 0
        } else if buffer.count - end < 4096 {
            // Move the partial message to the front.
            buffer.withUnsafeMutableBytes { raw in
                raw.baseAddress!.copyMemory(from: raw.baseAddress! + start, byteCount: end - start)
            }
            end -= start
            start = 0
        }
        let space = buffer.count - end
        let count = buffer.withUnsafeMutableBytes { raw in
            FDPassing.receive(socket, into: UnsafeMutableRawBufferPointer(rebasing: raw[end...]), control: control, fds: &fds)
        }
        lastReadWasShort = count < space
        if count > 0 { end += count }
        return count
    }

    /// Adds bytes that arrived before the message stream started (read during authentication).
    mutating func prime(with bytes: [UInt8]) {
        if bytes.count > buffer.count - end { buffer += [UInt8](repeating: 0, count: bytes.count) }
        buffer.replaceSubrange(end..<(end + bytes.count), with: bytes)
        end += bytes.count
    }

    /// The next complete message's bytes, if one is buffered.
    /// - Throws: `DBusWireError` when the header start is invalid (the stream cannot be resynchronized).
    mutating func nextMessage() throws(DBusWireError) -> [UInt8]? {
        if let target = large {
            guard largeFilled == target.count else { return nil }
            large = nil
            largeFilled = 0
            return target
        }
        let available = end - start
        guard available >= Message.fixedHeaderLength else { return nil }
        let length: Result<Int, DBusWireError> = buffer.withUnsafeBytes { raw in
            do throws(DBusWireError) {
                return .success(try Message.requiredLength(fromPrefix: UnsafeRawBufferPointer(rebasing: raw[start..<(start + Message.fixedHeaderLength)])))
            } catch { return .failure(error) }
        }
        let total = try length.get()
        if available >= total {
            defer { start += total }
            return Array(buffer[start..<(start + total)])
        }
        if total > buffer.count - 4096 {
            // Too big for the shared buffer: give it its own storage and read the rest into it.
            // Uninitialized storage: zero-filling 100 MB only to overwrite it would cost a pass.
            // The tail is filled before use: `nextMessage` hands it out only once complete.
            let target: [UInt8] = buffer.withUnsafeBytes { source in
                LargeBuffers.makeArray(count: total) { destination in
                    destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<(start + available)]))
                }
            }
            largeFilled = available
            large = target
            start = 0
            end = 0
        }
        return nil
    }

    /// Takes `count` received descriptors for a message (fewer if fewer arrived).
    mutating func takeFDs(_ count: Int) -> [Int32] {
        let taken = Array(fds.prefix(count))
        fds.removeFirst(taken.count)
        return taken
    }
}
