extension Message {
    /// Length of the fixed part of the header: endianness, type, flags, version, body length,
    /// serial and the header field array's length.
    public static let fixedHeaderLength = 16

    /// How many bytes the whole message needs, from its first 16 bytes: for transports reading a
    /// stream. Validates the endianness marker, the protocol version and the 128 MiB limit, so a
    /// hostile length never makes the caller allocate.
    /// - Throws: `DBusWireError` when fewer than 16 bytes are given or they are not a valid start.
    public static func requiredLength(fromPrefix prefix: UnsafeRawBufferPointer) throws(DBusWireError) -> Int {
        guard prefix.count >= fixedHeaderLength else {
            throw .truncated(offset: 0, needed: fixedHeaderLength, available: prefix.count)
        }
        guard let endianness = Endianness(rawValue: prefix[0]) else { throw .invalidEndianness(byte: prefix[0]) }
        guard prefix[3] == 1 else { throw .unsupportedProtocolVersion(prefix[3]) }
        func u32(_ offset: Int) -> Int {
            let raw = prefix.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
            return Int(endianness == .little ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw))
        }
        let bodyLength = u32(4)
        let fieldsLength = u32(12)
        guard fieldsLength <= DBusSpec.maximumArrayLength else {
            throw .arrayTooLong(offset: 12, length: fieldsLength, limit: DBusSpec.maximumArrayLength)
        }
        let headerLength = (fixedHeaderLength + fieldsLength + 7) & ~7
        let total = headerLength + bodyLength
        guard total <= DBusSpec.maximumMessageLength else {
            throw .messageTooLong(length: total, limit: DBusSpec.maximumMessageLength)
        }
        return total
    }

    /// `requiredLength(fromPrefix:)` for an array holding at least the first 16 bytes.
    public static func requiredLength(fromPrefix prefix: [UInt8]) throws(DBusWireError) -> Int {
        let result: Result<Int, DBusWireError> = prefix.withUnsafeBytes { raw in
            do throws(DBusWireError) { return .success(try requiredLength(fromPrefix: raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Parses and validates one complete message from untrusted bytes.
    ///
    /// Checks the header (endianness, version, type, serial, field types, required fields, names),
    /// then validates the whole body against its signature, so `decodeBody` only fails when the
    /// caller asks for the wrong types.
    /// - Parameters:
    ///   - bytes: exactly one message; `requiredLength(fromPrefix:)` says how many bytes that is.
    ///   - fds: Unix fds received with the message; the message takes ownership of the ones the
    ///     UNIX_FDS header field announces, in order; any further ones are not kept (they close
    ///     when the caller drops its copies).
    /// - Throws: a `DBusWireError` naming the first problem found.
    public static func parse(bytes: [UInt8], fds: [UnixFD] = []) throws(DBusWireError) -> Message {
        var names = HeaderNameCache()
        var header = RepeatedHeader()
        return try parse(bytes: bytes, fds: fds, names: &names, lastHeader: &header, remember: false)
    }

    /// `parse(bytes:fds:)` that first compares the header with `lastHeader` and looks names up in
    /// `names` (a connection's memory of what its peer sent); with `remember`, it adds the new
    /// names to `names` and keeps this message's header in `lastHeader`.
    static func parse(
        bytes: [UInt8], fds: [UnixFD], names: inout HeaderNameCache, lastHeader: inout RepeatedHeader, remember: Bool
    ) throws(DBusWireError) -> Message {
        let total = try requiredLength(fromPrefix: bytes)
        guard bytes.count >= total else { throw .truncated(offset: 0, needed: total, available: bytes.count) }
        guard bytes.count == total else { throw .trailingBytes(offset: total, count: bytes.count - total) }

        if var message = bytes.withUnsafeBytes({ lastHeader.match($0) }) {
            guard message.serial != 0 else { throw .zeroSerial }
            try message.attachBody(of: bytes, from: lastHeader.bodyStart, fds: fds, declaredFDs: lastHeader.fdsAnnounced)
            return message
        }

        guard let endianness = Endianness(rawValue: bytes[0]) else { throw .invalidEndianness(byte: bytes[0]) }
        guard let type = MessageType(rawValue: bytes[1]) else { throw .unknownMessageType(bytes[1]) }

        var message = Message(type: type, flags: Flags(rawValue: bytes[2]))
        message.bodyEndianness = endianness

        var header = DBusDecoder(bytes: bytes, range: 0..<total, endianness: endianness)
        header.cursor = 4
        let bodyLength = Int(try header.read(UInt32.self))
        message.serial = try header.read(UInt32.self)
        guard message.serial != 0 else { throw .zeroSerial }

        var declaredFDs = 0
        var replySerialOffset: Int?
        var seen: UInt32 = 0
        try header.decodeArray(elementAlignment: 8) { decoder throws(DBusWireError) in
            try decoder.decodeStruct { decoder throws(DBusWireError) in
                let code = try decoder.read(UInt8.self)
                if code < 32 {
                    guard seen & (1 << code) == 0 else { throw .duplicateHeaderField(code: code) }
                    seen |= 1 << code
                }
                // Unknown fields must be accepted and ignored (specification, "Header Fields").
                guard let field = HeaderField(rawValue: code) else {
                    _ = try decoder.decodeVariant()
                    return
                }
                message.headerFieldOrder.append(field)
                let type = try decoder.readVariantType()
                guard type == field.type else {
                    throw .headerFieldTypeMismatch(field: field.name, expected: field.type.signatureText, actual: type.signatureText)
                }
                try message.readField(field, from: &decoder, names: &names, remember: remember, declaredFDs: &declaredFDs)
                if field == .replySerial { replySerialOffset = decoder.offset - 4 }
            }
        }
        try header.align(to: 8)
        let bodyStart = header.cursor
        guard bodyStart + bodyLength == total else {
            throw .truncated(offset: bodyStart, needed: bodyLength, available: total - bodyStart)
        }
        try message.checkRequiredFields(present: HeaderFieldSet(bits: UInt16(truncatingIfNeeded: seen)))
        try message.attachBody(of: bytes, from: bodyStart, fds: fds, declaredFDs: declaredFDs)
        if remember {
            bytes.withUnsafeBytes { lastHeader.remember(message, raw: $0, replySerialOffset: replySerialOffset) }
        }
        return message
    }

    /// Gives this message (its header parsed from `bytes`) its fds, taken from `fds`, and its
    /// body, `bytes[bodyStart...]`, validated against its signature. Mutating rather than
    /// returning a changed copy: a copy of a message costs a retain of each of its buffers.
    private mutating func attachBody(of bytes: [UInt8], from bodyStart: Int, fds: [UnixFD], declaredFDs: Int) throws(DBusWireError) {
        guard fds.count >= declaredFDs else { throw .missingUnixFDs(declared: declaredFDs, received: fds.count) }
        // No fds is the common case: skip slicing and copying an empty array.
        if declaredFDs > 0 { self.fds = Array(fds.prefix(declaredFDs)) }
        if signature.types.isEmpty {
            // Nothing to validate (replies of void methods): only `finish()`'s check, without a decoder.
            if bodyStart < bytes.count { throw .trailingBytes(offset: 0, count: bytes.count - bodyStart) }
        } else {
            var body = DBusDecoder(bytes: bytes, range: bodyStart..<bytes.count, endianness: bodyEndianness, fds: self.fds)
            for type in signature.types {
                try body.validate(type)
            }
            try body.finish()
        }
        bodyStorage = bytes
        bodyRange = bodyStart..<bytes.count
    }

    /// Reads the value of header `field` (its type already checked) into this message.
    private mutating func readField(
        _ field: HeaderField, from decoder: inout DBusDecoder, names: inout HeaderNameCache, remember: Bool,
        declaredFDs: inout Int
    ) throws(DBusWireError) {
        // Cache misses read the string, then validate it as the field's kind of name.
        func name<N>(_ decoder: inout DBusDecoder, _ make: (String) throws(DBusNameError) -> N) throws(DBusWireError) -> N {
            let text = try decoder.readString()
            do throws(DBusNameError) {
                return try make(text)
            } catch {
                throw .invalidHeaderField(field: field.name, value: text, reason: error.description)
            }
        }
        switch field {
        case .path:
            path = try decoder.readHeaderName(&names.paths, remember: remember) { decoder throws(DBusWireError) in try decoder.readObjectPath() }
        case .interface:
            interface = try decoder.readHeaderName(&names.interfaces, remember: remember) { d throws(DBusWireError) in try name(&d) { s throws(DBusNameError) in try InterfaceName(s) } }
        case .member:
            member = try decoder.readHeaderName(&names.members, remember: remember) { d throws(DBusWireError) in try name(&d) { s throws(DBusNameError) in try MemberName(s) } }
        case .errorName:
            errorName = try decoder.readHeaderName(&names.errorNames, remember: remember) { d throws(DBusWireError) in try name(&d) { s throws(DBusNameError) in try ErrorName(s) } }
        case .destination:
            destination = try decoder.readHeaderName(&names.busNames, remember: remember) { d throws(DBusWireError) in try name(&d) { s throws(DBusNameError) in try BusName(s) } }
        case .sender:
            sender = try decoder.readHeaderName(&names.busNames, remember: remember) { d throws(DBusWireError) in try name(&d) { s throws(DBusNameError) in try BusName(s) } }
        case .signature:
            signature = try decoder.readHeaderName(&names.signatures, remember: remember, signatureForm: true) { decoder throws(DBusWireError) in try decoder.readSignature() }
        case .replySerial:
            replySerial = try decoder.read(UInt32.self)
        case .unixFDs:
            declaredFDs = Int(try decoder.read(UInt32.self))
        }
    }
}

extension DBusDecoder {
    /// Reads a header field's string, object path or signature: the value stored in `recent` when
    /// the same bytes were validated before, otherwise what `validate` reads (then remembered if
    /// `remember`). A hit checks only the bounds and the NUL; everything else was checked when the
    /// bytes were first seen, so errors are those of `validate`.
    mutating func readHeaderName<N: Sendable>(
        _ recent: inout HeaderNameCache.Recent<N>, remember: Bool, signatureForm: Bool = false,
        _ validate: (inout DBusDecoder) throws(DBusWireError) -> N
    ) throws(DBusWireError) -> N {
        // A signature has an 8-bit length; strings and object paths have 32-bit ones.
        if !signatureForm { try align(to: 4) }
        let valueStart = cursor
        let prefix = signatureForm ? 1 : 4
        if remaining > prefix {
            let length: Int
            if signatureForm {
                length = Int(storage[cursor])
            } else {
                let raw = storage.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: valueStart, as: UInt32.self) }
                length = Int(endianness == .little ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw))
            }
            let bytesStart = valueStart + prefix
            if length < remaining - prefix, storage[bytesStart + length] == 0 {
                let known = storage.withUnsafeBytes { recent.value(for: UnsafeRawBufferPointer(rebasing: $0[bytesStart..<(bytesStart + length)])) }
                if let known {
                    cursor = bytesStart + length + 1
                    return known
                }
            }
        }
        let value = try validate(&self)
        if remember {
            let range = (valueStart + prefix)..<(cursor - 1)
            storage.withUnsafeBytes { recent.insert(UnsafeRawBufferPointer(rebasing: $0[range]), value) }
        }
        return value
    }
}

extension DBusDecoder {
    /// Checks that a value of `type` follows, without building it: the body check of
    /// `Message.parse`. Arrays of fixed-size types other than booleans are checked by length.
    mutating func validate(_ type: DBusType) throws(DBusWireError) {
        switch type {
        case .byte: _ = try read(UInt8.self)
        case .boolean: _ = try readBool()
        case .int16, .uint16: _ = try read(UInt16.self)
        case .int32, .uint32: _ = try read(UInt32.self)
        case .int64, .uint64, .double: _ = try read(UInt64.self)
        case .string: _ = try readString()
        case .objectPath: _ = try readObjectPath()
        case .signature: _ = try readSignature()
        case .unixFD: _ = try readUnixFD()
        case .variant:
            let inner = try readVariantType()
            try enterContainer(variant: true)
            try validate(inner)
            variantDepth -= 1
        case .array(let element):
            if let size = element.fixedSize, element != .boolean, element != .unixFD {
                let at = offset
                let length = try readArrayLength(elementAlignment: size)
                guard length % size == 0 else {
                    throw .arrayLengthMismatch(offset: at, declared: length, consumed: length - length % size)
                }
                try enterContainer(array: true)
                arrayDepth -= 1
                cursor += length
            } else if let layout = FixedStructLayout(element), validateFixedStructArray(layout) {
                return
            } else {
                try decodeArray(elementAlignment: element.alignment) { decoder throws(DBusWireError) in
                    try decoder.validate(element)
                }
            }
        case .dictionary(let key, let value):
            try decodeArray(elementAlignment: 8) { decoder throws(DBusWireError) in
                try decoder.decodeStruct { decoder throws(DBusWireError) in
                    try decoder.validate(key)
                    try decoder.validate(value)
                }
            }
        case .structure(let fields):
            try decodeStruct { decoder throws(DBusWireError) in
                for field in fields { try decoder.validate(field) }
            }
        }
    }
}
