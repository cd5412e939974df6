extension Message {
    /// The message in wire format with `serial`, ready to write to a transport (the fds in `fds`
    /// go alongside). The header uses the body's byte order, so a parsed message forwards as is.
    /// - Throws: `DBusWireError` when `serial` is 0, a required header field is missing, the
    ///   body holds a value that cannot go on the wire, or the message exceeds 128 MiB.
    public func serialized(serial: UInt32) throws(DBusWireError) -> [UInt8] {
        var bytes = try serializedHeader(serial: serial, reservingBody: true)
        bodyStorage.withUnsafeBytes { bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[bodyRange])) }
        return bytes
    }

    /// The header in wire format, padded to 8 bytes: the body (`bodyStorage[bodyRange]`) follows
    /// it as is. A connection writes the two together with one `sendmsg`, so the body is never
    /// copied into an outgoing buffer. Throws as `serialized(serial:)` does.
    func serializedHeader(serial: UInt32, reservingBody: Bool = false) throws(DBusWireError) -> [UInt8] {
        try encodeHeader(serial: serial, reservingBody: reservingBody).bytes
    }

    /// `serializedHeader(serial:)` that copies `template` when this message's header matches it.
    /// - Returns: the header, and the template for it: `template` when it matched, else a new
    ///   one; nil for a parsed message, whose field order a built message must not inherit.
    func serializedHeader(serial: UInt32, reusing template: HeaderTemplate?) throws(DBusWireError) -> (bytes: [UInt8], template: HeaderTemplate?) {
        guard let template, template.matches(self) else {
            let (bytes, replySerialOffset) = try encodeHeader(serial: serial, reservingBody: false)
            guard headerFieldOrder.count == 0 else { return (bytes, nil) }
            return (bytes, HeaderTemplate(self, bytes: bytes, replySerialOffset: replySerialOffset))
        }
        // The header fields passed every other check when the template was made.
        guard serial != 0 else { throw .zeroSerial }
        if let bodyProblem { throw bodyProblem }
        guard template.length + bodyLength <= DBusSpec.maximumMessageLength else {
            throw .messageTooLong(length: template.length + bodyLength, limit: DBusSpec.maximumMessageLength)
        }
        return (template.header(serial: serial, bodyLength: bodyLength, replySerial: replySerial), template)
    }

    /// Encodes the header; also says where the REPLY_SERIAL value went, for `HeaderTemplate`.
    private func encodeHeader(serial: UInt32, reservingBody: Bool) throws(DBusWireError) -> (bytes: [UInt8], replySerialOffset: Int?) {
        guard serial != 0 else { throw .zeroSerial }
        let present = presentFields()
        try checkRequiredFields(present: present)
        if let bodyProblem { throw bodyProblem }
        var encoder = DBusEncoder(endianness: bodyEndianness, reservingCapacity: 256 + (reservingBody ? bodyLength : 0))
        encoder.write(bodyEndianness.rawValue)
        encoder.write(type.rawValue)
        encoder.write(flags.rawValue)
        encoder.write(UInt8(1))  // protocol version
        encoder.write(UInt32(truncatingIfNeeded: bodyLength))
        encoder.write(serial)
        var replySerialOffset: Int?
        encoder.encodeArray(elementAlignment: 8) { encoder in
            for field in orderedHeaderFields(present) {
                encoder.encodeStruct { encoder in
                    encoder.write(field.rawValue)
                    // The field's variant signature: always one basic type code.
                    encoder.write(UInt8(1))
                    encoder.write(field.type.typeCode)
                    encoder.write(UInt8(0))
                    encodeValue(of: field, to: &encoder)
                    if field == .replySerial { replySerialOffset = encoder.count - 4 }
                }
            }
        }
        encoder.align(to: 8)
        if let problem = encoder.problem { throw problem }
        guard encoder.count + bodyLength <= DBusSpec.maximumMessageLength else {
            throw .messageTooLong(length: encoder.count + bodyLength, limit: DBusSpec.maximumMessageLength)
        }
        return (encoder.bytes, replySerialOffset)
    }

    /// The header fields this message carries.
    private func presentFields() -> HeaderFieldSet {
        var present = HeaderFieldSet()
        for field in HeaderField.allCases where has(field) { present.insert(field) }
        return present
    }

    /// Present header fields in order: those seen when parsing in their original order (so a parsed
    /// message re-serializes byte for byte), then the rest in `gdbusOrder`.
    private func orderedHeaderFields(_ present: HeaderFieldSet) -> HeaderFieldOrder {
        if headerFieldOrder.count == 0 { return Self.gdbusOrder(of: present) }
        var order = HeaderFieldOrder()
        var rest = present
        for field in headerFieldOrder where present.contains(field) {
            order.append(field)
            rest.remove(field)
        }
        for field in Self.gdbusOrder(of: rest) { order.append(field) }
        return order
    }

    /// `gdbusOrder` of every set of fields, computed once: looked up for every message sent.
    private static let gdbusOrders: [HeaderFieldOrder] = (0..<(1 << 10)).map { bits in
        var order = HeaderFieldOrder()
        for field in gdbusOrder(HeaderField.allCases.filter { bits & (1 << Int($0.rawValue)) != 0 }) { order.append(field) }
        return order
    }

    static func gdbusOrder(of fields: HeaderFieldSet) -> HeaderFieldOrder {
        gdbusOrders[Int(fields.bits)]
    }

    /// The specification leaves the order of header fields free. We write them in the order
    /// GDBus does, so that our messages match GLib's byte for byte: GDBus keeps the fields in a
    /// GHashTable keyed by field code and writes them in table order. For up to 7 fields (every
    /// message the factories build) that table has 8 slots, slot `(code * 11) % 7` (codes
    /// below 2 hash as 2) with quadratic probing; this simulates it with codes inserted in
    /// ascending order, which is how GDBus's constructors set them where it matters (PATH
    /// before INTERFACE). Larger sets keep code order.
    static func gdbusOrder(_ fields: [HeaderField]) -> [HeaderField] {
        guard fields.count <= 7 else { return fields }
        var slots = [HeaderField?](repeating: nil, count: 8)
        for field in fields {
            var index = (Swift.max(Int(field.rawValue), 2) * 11) % 7
            var step = 0
            while slots[index] != nil {
                step += 1
                index = (index + step) & 7
            }
            slots[index] = field
        }
        return slots.compactMap { $0 }
    }

    private func encodeValue(of field: HeaderField, to encoder: inout DBusEncoder) {
        switch field {
        case .path: encoder.write(string: path!.rawValue)
        case .interface: encoder.write(string: interface!.rawValue)
        case .member: encoder.write(string: member!.rawValue)
        case .errorName: encoder.write(string: errorName!.rawValue)
        case .replySerial: encoder.write(replySerial!)
        case .destination: encoder.write(string: destination!.rawValue)
        case .sender: encoder.write(string: sender!.rawValue)
        case .signature: encoder.write(signature: signature.rawValue)
        case .unixFDs: encoder.write(UInt32(truncatingIfNeeded: fds.count))
        }
    }
}
