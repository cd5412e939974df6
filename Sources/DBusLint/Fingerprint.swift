/// A stable, platform-independent hash for finding fingerprints (64-bit FNV-1a, twice with
/// different offsets for 128 bits). Not cryptographic: it only has to tell findings apart.
enum Fingerprint {
    static func hex(_ text: String) -> String {
        hash(text, offset: 0xcbf2_9ce4_8422_2325) + hash(text, offset: 0x8422_2325_cbf2_9ce4)
    }

    private static func hash(_ text: String, offset: UInt64) -> String {
        var value = offset
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01b3
        }
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
