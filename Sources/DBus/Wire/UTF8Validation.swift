/// Checks the rules the D-Bus specification sets for string contents: valid UTF-8 (RFC 3629: no
/// overlong forms, no surrogates, nothing above U+10FFFF) and no NUL byte.
@usableFromInline
enum UTF8Validation {
    @usableFromInline
    enum Failure: Sendable {
        case invalid(at: Int)
        case nul(at: Int)
    }

    /// Returns nil when `bytes` is an acceptable D-Bus string, else the first problem.
    @usableFromInline
    static func check(_ bytes: UnsafeRawBufferPointer) -> Failure? {
        let count = bytes.count
        var i = 0
        while i < count {
            // ASCII fast path: eight bytes at a time while none has the high bit set or is zero.
            if count - i >= 8 {
                let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let highBits: UInt64 = 0x8080_8080_8080_8080
                let hasZeroByte = (word &- 0x0101_0101_0101_0101) & ~word & highBits
                if word & highBits == 0 && hasZeroByte == 0 {
                    i += 8
                    continue
                }
            }
            let lead = bytes[i]
            if lead < 0x80 {
                if lead == 0 { return .nul(at: i) }
                i += 1
                continue
            }
            // Second-byte bounds depend on the lead byte (RFC 3629 section 4).
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return .invalid(at: i)
            }
            guard count - i >= length else { return .invalid(at: i) }
            let second = bytes[i + 1]
            guard second >= low && second <= high else { return .invalid(at: i) }
            var k = 2
            while k < length {
                guard bytes[i + k] & 0xC0 == 0x80 else { return .invalid(at: i) }
                k += 1
            }
            i += length
        }
        return nil
    }
}
