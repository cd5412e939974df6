/// Writes D-Bus values into one contiguous, growable byte buffer.
///
/// Alignment is relative to the start of the buffer. A message body starts 8-aligned within its
/// message, so encoding a body on its own gives the same padding as encoding it in place.
/// Unix fds are collected in `fds`; an `h` value is written as an index into that list.
///
/// Encoding never fails on the spot: values that cannot go on the wire (a string with a NUL byte,
/// an array longer than 64 MiB) are remembered in `problem`, and `Message.serialized(serial:)`
/// reports it.
public struct DBusEncoder: Sendable {
    /// The encoded bytes.
    public var bytes: [UInt8] { storage }
    /// Unix fds referenced by `h` values, in index order.
    public var fds: [UnixFD] { fdStorage }
    /// The byte order written; native unless re-encoding a message in the other order.
    public let endianness: Endianness
    /// The first value that could not be represented validly, if any.
    public var problem: DBusWireError? { firstProblem }

    @usableFromInline var storage: [UInt8]
    @usableFromInline var fdStorage: [UnixFD]
    @usableFromInline var firstProblem: DBusWireError?
    /// Containers open around the value being written, counted as the decoder counts them, so
    /// a value nested deeper than the specification allows (a dynamic `Variant` built from
    /// outside input, say) becomes `problem` instead of a message every peer rejects. Structs
    /// opened with `beginStruct()` have no end call and are not counted.
    @usableFromInline var nesting = Nesting()

    @usableFromInline
    struct Nesting: Sendable {
        @usableFromInline var arrays = 0
        @usableFromInline var structs = 0
        @usableFromInline var variants = 0
        @inlinable init() {}

        /// The limit this depth breaks, if any.
        @inlinable var exceededLimit: Int? {
            if arrays > DBusSpec.maximumArrayNesting { return DBusSpec.maximumArrayNesting }
            if structs > DBusSpec.maximumStructNesting { return DBusSpec.maximumStructNesting }
            let total = DBusSpec.maximumArrayNesting + DBusSpec.maximumStructNesting
            return arrays + structs + variants > total ? total : nil
        }
    }

    /// - Parameters:
    ///   - endianness: byte order to write; the runtime sends native order.
    ///   - capacity: bytes to reserve up front.
    ///   - fds: fds already attached to the message, so `h` values refer to them by position.
    public init(endianness: Endianness = .native, reservingCapacity capacity: Int = 0, fds: [UnixFD] = []) {
        self.storage = []
        // Not for 0: reserving on the shared empty array would replace it for nothing.
        if capacity > 0 { self.storage.reserveCapacity(capacity) }
        self.fdStorage = fds
        self.endianness = endianness
        self.firstProblem = nil
    }

    /// Number of bytes written so far.
    @inlinable public var count: Int { storage.count }

    /// Makes room for at least `byteCount` more bytes, growing geometrically so that repeated
    /// calls stay linear overall.
    @inlinable
    public mutating func reserveAdditional(_ byteCount: Int) {
        let needed = storage.count + byteCount
        if needed > storage.capacity {
            storage.reserveCapacity(Swift.max(needed, storage.capacity * 2))
            if storage.capacity >= LargeBuffers.threshold { adviseHugePages() }
        }
    }

    /// Advises huge pages for the storage before it is filled (see `LargeBuffers`).
    @usableFromInline
    mutating func adviseHugePages() {
        let capacity = storage.capacity
        storage.withUnsafeMutableBytes { LargeBuffers.adviseHugePages($0.baseAddress, count: capacity) }
    }

    /// Appends `value` in its D-Bus representation.
    @inlinable
    public mutating func encode<T: DBusEncodable>(_ value: T) {
        value.encode(to: &self)
    }

    /// Appends zero bytes up to the next multiple of `alignment` (1, 2, 4 or 8).
    @inlinable
    public mutating func align(to alignment: Int) {
        let padding = (0 &- storage.count) & (alignment &- 1)
        if padding != 0 { appendZeros(padding) }
    }

    @inlinable
    mutating func appendZeros(_ count: Int) {
        // At most 7 padding bytes (or a 4-byte placeholder): single appends inline best.
        for _ in 0..<count { storage.append(0) }
    }

    /// Appends a fixed-width integer, aligned to its size, in the encoder's byte order.
    @inlinable
    public mutating func write<I: FixedWidthInteger>(_ value: I) {
        let size = MemoryLayout<I>.size
        let padding = (0 &- storage.count) & (size &- 1)
        if padding != 0 { appendZeros(padding) }
        // Byte by byte: Array.append(_:) inlines to a capacity check and a store, cheaper for a
        // few bytes than a call to append(contentsOf:).
        var rest = endianness == .little ? value : value.byteSwapped
        for _ in 0..<size {
            storage.append(UInt8(truncatingIfNeeded: rest))
            rest = rest >> 8
        }
    }

    /// Appends raw bytes without alignment.
    @inlinable
    public mutating func writeBytes(_ raw: UnsafeRawBufferPointer) {
        storage.append(contentsOf: raw)
    }

    /// Appends a string ('s' wire form: 32-bit length, UTF-8 bytes, NUL).
    @inlinable
    public mutating func write(string: String) {
        var string = string
        string.withUTF8 { utf8 in
            write(UInt32(truncatingIfNeeded: utf8.count))
            if firstProblem == nil, let nul = utf8.firstIndex(of: 0) {
                firstProblem = .nulInString(offset: storage.count + nul)
            }
            storage.append(contentsOf: utf8)
            storage.append(0)
        }
    }

