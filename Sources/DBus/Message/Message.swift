/// One D-Bus message: header (type, flags, serial, header fields) and body.
///
/// Build one with `methodCall`, `methodReturn(replyingTo:)`, `error(name:message:replyingTo:)`
/// or `signal`; write it with `serialized(serial:)`; read one with `parse(bytes:fds:)`.
/// The body is kept as encoded bytes in `bodyEndianness`; read it with `decodeBody(as:)` or
/// `bodyDecoder()`.
public struct Message: Sendable {
    /// The message type (header byte 1).
    public enum MessageType: UInt8, Hashable, Sendable, CustomStringConvertible {
        case methodCall = 1
        case methodReturn = 2
        case error = 3
        case signal = 4

        public var description: String {
            switch self {
            case .methodCall: "method call"
            case .methodReturn: "method return"
            case .error: "error"
            case .signal: "signal"
            }
        }
    }

    /// Header flags (header byte 2).
    public struct Flags: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// The caller does not want a reply.
        public static let noReplyExpected = Flags(rawValue: 0x1)
        /// The bus must not launch an owner for the destination name.
        public static let noAutoStart = Flags(rawValue: 0x2)
        /// The caller is prepared to wait for interactive authorization.
        public static let allowInteractiveAuthorization = Flags(rawValue: 0x4)
    }

    public var type: MessageType
    public var flags: Flags
    /// Serial number: the received one for a parsed message; for one being built, 0 until the
    /// connection picks one and passes it to `serialized(serial:)`.
    public var serial: UInt32
    public var replySerial: UInt32?
    /// Byte order of `body` (and of the header when serialized).
    public var bodyEndianness: Endianness
    /// Where the body lies in `bodyStorage`.
    var bodyRange: Range<Int>
    /// Header field codes in the order they were parsed; serializing a parsed message keeps that
    /// order so it round-trips byte for byte. Empty for built messages (fields go in GDBus's order).
    var headerFieldOrder = HeaderFieldOrder()
    /// The header's names and the fds, in one box: a message is copied several times on its
    /// way through a connection, and each copy then costs one retain instead of one per field.
    @usableFromInline var fields: Fields
    /// Holds the body at `bodyRange`: the whole received message after `parse`, so parsing
    /// never copies the body. Kept outside `fields` so that received messages whose header
    /// repeats share one box (see `RepeatedHeader`) instead of copying it to attach their body.
    var bodyStorage: [UInt8] = []

    public var path: ObjectPath? {
        get { fields.path }
        _modify { yield &uniqueFields().path }
    }
    public var interface: InterfaceName? {
        get { fields.interface }
        _modify { yield &uniqueFields().interface }
    }
    public var member: MemberName? {
        get { fields.member }
        _modify { yield &uniqueFields().member }
    }
    public var errorName: ErrorName? {
        get { fields.errorName }
        _modify { yield &uniqueFields().errorName }
    }
    public var destination: BusName? {
        get { fields.destination }
        _modify { yield &uniqueFields().destination }
    }
    public var sender: BusName? {
        get { fields.sender }
        _modify { yield &uniqueFields().sender }
    }
    /// Signature of the body; empty when there is no body.
    public var signature: Signature {
        get { fields.signature }
        _modify { yield &uniqueFields().signature }
    }
    /// The encoded body. For a parsed message this is a copy; `bodyDecoder()`, `decodeBody`
    /// and `serialized` read the received bytes in place.
    public var body: [UInt8] {
        get { bodyRange == bodyStorage.indices ? bodyStorage : Array(bodyStorage[bodyRange]) }
        set {
            bodyStorage = newValue
            bodyRange = newValue.indices
        }
    }
    /// Length of the body in bytes.
    public var bodyLength: Int { bodyRange.count }
    /// Unix fds that travel with the message; `h` values in the body index into them.
    /// The message keeps them open until it is gone (see `UnixFD`).
    public var fds: [UnixFD] {
        get { fields.fds }
        _modify { yield &uniqueFields().fds }
    }
    /// A value in the body that cannot go on the wire (reported by `serialized(serial:)`).
    var bodyProblem: DBusWireError? {
        get { fields.bodyProblem }
        _modify { yield &uniqueFields().bodyProblem }
    }

    /// The box behind `fields`, copied first if another message shares it.
    private mutating func uniqueFields() -> Fields {
        if !isKnownUniquelyReferenced(&fields) { fields = fields.copy() }
        return fields
    }

    /// A message's reference-holding parts. Shared between copies of a message until one of
    /// them changes (copy on write), so it is never mutated while shared. Its properties skip
    /// the run-time exclusivity check: only a uniquely referenced box is written.
    @usableFromInline
    final class Fields: @unchecked Sendable {
        @exclusivity(unchecked) var path: ObjectPath?
        @exclusivity(unchecked) var interface: InterfaceName?
        @exclusivity(unchecked) var member: MemberName?
        @exclusivity(unchecked) var errorName: ErrorName?
        @exclusivity(unchecked) var destination: BusName?
        @exclusivity(unchecked) var sender: BusName?
        @exclusivity(unchecked) @usableFromInline var signature = Signature.empty
        @exclusivity(unchecked) var fds: [UnixFD] = []
        @exclusivity(unchecked) var bodyProblem: DBusWireError?

        init() {}

        func copy() -> Fields {
            let copy = Fields()
            copy.path = path
            copy.interface = interface
            copy.member = member
            copy.errorName = errorName
            copy.destination = destination
            copy.sender = sender
            copy.signature = signature
            copy.fds = fds
            copy.bodyProblem = bodyProblem
            return copy
        }
    }

    /// The UNIX_FDS header field: how many fds accompany the message.
    public var unixFDs: UInt32? { fds.isEmpty ? nil : UInt32(fds.count) }

    /// A message of any type with no header fields and an empty body; prefer the factories.
    public init(type: MessageType, flags: Flags = []) {
        self.type = type
        self.flags = flags
        self.serial = 0
        self.bodyRange = 0..<0
        self.bodyEndianness = .native
        self.fields = Fields()
    }

    /// Replaces the body with the values in `body`.
    public mutating func setBody(_ body: MessageBody) {
        // Straight from the stored encoder: `body.encoder` returns a copy of it.
        let fields = uniqueFields()
        fields.signature = body.signature
        fields.fds = body.encodedValues.fdStorage
        fields.bodyProblem = body.encodedValues.firstProblem
        bodyStorage = body.encodedValues.storage
        bodyRange = bodyStorage.indices
        bodyEndianness = body.encodedValues.endianness
    }

    // MARK: Factories

    /// A method call to `member` on the object at `path`.
    public static func methodCall(
        destination: BusName? = nil, path: ObjectPath, interface: InterfaceName? = nil, member: MemberName,
        body: MessageBody = MessageBody(), flags: Flags = []
    ) -> Message {
        var message = Message(type: .methodCall, flags: flags)
        message.destination = destination
        message.path = path
        message.interface = interface
        message.member = member
        message.setBody(body)
        return message
    }

    /// A successful reply to `call`, addressed to its sender.
    public static func methodReturn(replyingTo call: Message, body: MessageBody = MessageBody()) -> Message {
        var message = Message(type: .methodReturn, flags: .noReplyExpected)
        message.replySerial = call.serial
        message.destination = call.sender
        message.setBody(body)
        return message
    }

    /// An error reply to `call`; the body is `message` as a single string, as GDBus and libdbus
    /// send it.
    public static func error(name: ErrorName, message text: String?, replyingTo call: Message) -> Message {
        var message = Message(type: .error, flags: .noReplyExpected)
        message.errorName = name
        message.replySerial = call.serial
        message.destination = call.sender
        if let text { message.setBody(MessageBody(text)) }
        return message
    }

    /// An error reply to `call` carrying `error`.
    public static func error(_ error: DBusError, replyingTo call: Message) -> Message {
        Message.error(name: error.name, message: error.message, replyingTo: call)
    }

    /// A signal `member` of `interface` emitted by the object at `path`; broadcast unless
    /// `destination` is set.
    public static func signal(
        path: ObjectPath, interface: InterfaceName, member: MemberName, destination: BusName? = nil,
        body: MessageBody = MessageBody()
    ) -> Message {
        var message = Message(type: .signal, flags: .noReplyExpected)
        message.path = path
        message.interface = interface
        message.member = member
        message.destination = destination
        message.setBody(body)
        return message
    }

    // MARK: Body

    /// A decoder positioned at the start of the body.
    public func bodyDecoder() -> DBusDecoder {
        DBusDecoder(bytes: bodyStorage, range: bodyRange, endianness: bodyEndianness, fds: fds)
    }

    /// Decodes the whole body as the given types, e.g. `try message.decodeBody(as: String.self, UInt32.self)`.
    /// - Throws: `DBusWireError.bodySignatureMismatch` when the body's signature is not exactly
    ///   those types, or any decoding error.
    @inlinable
    public func decodeBody<each T: DBusDecodable>(as types: repeat (each T).Type) throws(DBusWireError) -> (repeat each T) {
        var expected: [DBusType] = []
        for type in repeat each types { expected.append(type.dbusType) }
        var decoder = try bodyDecoder(expecting: expected)
        let values = (repeat try decoder.decode((each T).self))
        try decoder.finish()
        return values
    }

    // Fixed-arity forms of `decodeBody(as:)` for zero to four values: the optimizer specialises
    // plain generic functions at the call site but not parameter packs, and an unspecialised
    // decode of a large array or dictionary pays generic dispatch for every element.

    /// Checks that the body is empty (what `decodeBody(as:)` with no types checks).
    @inlinable
    public func decodeBody() throws(DBusWireError) {
        // A parsed body holds exactly what its signature says, so no signature means no bytes.
        guard signature.types.isEmpty else { throw .bodySignatureMismatch(expected: "", actual: signature.rawValue) }
    }

    @inlinable
    public func decodeBody<T: DBusDecodable>(as type: T.Type) throws(DBusWireError) -> T {
        var decoder = try bodyDecoder(expecting: [T.dbusType])
        let value = try decoder.decode(T.self)
        try decoder.finish()
        return value
    }

    @inlinable
    public func decodeBody<A: DBusDecodable, B: DBusDecodable>(as a: A.Type, _ b: B.Type) throws(DBusWireError) -> (A, B) {
        var decoder = try bodyDecoder(expecting: [A.dbusType, B.dbusType])
        let values = (try decoder.decode(A.self), try decoder.decode(B.self))
        try decoder.finish()
        return values
    }

    @inlinable
    public func decodeBody<A: DBusDecodable, B: DBusDecodable, C: DBusDecodable>(as a: A.Type, _ b: B.Type, _ c: C.Type) throws(DBusWireError) -> (A, B, C) {
        var decoder = try bodyDecoder(expecting: [A.dbusType, B.dbusType, C.dbusType])
        let values = (try decoder.decode(A.self), try decoder.decode(B.self), try decoder.decode(C.self))
        try decoder.finish()
        return values
    }

    @inlinable
    public func decodeBody<A: DBusDecodable, B: DBusDecodable, C: DBusDecodable, D: DBusDecodable>(as a: A.Type, _ b: B.Type, _ c: C.Type, _ d: D.Type) throws(DBusWireError) -> (A, B, C, D) {
        var decoder = try bodyDecoder(expecting: [A.dbusType, B.dbusType, C.dbusType, D.dbusType])
        let values = (try decoder.decode(A.self), try decoder.decode(B.self), try decoder.decode(C.self), try decoder.decode(D.self))
        try decoder.finish()
        return values
    }

    /// A decoder over the body, after checking that its signature is exactly `types`.
    @inlinable
    func bodyDecoder(expecting types: [DBusType]) throws(DBusWireError) -> DBusDecoder {
        guard types == signature.types else {
            throw .bodySignatureMismatch(expected: Signature(types: types).rawValue, actual: signature.rawValue)
        }
        return bodyDecoder()
    }

    /// The D-Bus error an error message carries: its name and the first string argument, if any.
    /// Nil for other message types.
    public var dbusError: DBusError? {
        guard type == .error, let errorName else { return nil }
        var text = ""
        if signature.types.first == .string {
            var decoder = bodyDecoder()
            text = (try? decoder.readString()) ?? ""
        }
        return DBusError(name: errorName, message: text)
    }
}

