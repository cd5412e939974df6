extension Message {
    /// The message in wire format with `serial`, ready to write to a transport (the fds in `fds`
    /// go alongside). The header uses the body's byte order, so a parsed message forwards as is.
    /// - Throws: `DBusWireError` when `serial` is 0, a required header field is missing, the
    ///   body holds a value that cannot go on the wire, or the message exceeds 128 MiB.
    public func serialized(serial: UInt32) throws(DBusWireError) -> [UInt8] {
        guard serial != 0 else { throw .zeroSerial }
        try checkRequiredFields()
        if let bodyProblem { throw bodyProblem }
        var encoder = DBusEncoder(endianness: bodyEndianness, reservingCapacity: 256 + body.count)
        encoder.write(bodyEndianness.rawValue)
        encoder.write(type.rawValue)
        encoder.write(flags.rawValue)
        encoder.write(UInt8(1))  // protocol version
        encoder.write(UInt32(truncatingIfNeeded: body.count))
        encoder.write(serial)
        encoder.encodeArray(elementAlignment: 8) { encoder in
            for field in orderedHeaderFields() {
                encoder.encodeStruct { encoder in
                    encoder.write(field.rawValue)
                    encoder.write(signature: field.type.signatureText)
                    encodeValue(of: field, to: &encoder)
                }
            }
        }
        encoder.align(to: 8)
        body.withUnsafeBytes { encoder.writeBytes($0) }
        if let problem = encoder.problem { throw problem }
        guard encoder.count <= DBusSpec.maximumMessageLength else {
            throw .messageTooLong(length: encoder.count, limit: DBusSpec.maximumMessageLength)
        }
        return encoder.bytes
    }

    /// Present header fields: those seen when parsing in their original order, then the rest by code.
    private func orderedHeaderFields() -> [HeaderField] {
        var fields: [HeaderField] = []
        for code in headerFieldOrder {
            if let field = HeaderField(rawValue: code), has(field), !fields.contains(field) { fields.append(field) }
        }
        for field in HeaderField.allCases where has(field) && !fields.contains(field) {
            fields.append(field)
        }
        return fields
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