    /// Appends a signature ('g' wire form: 8-bit length, ASCII type codes, NUL).
    @inlinable
    public mutating func write(signature text: String) {
        var text = text
        text.withUTF8 { utf8 in
            if utf8.count > DBusSpec.maximumSignatureLength, firstProblem == nil {
                firstProblem = .invalidSignature(
                    offset: storage.count, signature: String(decoding: utf8, as: UTF8.self),
                    reason: "longer than \(DBusSpec.maximumSignatureLength) characters")
            }
            storage.append(UInt8(truncatingIfNeeded: utf8.count))
            storage.append(contentsOf: utf8)
            storage.append(0)
        }
    }

    /// Starts a struct or dict entry (aligns to 8); write the fields in order after it. The
    /// closure-free counterpart of `encodeStruct`, matching `DBusDecoder.beginStruct()`.
    @inlinable
    public mutating func beginStruct() {
        align(to: 8)
    }

    /// Appends a struct or dict entry: aligns to 8, then lets `body` write the fields in order.
    @inlinable
    public mutating func encodeStruct(_ body: (inout DBusEncoder) -> Void) {
        align(to: 8)
        nesting.structs += 1
        defer { nesting.structs -= 1 }
        guard withinNestingLimits() else { return }
        body(&self)
    }

    /// Whether the current depth is allowed; records the problem (once) when it is not, and the
    /// caller then skips the contents, so even an absurdly deep value ends quickly.
    @inlinable
    mutating func withinNestingLimits() -> Bool {
        guard let limit = nesting.exceededLimit else { return true }
        if firstProblem == nil { firstProblem = .nestingTooDeep(offset: storage.count, limit: limit) }
        return false
    }

    /// Appends an array: writes a length placeholder, aligns to `elementAlignment` (padding is
    /// written even for an empty array, as the specification requires), lets `body` write the
    /// elements, then patches the length.
    @inlinable
    public mutating func encodeArray(elementAlignment: Int, _ body: (inout DBusEncoder) -> Void) {
        align(to: 4)
        let lengthOffset = storage.count
        appendZeros(4)
        align(to: elementAlignment)
        let start = storage.count
        nesting.arrays += 1
        if withinNestingLimits() { body(&self) }
        nesting.arrays -= 1
        patchArrayLength(at: lengthOffset, length: storage.count - start)
    }

    @inlinable
    mutating func patchArrayLength(at lengthOffset: Int, length: Int) {
        if length > DBusSpec.maximumArrayLength, firstProblem == nil {
            firstProblem = .arrayTooLong(offset: lengthOffset, length: length, limit: DBusSpec.maximumArrayLength)
        }
        var ordered = endianness == .little
            ? UInt32(truncatingIfNeeded: length).littleEndian : UInt32(truncatingIfNeeded: length).bigEndian
        withUnsafeBytes(of: &ordered) { raw in
            storage.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: lengthOffset).copyMemory(from: raw.baseAddress!, byteCount: 4) }
        }
    }

    /// Appends an array of integers or doubles with one bulk copy (and an in-place byte swap when
    /// writing the non-native order).
    @inlinable
    public mutating func encodeFixedWidthArray<Element: DBusFixedWidthValue>(_ elements: [Element]) {
        encodeBulk(elements)
    }

    /// Bulk path shared with `Array.encode(to:)`, which only knows at run time that its element is
    /// a `DBusFixedWidthValue`.
    @inlinable
    mutating func encodeBulk<Element>(_ elements: [Element]) {
        let size = MemoryLayout<Element>.size
        align(to: 4)
        let lengthOffset = storage.count
        appendZeros(4)
        align(to: size)
        let start = storage.count
        reserveAdditional(elements.count * size)
        elements.withUnsafeBytes { storage.append(contentsOf: $0) }
        if endianness != .native, size > 1 {
            storage.withUnsafeMutableBytes { raw in
                ByteSwap.inPlace(UnsafeMutableRawBufferPointer(rebasing: raw[start...]), elementSize: size)
            }
        }
        patchArrayLength(at: lengthOffset, length: storage.count - start)
    }

    /// Writes the index of `fd` ('h'), adding it to `fds` unless it is there already: the same
    /// descriptor used twice travels once.
    public mutating func write(fd: UnixFD) {
        if let index = fdStorage.firstIndex(of: fd) {
            write(UInt32(truncatingIfNeeded: index))
        } else {
            write(UInt32(truncatingIfNeeded: fdStorage.count))
            fdStorage.append(fd)
        }
    }
}

/// Swaps the byte order of every element of a packed array of 2-, 4- or 8-byte values.
@usableFromInline
enum ByteSwap {
    @inlinable
    static func inPlace(_ raw: UnsafeMutableRawBufferPointer, elementSize: Int) {
        var i = 0
        let n = raw.count
        switch elementSize {
        case 2:
            while i + 2 <= n {
                raw.storeBytes(of: raw.loadUnaligned(fromByteOffset: i, as: UInt16.self).byteSwapped, toByteOffset: i, as: UInt16.self)
                i += 2
            }
        case 4:
            while i + 4 <= n {
                raw.storeBytes(of: raw.loadUnaligned(fromByteOffset: i, as: UInt32.self).byteSwapped, toByteOffset: i, as: UInt32.self)
                i += 4
            }
        case 8:
            while i + 8 <= n {
                raw.storeBytes(of: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self).byteSwapped, toByteOffset: i, as: UInt64.self)
                i += 8
            }
        default:
            break
        }
    }
}
