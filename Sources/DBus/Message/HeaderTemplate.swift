/// The serialized header of a message a connection sent, reused for the next message whose
/// header fields are the same.
///
/// A program repeats headers when it sends: a proxy calls the same method on the same object,
/// a server replies to the same caller, a display emits the same signal. Such headers differ
/// only in the serial, the body length and the REPLY_SERIAL value, so the connection copies the
/// bytes of the last one and writes those three numbers instead of encoding every field again.
/// The names compare quickly: a program that reuses its `MemberName` and `ObjectPath` values
/// passes the same String storage each time.
final class HeaderTemplate: Sendable {
    private let bytes: [UInt8]
    /// Where the REPLY_SERIAL value lies in `bytes`, if the header has one.
    private let replySerialOffset: Int?
    private let type: Message.MessageType
    private let flags: Message.Flags
    private let endianness: Endianness
    private let path: ObjectPath?
    private let interface: InterfaceName?
    private let member: MemberName?
    private let errorName: ErrorName?
    private let destination: BusName?
    private let sender: BusName?
    private let signature: Signature
    private let fdCount: Int

    /// The template for `message`'s header, `bytes`, in which the REPLY_SERIAL value (if any)
    /// lies at `replySerialOffset`.
    init(_ message: Message, bytes: [UInt8], replySerialOffset: Int?) {
        self.bytes = bytes
        self.replySerialOffset = replySerialOffset
        type = message.type
        flags = message.flags
        endianness = message.bodyEndianness
        path = message.path
        interface = message.interface
        member = message.member
        errorName = message.errorName
        destination = message.destination
        sender = message.sender
        signature = message.signature
        fdCount = message.fds.count
    }

    /// The header's length in bytes.
    var length: Int { bytes.count }

    /// Whether `message`'s header equals this one apart from the serial, the body length and
    /// the REPLY_SERIAL value. Only built messages qualify: a parsed one keeps its field order.
    func matches(_ message: Message) -> Bool {
        message.type == type && message.flags == flags && message.bodyEndianness == endianness
            && (message.replySerial != nil) == (replySerialOffset != nil)
            && message.headerFieldOrder.count == 0 && message.fds.count == fdCount
            && message.member == member && message.path == path && message.interface == interface
            && message.destination == destination && message.signature == signature
            && message.errorName == errorName && message.sender == sender
    }

    /// The header for a message that `matches`, with `serial` and its body length and reply
    /// serial written in.
    func header(serial: UInt32, bodyLength: Int, replySerial: UInt32?) -> [UInt8] {
        var header = bytes
        header.withUnsafeMutableBytes { raw in
            func store(_ value: UInt32, at offset: Int) {
                raw.storeBytes(of: endianness == .little ? value.littleEndian : value.bigEndian, toByteOffset: offset, as: UInt32.self)
            }
            store(UInt32(truncatingIfNeeded: bodyLength), at: 4)
            store(serial, at: 8)
            if let replySerialOffset, let replySerial { store(replySerial, at: replySerialOffset) }
        }
        return header
    }
}
