import ArgumentParser
import QEMUDBus

struct Key: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Press and release named keys, in order (e.g. esc, enter, capslock, f12, up).",
        discussion: "Names: \(Key.names.keys.sorted().joined(separator: ", ")), f1 ... f12, or a number for a raw QEMU key code.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var console: ConsoleOption

    @Argument(help: "Key names or QEMU key codes.")
    var keys: [String]

    static let names: [String: QEMUKeyCode] = [
        "esc": .escape, "backspace": .backspace, "tab": .tab, "enter": .enter, "space": .space,
        "ctrl": .leftControl, "shift": .leftShift, "alt": .leftAlt, "capslock": .capsLock,
        "numlock": .numLock, "scrolllock": .scrollLock, "up": .up, "down": .down, "left": .left, "right": .right,
    ]

    static func code(for name: String) -> QEMUKeyCode? {
        let lowered = name.lowercased()
        if let key = names[lowered] { return key }
        if lowered.hasPrefix("f"), let number = Int(lowered.dropFirst()) { return QEMUKeyCode.function(number) }
        if let raw = UInt32(lowered), raw > 0, raw < 0x100 { return QEMUKeyCode(rawValue: raw) }
        return nil
    }

    func validate() throws {
        if keys.isEmpty { throw ValidationError("name at least one key") }
        if let bad = keys.first(where: { Self.code(for: $0) == nil }) {
            throw ValidationError("unknown key '\(bad)'; see 'qemu-display key --help' for the names")
        }
    }

    func run() async throws {
        let target = try await connection.virtualMachine().console(console.console)
        for name in keys {
            guard let key = Self.code(for: name) else { continue }
            try await target.tap(key)
        }
    }
}
