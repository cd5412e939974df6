/// One serialized message waiting to be written: its header, then its body read in place from
/// the message's storage (never copied into an outgoing buffer), with the fds that go with the
/// first byte.
struct OutgoingFrame {
    var header: [UInt8]
    var body: [UInt8]
    var bodyRange: Range<Int>
    /// Bytes of header and body already written.
    var written = 0
    /// Kept alive (open) until the bytes carrying them are written.
    var fds: [UnixFD]

    init(header: [UInt8], body: [UInt8] = [], bodyRange: Range<Int> = 0..<0, fds: [UnixFD]) {
        self.header = header
        self.body = body
        self.bodyRange = bodyRange
        self.fds = fds
    }

    /// Header and body length.
    var count: Int { header.count + bodyRange.count }
    var remaining: Int { count - written }

    /// Calls `body` with the bytes from `written` on as up to two buffers (rest of header, rest
    /// of body). `written` is a parameter so that a frame can be written without first being
    /// copied to count its progress (a copy costs a retain of each of its arrays).
    func withUnwrittenBytes<R>(from written: Int, _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> R) -> R {
        header.withUnsafeBytes { headerBytes in
            self.body.withUnsafeBytes { bodyBytes in
                let bodyPart = UnsafeRawBufferPointer(rebasing: bodyBytes[bodyRange])
                if written < header.count {
                    return body(UnsafeRawBufferPointer(rebasing: headerBytes[written...]), bodyPart)
                }
                return body(UnsafeRawBufferPointer(rebasing: bodyPart[(written - header.count)...]), UnsafeRawBufferPointer(start: nil, count: 0))
            }
        }
    }
}