/// The arguments of a message body, encoded as they are appended.
///
/// ```swift
/// var body = MessageBody()
/// body.append("hello")
/// body.append(UInt32(3))      // signature "su"
/// let same = MessageBody("hello", UInt32(3))
/// ```
public struct MessageBody: Sendable {
    /// The encoded arguments.
    public var encoder: DBusEncoder { encodedValues }
    /// The arguments' types, in order.
    public var types: [DBusType] { argumentTypes }
    @usableFromInline var encodedValues: DBusEncoder
    @usableFromInline var argumentTypes: [DBusType]

    /// An empty body.
    /// - Parameters:
    ///   - endianness: byte order of the body; leave it native except to reproduce foreign bytes.
    ///   - fds: fds to attach up front, so `h` values refer to them by position.
    public init(endianness: Endianness = .native, fds: [UnixFD] = []) {
        encodedValues = DBusEncoder(endianness: endianness, fds: fds)
        argumentTypes = []
    }

    /// A body holding `values`, in order.
    @inlinable
    public init<each T: DBusEncodable>(_ values: repeat each T) {
        self.init()
        repeat append(each values)
    }

    // Fixed-arity forms of `init(_:)` for one to four values, specialised at the call site
    // where the variadic form is not (see `Message.decodeBody(as:)`).

