/// QEMU key codes ("qnum": PC scan code set 1, extended keys as 0x80 | code), the numbers
/// `org.qemu.Display1.Keyboard.Press` and `Release` take.
public struct QEMUKeyCode: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let escape = QEMUKeyCode(rawValue: 1)
    public static let backspace = QEMUKeyCode(rawValue: 14)
    public static let tab = QEMUKeyCode(rawValue: 15)
    public static let enter = QEMUKeyCode(rawValue: 28)
    public static let leftControl = QEMUKeyCode(rawValue: 29)
    public static let leftShift = QEMUKeyCode(rawValue: 42)
    public static let rightShift = QEMUKeyCode(rawValue: 54)
    public static let leftAlt = QEMUKeyCode(rawValue: 56)
    public static let space = QEMUKeyCode(rawValue: 57)
    public static let capsLock = QEMUKeyCode(rawValue: 58)
    public static let numLock = QEMUKeyCode(rawValue: 69)
    public static let scrollLock = QEMUKeyCode(rawValue: 70)
    public static let up = QEMUKeyCode(rawValue: 0xC8)
    public static let down = QEMUKeyCode(rawValue: 0xD0)
    public static let left = QEMUKeyCode(rawValue: 0xCB)
    public static let right = QEMUKeyCode(rawValue: 0xCD)

    /// Function key F1 ... F12.
    public static func function(_ number: Int) -> QEMUKeyCode? {
        switch number {
        case 1...10: QEMUKeyCode(rawValue: UInt32(58 + number))
        case 11: QEMUKeyCode(rawValue: 87)
        case 12: QEMUKeyCode(rawValue: 88)
        default: nil
        }
    }

    /// The key, and whether Shift must be held, that types `character` on a US keyboard layout;
    /// nil for characters that layout cannot type.
    public static func usLayout(_ character: Character) -> (key: QEMUKeyCode, shift: Bool)? {
        if let code = unshifted[character] { return (QEMUKeyCode(rawValue: code), false) }
        if let code = shifted[character] { return (QEMUKeyCode(rawValue: code), true) }
        return nil
    }

    private static let rows: [(UInt32, String, String)] = [
        (2, "1234567890-=", "!@#$%^&*()_+"),
        (16, "qwertyuiop[]", "QWERTYUIOP{}"),
        (30, "asdfghjkl;'`", "ASDFGHJKL:\"~"),
        (43, "\\zxcvbnm,./", "|ZXCVBNM<>?"),
    ]

    private static let unshifted: [Character: UInt32] = {
        var map: [Character: UInt32] = [" ": 57, "\n": 28, "\t": 15]
        for (first, plain, _) in rows {
            for (offset, character) in plain.enumerated() { map[character] = first + UInt32(offset) }
        }
        return map
    }()

    private static let shifted: [Character: UInt32] = {
        var map: [Character: UInt32] = [:]
        for (first, _, withShift) in rows {
            for (offset, character) in withShift.enumerated() { map[character] = first + UInt32(offset) }
        }
        return map
    }()
}
