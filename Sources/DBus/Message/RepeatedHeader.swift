#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The header of the last message a `MessageParser` parsed, kept so that the next message with
/// the same header skips the header walk.
///
/// A peer repeats headers: a client's replies differ only in their serials, a display's frame
/// updates only in their body. When a message's header bytes equal the remembered ones apart
/// from the serial, the body length and the REPLY_SERIAL value, every header check would pass
/// again with the same result, so the parser takes the remembered fields and reads just those
/// three numbers. The body is validated as always.
struct RepeatedHeader: Sendable {
    /// Longer headers are not kept: they are rare, and comparing them would cost what parsing does.
    static let maximumLength = 512

    /// The message's bytes up to where its body starts.
    private var bytes: [UInt8] = []
    /// Where the REPLY_SERIAL value lies in `bytes`, if the header has one.
    private var replySerialOffset: Int?
    /// The parsed message without body or fds: a message that matches starts as a copy of it,
    /// sharing its fields box, and takes its serials and body from its own bytes.
    private var template: Message?
    /// How many fds the remembered header's UNIX_FDS field announces.
    private(set) var fdsAnnounced = 0

    /// Remembers `message`, just parsed from `raw` with its REPLY_SERIAL value at
    /// `replySerialOffset`, unless its header is too long.
    mutating func remember(_ message: Message, raw: UnsafeRawBufferPointer, replySerialOffset: Int?) {
        let bodyStart = message.bodyRange.lowerBound
        guard bodyStart <= Self.maximumLength else {
            bytes = []
            return
        }
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[0..<bodyStart]))
        self.replySerialOffset = replySerialOffset
        fdsAnnounced = message.fds.count
        // The message's own fields box, shared: matching messages get it with one retain. Only a
        // message with fds needs a box of its own here, so the memo does not keep them open.
        var template = message
        template.bodyStorage = []
        template.bodyRange = 0..<0
        if !template.fds.isEmpty { template.fds = [] }
        self.template = template
    }

    /// Where the body of a message that `match`es starts.
    var bodyStart: Int { bytes.count }

    /// The start of a message whose first `bodyStart` bytes in `raw` are those remembered except
    /// for the body length, the serial and the REPLY_SERIAL value: the remembered fields, with the
    /// serials read from `raw`, and without body or fds. Nil when the header differs.
    func match(_ raw: UnsafeRawBufferPointer) -> Message? {
        let bodyStart = bytes.count
        guard bodyStart > 0, raw.count >= bodyStart else { return nil }
        let same = bytes.withUnsafeBytes { known -> Bool in
            // Bytes 0-3: endianness, type, flags, version; 4-11 (body length, serial) may differ.
            guard memcmp(known.baseAddress!, raw.baseAddress!, 4) == 0 else { return false }
            let skip = replySerialOffset ?? bodyStart
            return memcmp(known.baseAddress! + 12, raw.baseAddress! + 12, skip - 12) == 0
                && (skip == bodyStart || memcmp(known.baseAddress! + skip + 4, raw.baseAddress! + skip + 4, bodyStart - skip - 4) == 0)
        }
        // Bound only here, once: binding `template` in the guard above as well costs a second copy.
        guard same, var message = template else { return nil }
        let endianness = message.bodyEndianness
        func u32(_ offset: Int) -> UInt32 {
            let value = raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
            return endianness == .little ? UInt32(littleEndian: value) : UInt32(bigEndian: value)
        }
        message.serial = u32(8)
        if let replySerialOffset { message.replySerial = u32(replySerialOffset) }
        return message
    }
}
