/// Reads D-Bus values from untrusted bytes with a cursor.
///
/// Every read checks what it reads: lengths against what remains and against the specification's
/// limits (before allocating anything), padding is zero, booleans are 0 or 1, strings are UTF-8
/// without NUL, object paths and signatures are valid, fd indexes refer to received fds, and
/// containers nest no deeper than allowed. Failures are `DBusWireError`s naming the byte offset,
/// relative to the start of the body or message being decoded.
public struct DBusDecoder: Sendable {
    @usableFromInline let storage: [UInt8]
    /// Index in `storage` that alignment and reported offsets are relative to.
    @usableFromInline let base: Int
    @usableFromInline var cursor: Int
    @usableFromInline var end: Int
    /// Byte order of the data.
    public let endianness: Endianness
    /// Unix fds that arrived with the data; `h` values index into them.
    public let fds: [UnixFD]
    @usableFromInline var arrayDepth = 0
    @usableFromInline var structDepth = 0
    @usableFromInline var variantDepth = 0
    /// Set when decoding bytes this process encoded itself (to convert a value to
    /// `Variant.Value`): skips the string checks the encoder reports on its own.
    @usableFromInline var trusted = false

    /// Most elements an array or dictionary reserves room for before it has read them; beyond
    /// this it grows as elements arrive.
    @usableFromInline static let maximumReservation = 1 << 16

    /// A decoder over all of `bytes`.
    public init(bytes: [UInt8], endianness: Endianness = .native, fds: [UnixFD] = []) {
        self.init(bytes: bytes, range: 0..<bytes.count, endianness: endianness, fds: fds)
    }