    @inlinable
    public init<A: DBusEncodable>(_ a: A) {
        self.init()
        append(a)
    }

    @inlinable
    public init<A: DBusEncodable, B: DBusEncodable>(_ a: A, _ b: B) {
        self.init()
        append(a)
        append(b)
    }

    @inlinable
    public init<A: DBusEncodable, B: DBusEncodable, C: DBusEncodable>(_ a: A, _ b: B, _ c: C) {
        self.init()
        append(a)
        append(b)
        append(c)
    }

    @inlinable
    public init<A: DBusEncodable, B: DBusEncodable, C: DBusEncodable, D: DBusEncodable>(_ a: A, _ b: B, _ c: C, _ d: D) {
        self.init()
        append(a)
        append(b)
        append(c)
        append(d)
    }

    /// Appends one argument.
    @inlinable
    public mutating func append<T: DBusEncodable>(_ value: T) {
        argumentTypes.append(T.dbusType)
        encodedValues.encode(value)
    }

    /// Appends a dynamically typed argument.
    public mutating func append(value: Variant.Value) {
        argumentTypes.append(value.dbusType)
        encodedValues.encode(value: value)
    }

    /// The body's signature.
    public var signature: Signature { argumentTypes.isEmpty ? .empty : Signature(types: argumentTypes) }
}

extension Message: CustomStringConvertible {
    /// One line for logs: type, serial, the header fields that are set, signature and body size.
    public var description: String {
        var parts = ["\(type) #\(serial)"]
        if let path { parts.append("path=\(path)") }
        if let interface { parts.append("interface=\(interface)") }
        if let member { parts.append("member=\(member)") }
        if let errorName { parts.append("error=\(errorName)") }
        if let replySerial { parts.append("reply-to=#\(replySerial)") }
        if let destination { parts.append("destination=\(destination)") }
        if let sender { parts.append("sender=\(sender)") }
        if !flags.isEmpty { parts.append("flags=0x\(String(flags.rawValue, radix: 16))") }
        parts.append("signature='\(signature)' body=\(bodyLength) bytes")
        if !fds.isEmpty { parts.append("fds=\(fds.count)") }
        return parts.joined(separator: " ")
    }
}
