/// The byte order of a D-Bus message, named by the message's first byte ('l' or 'B').
public enum Endianness: UInt8, Hashable, Sendable, CustomStringConvertible {
    case little = 0x6C  // 'l'
    case big = 0x42  // 'B'

    /// The byte order of this machine; the runtime writes messages in it.
    public static var native: Endianness {
        #if _endian(little)
        .little
        #else
        .big
        #endif
    }

    public var description: String { self == .little ? "little-endian" : "big-endian" }
}
