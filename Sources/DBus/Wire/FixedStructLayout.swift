/// The byte layout of a struct whose fields are all fixed-size numbers (`(iiu)`, `(dd)`, ...):
/// every element of an array of such structs looks the same, so `Message.parse` can validate
/// the array by checking padding bytes instead of walking each field.
struct FixedStructLayout {
    /// Bytes from the start of one element to the end of its last field.
    let size: Int
    /// Distance between element starts (structs are 8-aligned).
    let stride: Int
    /// Offsets, relative to an element's start, of padding bytes that must be zero: between
    /// fields, and after the last field up to the next element.
    let padding: [Int]

    /// Nil unless every field is a fixed-size number. Booleans (must be 0 or 1) and fds (must
    /// index a received fd) need per-value checks, so they take the general path.
    init?(_ type: DBusType) {
        guard case .structure(let fields) = type, !fields.isEmpty else { return nil }
        var offset = 0
        var padding: [Int] = []
        for field in fields {
            guard let width = field.fixedSize, field != .boolean, field != .unixFD else { return nil }
            let aligned = (offset + width - 1) & ~(width - 1)
            padding += offset..<aligned
            offset = aligned + width
        }
        size = offset
        stride = (offset + 7) & ~7
        padding += size..<stride
        self.padding = padding
    }
}

extension DBusDecoder {
    /// Validates an array of fixed-layout structs; the cursor is at its length. Returns false,
    /// with the decoder unchanged, when anything is off, so the general path reports the
    /// precise error.
    mutating func validateFixedStructArray(_ layout: FixedStructLayout) -> Bool {
        let saved = self
        guard let length = try? readArrayLength(elementAlignment: 8),
              (try? enterContainer(array: true, structure: true)) != nil,
              length == 0 || (length + layout.stride - layout.size) % layout.stride == 0
        else {
            self = saved
            return false
        }
        let start = cursor
        let count = length == 0 ? 0 : (length + layout.stride - layout.size) / layout.stride
        let clean = storage.withUnsafeBytes { raw in
            for element in 0..<count {
                let base = start + element * layout.stride
                for offset in layout.padding where element < count - 1 || offset < layout.size {
                    if raw[base + offset] != 0 { return false }
                }
            }
            return true
        }
        guard clean else {
            self = saved
            return false
        }
        arrayDepth -= 1
        structDepth -= 1
        cursor = start + length
        return true
    }
}
