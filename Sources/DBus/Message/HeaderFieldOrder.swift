/// An order of distinct header fields, packed into one integer (4 bits per field code), so that
/// parsing and serializing a message never allocate for it.
struct HeaderFieldOrder: Sequence {
    private var packed: UInt64 = 0
    private(set) var count = 0

    init() {}

    /// Appends `field`; a message has each field at most once, so nine fit.
    mutating func append(_ field: HeaderField) {
        packed |= UInt64(field.rawValue) << (4 * count)
        count += 1
    }

    func makeIterator() -> Iterator { Iterator(packed: packed, left: count) }

    struct Iterator: IteratorProtocol {
        var packed: UInt64
        var left: Int

        mutating func next() -> HeaderField? {
            guard left > 0 else { return nil }
            defer {
                packed >>= 4
                left -= 1
            }
            return HeaderField(rawValue: UInt8(packed & 0xF))
        }
    }
}

/// A set of header fields, one bit per field code.
struct HeaderFieldSet: ExpressibleByArrayLiteral {
    var bits: UInt16 = 0

    init(bits: UInt16 = 0) { self.bits = bits }

    init(arrayLiteral fields: HeaderField...) {
        for field in fields { insert(field) }
    }

    mutating func insert(_ field: HeaderField) { bits |= 1 << field.rawValue }
    mutating func remove(_ field: HeaderField) { bits &= ~(1 << field.rawValue) }
    func contains(_ field: HeaderField) -> Bool { bits & (1 << field.rawValue) != 0 }
}
