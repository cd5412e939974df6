/// One serialized message waiting to be written, with the fds that go with its first byte.
struct OutgoingFrame {
    var bytes: [UInt8]
    var written = 0
    /// Kept alive (open) until the bytes carrying them are written.
    var fds: [UnixFD]

    var remaining: Int { bytes.count - written }
}
