/// The generator's name mapping, in one place so `swift-name-collision` predicts exactly what
/// DBusGeneratorCore emits: D-Bus `UpperCamel` members and `snake_case` arguments become Swift
/// `lowerCamel` identifiers, keeping acronyms intact.
///
///     SetUIInfo -> setUIInfo    UUID -> uuid          ConsoleIDs -> consoleIDs
///     ScanoutDMABUF -> scanoutDMABUF    width_mm -> widthMM    y0_top -> y0Top
public enum SwiftName {
    /// Words written in capitals when they follow another word in a snake_case name (`width_mm`).
    /// A trailing `s` plural keeps its case (`ids` -> `IDs`).
    public static let acronyms: Set<String> = ["id", "uuid", "fd", "mm", "ui", "url", "uri", "vm", "gl", "os", "io", "dmabuf", "vnc", "dbus"]

    /// The Swift identifier for a D-Bus member or argument name (before keyword escaping).
    public static func lowerCamel(_ name: String) -> String {
        let words = name.split(separator: "_", omittingEmptySubsequences: true).map(String.init)
        guard let first = words.first else { return name }
        var result = lowercasedLeadingWord(first)
        for word in words.dropFirst() {
            result += capitalized(word)
        }
        return result
    }

    /// Lower-cases the leading run of capitals, leaving the capital that starts the next word:
    /// `UIInfo` -> `uiInfo`, `UUID` -> `uuid`, `Console` -> `console`, `IDs` -> `ids`.
    private static func lowercasedLeadingWord(_ word: String) -> String {
        let characters = Array(word)
        var upperRun = 0
        while upperRun < characters.count, characters[upperRun].isUppercase { upperRun += 1 }
        if upperRun == 0 { return word }
        // A run followed by a lower-case letter gives its last capital to the next word (UIInfo),
        // except a plural 's' that ends the word (IDs).
        var lowered = upperRun
        if upperRun > 1, upperRun < characters.count, characters[upperRun].isLowercase,
           !(characters[upperRun] == "s" && upperRun + 1 == characters.count) {
            lowered = upperRun - 1
        }
        return String(characters[..<lowered]).lowercased() + String(characters[lowered...])
    }

    private static func capitalized(_ word: String) -> String {
        let lower = word.lowercased()
        if acronyms.contains(lower) { return lower.uppercased() }
        if lower.hasSuffix("s"), acronyms.contains(String(lower.dropLast())) { return lower.dropLast().uppercased() + "s" }
        return word.prefix(1).uppercased() + word.dropFirst()
    }
}