    /// A decoder over `range` of `bytes`; alignment is relative to `range.lowerBound`, which must
    /// be 8-aligned within the message (as a body is).
    public init(bytes: [UInt8], range: Range<Int>, endianness: Endianness = .native, fds: [UnixFD] = []) {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "range \(range) outside \(bytes.count) bytes")
        self.storage = bytes
        self.base = range.lowerBound
        self.cursor = range.lowerBound
        self.end = range.upperBound
        self.endianness = endianness
        self.fds = fds
    }

    /// Current position, relative to the start of the data.
    @inlinable public var offset: Int { cursor &- base }
    /// Bytes left to read.
    @inlinable public var remaining: Int { end &- cursor }
    /// Whether every byte has been read.
    @inlinable public var isAtEnd: Bool { cursor >= end }

    /// Reads one value of type `T`.
    @inlinable
    public mutating func decode<T: DBusDecodable>(_: T.Type = T.self) throws(DBusWireError) -> T {
        try T(from: &self)
    }

    /// Throws unless every byte has been read.
    public func finish() throws(DBusWireError) {
        if cursor < end { throw .trailingBytes(offset: offset, count: end - cursor) }
    }

    @inlinable
    func truncated(_ needed: Int) -> DBusWireError {
        .truncated(offset: offset, needed: needed, available: remaining)
    }

    /// Skips padding up to the next multiple of `alignment`, requiring it to be zero.
    @inlinable
    public mutating func align(to alignment: Int) throws(DBusWireError) {
        let padding = (base &- cursor) & (alignment &- 1)
        if padding != 0 { try skipPadding(padding) }
    }

    @inlinable
    mutating func skipPadding(_ padding: Int) throws(DBusWireError) {
        guard remaining >= padding else { throw truncated(padding) }
        let start = cursor
        // At most 7 bytes: check them with one load where the data allows it.
        if end - start >= 8 {
            let word = storage.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: start, as: UInt64.self) }
            let mask: UInt64 = padding == 8 ? ~0 : (1 << (UInt64(padding) * 8)) - 1
            let relevant = Endianness.native == .little ? word & mask : word >> (64 - UInt64(padding) * 8)
            if relevant == 0 {
                cursor = start + padding
                return
            }
        }
        for i in start..<(start + padding) where storage[i] != 0 {
            throw .nonZeroPadding(offset: i - base)
        }
        cursor = start + padding
    }

    /// Reads a fixed-width integer, aligned to its size, in the data's byte order.
    @inlinable
    public mutating func read<I: FixedWidthInteger>(_: I.Type = I.self) throws(DBusWireError) -> I {
        let size = MemoryLayout<I>.size
        try align(to: size)
        guard remaining >= size else { throw truncated(size) }
        let at = cursor
        let raw = storage.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: I.self) }
        cursor = at + size
        return endianness == .little ? I(littleEndian: raw) : I(bigEndian: raw)
    }

    /// Reads a boolean ('b'): a 32-bit 0 or 1.
    @inlinable
    public mutating func readBool() throws(DBusWireError) -> Bool {
        let at = offset
        let raw = try read(UInt32.self)
        guard raw <= 1 else { throw .invalidBoolean(offset: at, value: raw) }
        return raw == 1
    }

    /// Reads a string ('s'): 32-bit length, UTF-8 without NUL, then a NUL.
    @inlinable
    public mutating func readString() throws(DBusWireError) -> String {
        let length = Int(try read(UInt32.self))
        return try readStringBytes(length: length)
    }

    /// Reads `length` string bytes and the NUL after them.
    @inlinable
    mutating func readStringBytes(length: Int) throws(DBusWireError) -> String {
        guard remaining > length else { throw truncated(length + 1) }
        let start = cursor
        let startOffset = offset
        if storage[start + length] != 0 { throw .missingNulTerminator(offset: startOffset + length) }
        let checkUTF8 = !trusted
        let result: Result<String, DBusWireError> = storage.withUnsafeBytes { all in
            let raw = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
            if checkUTF8, let failure = UTF8Validation.check(raw) {
                switch failure {
                case .invalid(let at): return .failure(.invalidUTF8(offset: startOffset + at))
                case .nul(let at): return .failure(.nulInString(offset: startOffset + at))
                }
            }
            return .success(String(decoding: raw, as: UTF8.self))
        }
        cursor = start + length + 1
        return try result.get()
    }

    /// Reads an object path ('o') and validates it.
    @inlinable
    public mutating func readObjectPath() throws(DBusWireError) -> ObjectPath {
        let at = offset
        let text = try readString()
        do {
            return try ObjectPath(text)
        } catch {
            throw .invalidObjectPath(offset: at, path: text)
        }
    }

    /// Reads a signature ('g'): 8-bit length, type codes, NUL; validates it.
    public mutating func readSignature() throws(DBusWireError) -> Signature {
        let at = offset
        let text = try readSignatureText()
        do {
            return try Signature(text)
        } catch {
            throw .invalidSignature(offset: at, signature: text, reason: error.description)
        }
    }

    @usableFromInline
    mutating func readSignatureText() throws(DBusWireError) -> String {
        guard remaining >= 1 else { throw truncated(1) }
        let length = Int(storage[cursor])
        cursor += 1
        // Signatures are ASCII type codes; reject anything else before building a String.
        guard remaining > length else { throw truncated(length + 1) }
        let start = cursor
        if storage[start + length] != 0 { throw .missingNulTerminator(offset: offset + length) }
        for i in start..<(start + length) where storage[i] == 0 || storage[i] >= 0x80 {
            throw .invalidSignature(offset: offset - 1, signature: "", reason: "byte \(storage[i]) is not a type code")
        }
        let text = storage.withUnsafeBytes { String(decoding: UnsafeRawBufferPointer(rebasing: $0[start..<(start + length)]), as: UTF8.self) }
        cursor = start + length + 1
        return text
    }

    /// Reads a variant's signature, which must be one complete type. Single-character basic
    /// signatures (the common case in `a{sv}`) skip the general parser.
    @usableFromInline
    mutating func readVariantType() throws(DBusWireError) -> DBusType {
        let at = offset
        if remaining >= 3, storage[cursor] == 1, storage[cursor + 2] == 0,
           let basic = storage[cursor + 1] == UInt8(ascii: "v") ? .variant : DBusType(basicTypeCode: storage[cursor + 1]) {
            cursor += 3
            return basic
        }
        let signature = try readSignature()
        guard signature.types.count == 1 else {
            throw .variantSignatureNotSingleType(offset: at, signature: signature.rawValue)
        }
        return signature.types[0]
    }

    /// Reads a Unix fd index ('h') and returns the fd it refers to. The fd stays owned by the
    /// message; call `take()` or `duplicate()` on it to keep it beyond the message's lifetime.
    public mutating func readUnixFD() throws(DBusWireError) -> UnixFD {
        let at = offset
        let index = try read(UInt32.self)
        guard Int(index) < fds.count else {
            throw .unixFDIndexOutOfRange(offset: at, index: index, received: fds.count)
        }
        return fds[Int(index)]
    }

    // MARK: Containers

    @inlinable
    mutating func enterContainer(array: Bool = false, structure: Bool = false, variant: Bool = false) throws(DBusWireError) {
        if array { arrayDepth += 1 }
        if structure { structDepth += 1 }
        if variant { variantDepth += 1 }
        if arrayDepth > DBusSpec.maximumArrayNesting || structDepth > DBusSpec.maximumStructNesting
            || arrayDepth + structDepth + variantDepth > DBusSpec.maximumArrayNesting + DBusSpec.maximumStructNesting {
            throw .nestingTooDeep(offset: offset, limit: arrayDepth > DBusSpec.maximumArrayNesting ? DBusSpec.maximumArrayNesting
                : structDepth > DBusSpec.maximumStructNesting ? DBusSpec.maximumStructNesting
                : DBusSpec.maximumArrayNesting + DBusSpec.maximumStructNesting)
        }
    }

    /// Starts a struct or dict entry: aligns to 8 and counts the nesting level. Read the fields,
    /// then call `endStruct()`. The closure-free form suits generated code:
    /// ```swift
    /// init(from decoder: inout DBusDecoder) throws(DBusWireError) {
    ///     try decoder.beginStruct()
    ///     x = try decoder.decode()
    ///     y = try decoder.decode()
    ///     decoder.endStruct()
    /// }
    /// ```
    @inlinable
    public mutating func beginStruct() throws(DBusWireError) {
        try align(to: 8)
        try enterContainer(structure: true)
    }

    /// Ends what `beginStruct()` started.
    @inlinable
    public mutating func endStruct() {
        structDepth -= 1
    }

    /// Reads a struct or dict entry: aligns to 8, then `body` reads the fields in order. The
    /// closure must be spelled `{ decoder throws(DBusWireError) in ... }`.
    @inlinable
    public mutating func decodeStruct<R>(_ body: (inout DBusDecoder) throws(DBusWireError) -> R) throws(DBusWireError) -> R {
        try align(to: 8)
        try enterContainer(structure: true)
        let result = try body(&self)
        structDepth -= 1
        return result
    }

    /// Reads an array: its length (checked against the 64 MiB limit and what remains), padding
    /// to `elementAlignment`, then calls `element` until the declared length is consumed exactly.
    @inlinable
    public mutating func decodeArray(elementAlignment: Int, _ element: (inout DBusDecoder) throws(DBusWireError) -> Void) throws(DBusWireError) {
        let length = try readArrayLength(elementAlignment: elementAlignment)
        try enterContainer(array: true)
        let start = cursor
        let stop = cursor + length
        let outerEnd = end
        // Elements must not read past the array; narrowing `end` turns an overrun into a
        // truncation error at the right offset.
        end = stop
        while cursor < stop {
            let before = cursor
            try element(&self)
            // Every D-Bus value takes at least one byte; a reader that takes none would spin.
            if cursor == before {
                throw .arrayLengthMismatch(offset: start - base, declared: length, consumed: cursor - start)
            }
        }
        end = outerEnd
        arrayDepth -= 1
        if cursor != stop {
            throw .arrayLengthMismatch(offset: start - base, declared: length, consumed: cursor - start)
        }
    }

    /// Reads an array length and the padding after it; returns the length in bytes.
    @inlinable
    mutating func readArrayLength(elementAlignment: Int) throws(DBusWireError) -> Int {
        let at = offset
        let length = Int(try read(UInt32.self))
        guard length <= DBusSpec.maximumArrayLength else {
            throw .arrayTooLong(offset: at, length: length, limit: DBusSpec.maximumArrayLength)
        }
        try align(to: elementAlignment)
        guard length <= remaining else {
            throw .arrayTooLong(offset: at, length: length, limit: remaining)
        }
        return length
    }

    /// Reads an array of integers or doubles with one bulk copy.
    @inlinable
    public mutating func decodeFixedWidthArray<Element: DBusFixedWidthValue>(_: [Element].Type = [Element].self) throws(DBusWireError) -> [Element] {
        try decodeBulk(Element.self)
    }

    @inlinable
    mutating func decodeBulk<Element>(_: Element.Type) throws(DBusWireError) -> [Element] {
        let size = MemoryLayout<Element>.size
        let at = offset
        let length = try readArrayLength(elementAlignment: size)
        guard length % size == 0 else {
            throw .arrayLengthMismatch(offset: at, declared: length, consumed: length - length % size)
        }
        try enterContainer(array: true)
        arrayDepth -= 1
        let count = length / size
        let start = cursor
        let swap = endianness != .native && size > 1
        let result: [Element] = LargeBuffers.makeArray(count: count) { target in
            storage.withUnsafeBytes { all in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: all[start..<(start + length)]))
            }
            if swap { ByteSwap.inPlace(target, elementSize: size) }
        }
        cursor = start + length
        return result
    }
}
